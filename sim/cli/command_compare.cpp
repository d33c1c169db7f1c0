// `asmsim compare`: the scenarios of an experiment file under common random numbers, one HDF5
// file with a scenario dimension, and a table of differences from the reference with intervals.

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>
#include <mutex>

#include "cli/commands.hpp"
#include "cli/resources.hpp"
#include "core/input_error.hpp"
#include "experiment/comparison.hpp"
#include "experiment/cost_benefit.hpp"
#include "experiment/experiment.hpp"
#include "experiment/group_effects.hpp"
#include "experiment/replicates.hpp"
#include "experiment/statistics.hpp"
#include "experiment/uncertainty.hpp"
#include "core/version.hpp"
#include "experiment/assembly.hpp"
#include "interventions/registry.hpp"
#include "io/atomic_output.hpp"
#include "io/experiment_file.hpp"
#include "io/uncertainty_file.hpp"

namespace asmsim::cli {

namespace {

struct CompareOptions {
    std::string experiment;
    std::string output;
    int replicates = 0;  // 0: the experiment file's
    int threads = 0;     // 0: all hardware threads
    std::int64_t seed = -1;
    bool overwrite = false;
    bool quiet = false;
    std::string rank_by = "poverty_headcount";
    std::string format = "text";  // the summary table: text, markdown or csv
    std::vector<std::string> overrides;  // --set key=value, applied to every scenario
    double max_memory_gb = 0;            // 0: what the system has available
    std::string by;  // --by: print the subgroup (a grouping) or quantile effects
    // Decisions under parameter uncertainty (docs/calibration.md): parameter draws from a
    // calibration file's posterior or from a calibration config's priors.
    std::string posterior, prior;
    int draws = 20;
    bool other_version = false;  // accept a posterior written by another asmsim version
};

// Replicates per draw of compare --posterior/--prior without --replicates: the draws carry most of
// the uncertainty, and draws x scenarios x replicates runs add up.
constexpr int default_uncertainty_replicates = 4;

// The outcomes compared, each as its mean over the last 12 months of a run.
const char* const key_outcomes[] = {"poverty_headcount",
                                    "poverty_headcount_female_head",
                                    "mean_income_usd_per_capita",
                                    "mean_income_usd_per_capita_female_head",
                                    "formal_share",
                                    "n_miners",
                                    "mercury_released_kg",
                                    "land_degraded_total_ha",
                                    "fiscal_revenue_usd"};

// Which way each rankable quantity is better: +1 up, -1 down (n_miners: fewer people exposed to
// mining's hazards ranks first, as in the framework's aims).
int better_direction(const std::string& outcome) {
    for (const char* down : {"poverty_headcount", "poverty_headcount_female_head", "n_miners", "mercury_released_kg",
                             "land_degraded_total_ha"})
        if (outcome == down) return -1;
    return +1;
}

double last_year_mean(const Results& results, int output) {
    const int window = std::min(12, results.months());
    return results.values().col(output).tail(window).mean();
}
double run_total(const Results& results, const std::string& output) {
    return results.values().col(results.find(output)).sum();
}

// What one replicate contributes to the cost-effectiveness of its scenario.
struct CostSample {
    double cost_usd = 0.0;
    std::vector<double> cost_by_intervention_usd;
    double poor_households = 0.0;  // mean of the last 12 months
    double mercury_kg = 0.0;       // whole run
};

// Cost and cost-effectiveness of scenario samples `s` against the reference's `ref`, replicate by replicate.
CostEffectiveness cost_effectiveness(const std::vector<CostSample>& s, const std::vector<CostSample>& ref) {
    CostEffectiveness c;
    std::vector<double> cost, lifted, avoided;
    for (std::size_t r = 0; r < s.size(); ++r) {
        cost.push_back(s[r].cost_usd);
        lifted.push_back(ref[r].poor_households - s[r].poor_households);
        avoided.push_back(ref[r].mercury_kg - s[r].mercury_kg);
    }
    c.cost_usd = mean_ci95(cost);
    c.households_lifted = mean_ci95(lifted);
    c.mercury_avoided_kg = mean_ci95(avoided);
    c.usd_per_household_lifted = ratio_of_means(cost, lifted);
    c.usd_per_kg_mercury_avoided = ratio_of_means(cost, avoided);
    c.cost_by_intervention_usd.assign(s.front().cost_by_intervention_usd.size(), 0.0);
    for (const CostSample& sample : s)
        for (std::size_t j = 0; j < sample.cost_by_intervention_usd.size(); ++j)
            c.cost_by_intervention_usd[j] += sample.cost_by_intervention_usd[j] / static_cast<double>(s.size());
    return c;
}

// The monthly series of one replicate (an output, or the product of two: per capita x persons).
std::vector<double> series(const Results& results, const std::string& output) {
    const auto column = results.values().col(results.find(output));
    return std::vector<double>(column.data(), column.data() + column.size());
}
std::vector<double> product(std::vector<double> a, const std::vector<double>& b) {
    for (std::size_t t = 0; t < a.size(); ++t) a[t] *= b[t];
    return a;
}

// The discounted flows of one replicate (docs/model.md 7.17, "Discounted cost-benefit").
CostBenefitSample cost_benefit_sample(const Results& results, const ParameterSet& params,
                                      const std::vector<std::string>& interventions, double rate) {
    CostBenefitSample c;
    c.cost_usd = present_value(series(results, "programme_cost_usd"), rate);
    for (const std::string& name : interventions)
        c.cost_government_usd += params.real("interventions." + name + ".government_share") *
                                 present_value(series(results, "programme_cost_" + name + "_usd"), rate);
    c.fiscal_revenue_usd = present_value(series(results, "fiscal_revenue_usd"), rate);
    const std::vector<double> persons = series(results, "n_persons");
    c.consumption_usd = present_value(product(series(results, "mean_consumption_usd_per_capita"), persons), rate);
    c.income_usd = present_value(product(series(results, "mean_income_usd_per_capita"), persons), rate);
    c.poverty_person_years = present_value(product(series(results, "poverty_headcount"), persons), rate) / 12.0;
    c.mercury_kg = present_value(series(results, "mercury_released_kg"), rate);
    return c;
}

// The summary table (issue 16.4): one line per scenario, ranked by the chosen outcome's effect
// (best first), the effect with its paired 95% interval and whether the interval excludes zero.
const char* const one_replicate_note =
    "one replicate: no interval is shown (a paired interval needs the spread of at least 2 replicates; "
    "use -r 2 or more)";

struct SummaryRow {
    std::string scenario;
    double effect = 0.0, low = 0.0, high = 0.0;
    bool has_interval = false, excludes_zero = false;
    double benefit_cost_ratio = 0.0, net_present_value_usd = 0.0;
};
struct SummaryTable {
    std::string outcome, units, statistic, reference;
    double reference_value = 0.0;
    int replicates = 0;
    std::vector<SummaryRow> rows;  // ranked, best first; the reference is not a row
};

SummaryTable summary_table(const ComparisonTable& table, const std::vector<std::string>& names, const std::string& outcome,
                           int replicates) {
    SummaryTable out;
    out.outcome = outcome;
    out.reference = names.front();
    out.replicates = replicates;
    const auto j = static_cast<std::size_t>(std::find(table.outcomes.begin(), table.outcomes.end(), outcome) - table.outcomes.begin());
    const bool is_outcome = j < table.outcomes.size();
    if (is_outcome) {
        out.units = table.units[j];
        out.statistic = "mean of the last 12 months";
        out.reference_value = table.by_scenario[0][j].scenario_mean;
    } else {
        out.units = outcome == "benefit_cost_ratio" ? "1" : "USD";
        char text[96];
        std::snprintf(text, sizeof text, "present value over the run at %.3g%%/yr", table.discount_rate_annual * 100.0);
        out.statistic = text;
        out.reference_value = 0.0;
    }
    for (std::size_t k = 1; k < names.size(); ++k) {
        SummaryRow row;
        row.scenario = names[k];
        const CostBenefit& c = table.cost_benefit[k];
        row.benefit_cost_ratio = c.benefit_cost_ratio.ratio;
        row.net_present_value_usd = c.net_present_value_usd.mean;
        if (is_outcome) {
            const Difference& d = table.by_scenario[k][j];
            row.effect = d.difference;
            row.low = d.difference - d.paired_half_width;
            row.high = d.difference + d.paired_half_width;
        } else if (outcome == "net_present_value_usd") {
            row.effect = c.net_present_value_usd.mean;
            row.low = row.effect - c.net_present_value_usd.half_width_95;
            row.high = row.effect + c.net_present_value_usd.half_width_95;
        } else {
            row.effect = c.benefit_cost_ratio.ratio;
            row.low = c.benefit_cost_ratio.low;
            row.high = c.benefit_cost_ratio.high;
        }
        row.has_interval = replicates >= 2 && std::isfinite(row.low) && std::isfinite(row.high);
        row.excludes_zero = row.has_interval && (row.low > 0.0 || row.high < 0.0);
        out.rows.push_back(row);
    }
    // Best first; scenarios without a value (NaN: no cost, for a ratio) last; ties by name.
    const int direction = better_direction(outcome);
    std::stable_sort(out.rows.begin(), out.rows.end(), [&](const SummaryRow& a, const SummaryRow& b) {
        const bool fa = std::isfinite(a.effect), fb = std::isfinite(b.effect);
        if (fa != fb) return fa;
        if (!fa || direction * a.effect == direction * b.effect) return a.scenario < b.scenario;
        return direction * a.effect > direction * b.effect;
    });
    return out;
}

std::string number(double x, const char* format = "%.4g") {
    if (!std::isfinite(x)) return "n/a";
    char text[48];
    std::snprintf(text, sizeof text, format, x);
    return text;
}
std::string interval_text(const SummaryRow& row) {
    if (!row.has_interval) return "n/a";
    return "[" + number(row.low, "%+.4g") + ", " + number(row.high, "%+.4g") + "]";
}
// Names longer than the column are cut, marked with '~' (the full names are in the file).
std::string fit(const std::string& text, std::size_t width) {
    return text.size() <= width ? text : text.substr(0, width - 1) + "~";
}

void print_text(const SummaryTable& t) {
    std::printf("Ranked by %s [%s], best first (%s)\n", t.outcome.c_str(), t.units.c_str(), t.statistic.c_str());
    std::printf("Effect = scenario - '%s' (%s there)\n", fit(t.reference, 40).c_str(), number(t.reference_value).c_str());
    if (t.replicates >= 2)
        std::printf("Paired 95%% interval over %d replicates; * = the interval excludes zero; BCR and NPV: 7.17\n",
                    t.replicates);
    else
        std::printf("Note: %s\n", one_replicate_note);
    std::printf("%3s  %-24s %11s  %-24s %1s %8s %12s\n", "#", "scenario", "effect", "95% interval", "", "BCR", "NPV USD");
    int rank = 0;
    for (const SummaryRow& r : t.rows)
        std::printf("%3d  %-24s %11s  %-24s %1s %8s %12s\n", ++rank, fit(r.scenario, 24).c_str(),
                    number(r.effect, "%+.4g").c_str(), interval_text(r).c_str(), r.excludes_zero ? "*" : "",
                    number(r.benefit_cost_ratio, "%.3g").c_str(), number(r.net_present_value_usd, "%.4g").c_str());
}

std::string summary_markdown(const SummaryTable& t) {
    std::string out = "Ranked by `" + t.outcome + "` [" + t.units + "], " + t.statistic + "; effect = scenario - `" +
                      t.reference + "` (" + number(t.reference_value) + ").\n";
    out += t.replicates >= 2 ? "Paired 95% interval over " + std::to_string(t.replicates) +
                                   " replicates; * = the interval excludes zero.\n\n"
                             : std::string("Note: ") + one_replicate_note + ".\n\n";
    out += "| rank | scenario | effect | 95% interval | excludes zero | BCR | NPV USD |\n";
    out += "|---:|---|---:|---|:---:|---:|---:|\n";
    int rank = 0;
    for (const SummaryRow& r : t.rows)
        out += "| " + std::to_string(++rank) + " | " + r.scenario + " | " + number(r.effect, "%+.4g") + " | " +
               interval_text(r) + " | " + (r.excludes_zero ? "*" : "") + " | " + number(r.benefit_cost_ratio, "%.3g") +
               " | " + number(r.net_present_value_usd, "%.4g") + " |\n";
    return out;
}

std::string summary_csv(const SummaryTable& t) {
    // Full precision; empty cells where there is no value (no interval with one replicate).
    auto cell = [](double x, bool present = true) { return present && std::isfinite(x) ? number(x, "%.17g") : std::string(); };
    std::string out = "rank,scenario,outcome,units,effect,ci_low,ci_high,excludes_zero,benefit_cost_ratio,npv_usd\n";
    int rank = 0;
    for (const SummaryRow& r : t.rows)
        out += std::to_string(++rank) + "," + r.scenario + "," + t.outcome + "," + t.units + "," + cell(r.effect) + "," +
               cell(r.low, r.has_interval) + "," + cell(r.high, r.has_interval) + "," +
               (r.has_interval ? (r.excludes_zero ? "true" : "false") : "") + "," + cell(r.benefit_cost_ratio) + "," +
               cell(r.net_present_value_usd) + "\n";
    return out;
}

// Discounted cost-benefit, means over replicates (the intervals are in /comparison), in the table's order.
void print_cost_benefit_text(const ComparisonTable& table, const std::vector<std::string>& names, const SummaryTable& t) {
    std::printf("\nCost-benefit against '%s', present values at %.3g%%/yr over the run (docs/model.md 7.17)\n",
                names.front().c_str(), table.discount_rate_annual * 100.0);
    std::printf("%-24s %10s %6s %11s %11s %6s %11s %11s\n", "scenario", "cost USD", "gov", "net fiscal", "consumption",
                "BCR", "USD/pov-yr", "USD/kg Hg");
    for (const SummaryRow& r : t.rows) {
        const auto k = static_cast<std::size_t>(std::find(names.begin(), names.end(), r.scenario) - names.begin());
        const CostBenefit& c = table.cost_benefit[k];
        const double gov = c.cost_usd.mean > 0.0 ? c.cost_government_usd.mean / c.cost_usd.mean : std::nan("");
        std::printf("%-24s %10s %6s %11s %11s %6s %11s %11s\n", fit(r.scenario, 24).c_str(),
                    number(c.cost_usd.mean, "%.4g").c_str(), number(gov, "%.2f").c_str(),
                    number(c.net_fiscal_cost_usd.mean, "%.4g").c_str(), number(c.consumption_benefit_usd.mean, "%+.4g").c_str(),
                    number(c.benefit_cost_ratio.ratio, "%.3g").c_str(), number(c.usd_per_poverty_year_avoided.ratio, "%.4g").c_str(),
                    number(c.usd_per_kg_mercury_avoided.ratio, "%.4g").c_str());
    }
    std::printf("(cost: implementer and government, 'gov' the government's share; net fiscal: cost - change in\n"
                " fiscal revenue; consumption: change in households' consumption; BCR = consumption / cost;\n"
                " paired intervals of each: /comparison in the file)\n");
}

// Subgroup effects of one grouping (or the quantile effects), in text, after the summary (issue 16.2).
std::string effect_text(const MeanInterval& m, int replicates) {
    if (!std::isfinite(m.mean)) return "n/a";
    return number(m.mean, "%+.3g") + (replicates >= 2 ? " [" + number(m.mean - m.half_width_95, "%+.3g") + ", " +
                                                            number(m.mean + m.half_width_95, "%+.3g") + "]"
                                                      : "");
}
void print_group_effects(const GroupTable& table, const std::vector<std::string>& names, const std::string& by,
                         int replicates) {
    const GroupScheme& scheme = table.scheme;
    if (by == "quantile") {
        std::printf("\nQuantile effects: deciles of households' per-capita income and consumption (USD/person/month, "
                    "mean of the last 12 months),\nscenario minus '%s'%s\n",
                    names.front().c_str(), replicates >= 2 ? ", paired 95% interval over replicates" : "");
        std::printf("%-24s %6s %10s  %-26s %10s  %-26s\n", "scenario", "decile", "income", "effect", "consumption", "effect");
        for (std::size_t k = 1; k < names.size(); ++k)
            for (std::size_t p = 0; p < decile_levels.size(); ++p) {
                const Difference& i = table.by_scenario[k].quantile_effect[p][0];
                const Difference& c = table.by_scenario[k].quantile_effect[p][1];
                const auto text = [&](const Difference& d) {
                    return effect_text(MeanInterval{d.difference, d.paired_half_width, replicates}, replicates);
                };
                std::printf("%-24s %6.0f %10s  %-26s %10s  %-26s\n", fit(names[k], 24).c_str(), decile_levels[p] * 100.0,
                            number(i.reference_mean, "%.4g").c_str(), text(i).c_str(), number(c.reference_mean, "%.4g").c_str(),
                            text(c).c_str());
            }
        return;
    }
    std::printf("\nEffects by %s at baseline: households' means of the last 12 months, scenario minus '%s'%s;\n"
                "gain/lose: share of households whose income per person is higher/lower (tolerance 1e-9 relative)\n",
                by.c_str(), names.front().c_str(), replicates >= 2 ? ", paired 95% interval over replicates" : "");
    std::printf("%-22s %-22s %7s  %-24s %-24s %-30s %5s %5s\n", "scenario", "group", "hh", "income USD/person/mo",
                "consumption USD/p/mo", "poor (share)", "gain", "lose");
    for (std::size_t k = 1; k < names.size(); ++k)
        for (std::size_t g = 0; g < scheme.size(); ++g) {
            if (scheme.grouping[g] != by) continue;
            const GroupEffects& e = table.by_scenario[k];
            std::printf("%-22s %-22s %7.1f  %-24s %-24s %-30s %5s %5s\n", fit(names[k], 22).c_str(),
                        fit(scheme.labels[g], 22).c_str(), table.households[g],
                        effect_text(e.effect[g][panel_income], replicates).c_str(),
                        effect_text(e.effect[g][panel_consumption], replicates).c_str(),
                        effect_text(e.effect[g][panel_poor], replicates).c_str(),
                        number(e.share_higher[g][panel_income].mean, "%.2f").c_str(),
                        number(e.share_lower[g][panel_income].mean, "%.2f").c_str());
        }
}

// The experiment's scenarios, prepared with --set and the reference's seed and stream group.
struct PreparedExperiment {
    ExperimentSpec spec;
    std::vector<PreparedScenario> scenarios;  // the reference first
    std::uint64_t seed = 0;
    std::string group;
};

PreparedExperiment prepare_experiment(const CompareOptions& o) {
    PreparedExperiment out{load_experiment(o.experiment), {}, 0, ""};
    const ExperimentSpec& spec = out.spec;
    std::vector<PreparedScenario>& scenarios = out.scenarios;
    // --set applies to every scenario, after its own file. The reference then decides the seed and
    // stream group; every scenario is run with both.
    std::vector<std::string> common = o.overrides;
    if (o.seed >= 0) common.push_back("random.seed=" + std::to_string(o.seed));
    // An error in a listed scenario names the experiment file that lists it, too.
    const auto prepare_listed = [&](const std::string& scenario, const std::vector<std::string>& sets) {
        try {
            return prepare_scenario(scenario, sets);
        } catch (const InputError& e) {
            if (e.where().file.rfind("--set", 0) == 0) throw;
            throw InputError(e.where(), e.key(), e.message() + "; listed in " + o.experiment, e.hint());
        }
    };
    scenarios.push_back(prepare_listed(spec.scenarios.front(), common));
    const ParameterSet& reference = *scenarios.front().scenario.params;
    out.seed = static_cast<std::uint64_t>(reference.integer("random.seed"));
    out.group = reference.text("random.stream_group");
    common = o.overrides;
    common.push_back("random.seed=" + std::to_string(out.seed));
    common.push_back("random.stream_group=" + out.group);
    for (std::size_t k = 1; k < spec.scenarios.size(); ++k) {
        scenarios.push_back(prepare_listed(spec.scenarios[k], common));
        const ParameterSet& p = *scenarios.back().scenario.params;
        // Same months, and the same households so that household row h pairs across scenarios.
        for (const char* key : {"simulation.months", "simulation.start", "simulation.households", "outputs.panel_months",
                                "outputs.panel_households"})
            if (p.get(key) != reference.get(key))
                throw InputError({spec.scenarios[k], 0, 0}, key,
                                 "differs from the reference scenario " + spec.scenarios.front(),
                                 "compared scenarios must cover the same months and households, with the same panel");
    }
    return out;
}

// Scenario names as the files store them: each scenario's own, made unique.
std::vector<std::string> unique_scenario_names(const std::vector<PreparedScenario>& scenarios) {
    std::vector<std::string> names;
    for (const auto& s : scenarios) {
        std::string name = s.scenario.name;
        while (std::find(names.begin(), names.end(), name) != names.end()) name += "_" + std::to_string(names.size());
        names.push_back(name);
    }
    return names;
}

int compare(const CompareOptions& o, const std::string& command_line) {
    const PreparedExperiment prepared = prepare_experiment(o);
    const ExperimentSpec& spec = prepared.spec;
    const std::vector<PreparedScenario>& scenarios = prepared.scenarios;
    const int replicates = o.replicates > 0 ? o.replicates : spec.replicates;
    const ParameterSet& reference = *scenarios.front().scenario.params;
    const std::uint64_t seed = prepared.seed;
    const std::string& group = prepared.group;

    ExperimentMetadata metadata;
    metadata.name = spec.name;
    metadata.description = spec.description;
    metadata.experiment_toml = spec.toml;
    metadata.command_line = command_line;
    metadata.stream_group = group;
    metadata.seed = seed;
    metadata.replicates = replicates;
    metadata.months = static_cast<int>(reference.integer("simulation.months"));
    metadata.start = scenarios.front().inputs->start;
    metadata.scenario_names = unique_scenario_names(scenarios);
    for (const auto& s : scenarios) metadata.scenario_tomls.push_back(s.scenario.to_toml());

    ReplicateOptions options;
    options.seed = seed;
    options.replicates = replicates;
    options.threads = o.threads > 0 ? o.threads : hardware_threads();
    options.household_statistics = true;  // subgroup and quantile effects (issue 16.2)
    // Refused before any work when it cannot fit: the largest scenario's simulations in flight
    // (scenarios run one after another) with each household's statistics (about 100 bytes per
    // household, replicate and thread), every run's monthly series and household panels.
    double households = 0.0;
    for (const auto& s : scenarios) households = std::max(households, static_cast<double>(s.scenario.params->integer("simulation.households")));
    const int in_flight = std::min(options.threads, replicates);
    require_memory(o.experiment, "the comparison (" + std::to_string(in_flight) + " simulations of up to " +
                                     std::to_string(static_cast<long long>(households)) + " households in flight)",
                   simulations_memory_bytes(in_flight, households) + 100.0 * households * (replicates + in_flight),
                   o.max_memory_gb, "use fewer --threads or fewer households");
    const double runs = static_cast<double>(scenarios.size()) * replicates;
    require_disk_space(o.output, runs * (metadata.months * monthly_outputs_per_run * series_bytes_per_value +
                                         panel_bytes_per_run(reference)));

    AtomicOutput output(o.output, o.overwrite);
    ExperimentFileWriter writer(output.partial_path(), metadata);

    // statistic[k][outcome][replicate]
    const std::size_t n_outcomes = std::size(key_outcomes);
    std::vector<std::vector<std::vector<double>>> statistic(
        scenarios.size(), std::vector<std::vector<double>>(n_outcomes, std::vector<double>(static_cast<std::size_t>(replicates))));
    std::vector<std::string> units(n_outcomes);
    std::vector<std::string> intervention_names;
    for (const InterventionKind& kind : intervention_kinds()) intervention_names.push_back(kind.name);
    std::vector<std::vector<CostSample>> costs(scenarios.size(), std::vector<CostSample>(static_cast<std::size_t>(replicates)));
    std::vector<std::vector<CostBenefitSample>> benefits(scenarios.size(),
                                                         std::vector<CostBenefitSample>(static_cast<std::size_t>(replicates)));
    const double discount_rate = reference.real("economy.discount_rate_annual");
    // Subgroup effects: the reference's household statistics and baseline per replicate, then
    // each scenario's replicate against them (the reference runs first).
    const GroupScheme scheme = group_scheme(static_cast<int>(reference.integer("simulation.sites")));
    std::vector<Eigen::ArrayXXd> reference_households(static_cast<std::size_t>(replicates));
    std::vector<HouseholdBaseline> reference_baseline(static_cast<std::size_t>(replicates));
    std::vector<std::vector<GroupSample>> group_samples(scenarios.size(), std::vector<GroupSample>(static_cast<std::size_t>(replicates)));
    std::mutex mutex;
    const auto started = std::chrono::steady_clock::now();
    for (std::size_t k = 0; k < scenarios.size(); ++k) {
        try {
            run_replicates(scenarios[k], options, [&](int r, const Simulation& simulation) {
                writer.write_run(static_cast<int>(k), r, simulation.results());
                writer.write_panel(static_cast<int>(k), r, simulation.households_record());
                // Outside the lock: the reference's entries were written before this scenario started.
                const HouseholdRecorder& record = simulation.households_record();
                const auto rr = static_cast<std::size_t>(r);
                GroupSample sample =
                    k == 0 ? group_sample(scheme, record.baseline(), record.last_year(), record.last_year())
                           : group_sample(scheme, reference_baseline[rr], record.last_year(), reference_households[rr]);
                std::lock_guard<std::mutex> lock(mutex);
                if (k == 0) {
                    reference_households[rr] = record.last_year();
                    reference_baseline[rr] = record.baseline();
                }
                group_samples[k][rr] = std::move(sample);
                for (std::size_t j = 0; j < n_outcomes; ++j) {
                    const int output_index = simulation.results().find(key_outcomes[j]);
                    statistic[k][j][static_cast<std::size_t>(r)] = last_year_mean(simulation.results(), output_index);
                    units[j] = simulation.results().specs()[static_cast<std::size_t>(output_index)].units;
                }
                const Results& results = simulation.results();
                CostSample& cost = costs[k][static_cast<std::size_t>(r)];
                cost.cost_usd = run_total(results, "programme_cost_usd");
                for (const std::string& name : intervention_names)
                    cost.cost_by_intervention_usd.push_back(run_total(results, "programme_cost_" + name + "_usd"));
                cost.poor_households = last_year_mean(results, results.find("n_poor_households"));
                cost.mercury_kg = run_total(results, "mercury_released_kg");
                benefits[k][static_cast<std::size_t>(r)] =
                    cost_benefit_sample(results, *scenarios[k].scenario.params, intervention_names, discount_rate);
            });
        } catch (const InputError& e) {
            scenarios[k].scenario.rethrow_located(e);
        }
        if (!o.quiet) {
            const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
            std::fprintf(stderr, "asmsim: %zu/%zu scenarios done (%s), %.1f s elapsed\n", k + 1, scenarios.size(),
                         metadata.scenario_names[k].c_str(), seconds);
        }
    }

    ComparisonTable table;
    table.statistic = "mean over the last 12 months of each run";
    for (std::size_t j = 0; j < n_outcomes; ++j) table.outcomes.push_back(key_outcomes[j]);
    table.units = units;
    for (std::size_t k = 0; k < scenarios.size(); ++k) {
        table.by_scenario.emplace_back();
        for (std::size_t j = 0; j < n_outcomes; ++j)
            table.by_scenario.back().push_back(compare_paired(statistic[k][j], statistic[0][j]));
    }
    table.interventions = intervention_names;
    for (std::size_t k = 0; k < scenarios.size(); ++k) table.costs.push_back(cost_effectiveness(costs[k], costs[0]));
    table.discount_rate_annual = discount_rate;
    for (std::size_t k = 0; k < scenarios.size(); ++k) table.cost_benefit.push_back(cost_benefit(benefits[k], benefits[0]));
    table.groups.scheme = scheme;
    table.groups.households.assign(scheme.size(), 0.0);
    for (const GroupSample& g : group_samples[0])
        for (std::size_t j = 0; j < scheme.size(); ++j) table.groups.households[j] += g.households[j] / replicates;
    for (std::size_t k = 0; k < scenarios.size(); ++k) table.groups.by_scenario.push_back(group_effects(group_samples[k]));
    writer.write_comparison(table);
    writer.close();
    output.commit();

    SummaryTable summary = summary_table(table, metadata.scenario_names, o.rank_by, replicates);
    if (o.format == "text") {
        if (!o.quiet) {
            std::printf("\nExperiment '%s': %zu scenarios x %d replicates under common random numbers\n",
                        spec.name.c_str(), scenarios.size(), replicates);
            print_text(summary);
            print_cost_benefit_text(table, metadata.scenario_names, summary);
            if (!o.by.empty()) print_group_effects(table.groups, metadata.scenario_names, o.by, replicates);
            std::printf("\nWrote %s\n", o.output.c_str());
        }
    } else {
        std::fputs((o.format == "csv" ? summary_csv(summary) : summary_markdown(summary)).c_str(), stdout);
        if (replicates < 2) std::fprintf(stderr, "asmsim: %s\n", one_replicate_note);
        if (!o.by.empty()) print_group_effects(table.groups, metadata.scenario_names, o.by, replicates);
        if (!o.quiet) std::fprintf(stderr, "asmsim: wrote %s\n", o.output.c_str());
    }
    return exit_ok;
}

// ---- Decisions under parameter uncertainty: compare --posterior / --prior ----------------------

// The parameter sets to run: row-major draws x parameters, with where each came from.
struct ParameterDraws {
    std::vector<std::string> names, units;
    std::vector<double> values;
    std::vector<std::int64_t> particle;  // the posterior particle of each draw; -1 from the priors
};

std::string real_text(double x) {
    char text[40];
    std::snprintf(text, sizeof text, "%.10g", x);
    return text;
}

ParameterDraws posterior_parameter_draws(const CompareOptions& o, std::uint64_t seed) {
    const PosteriorSample p = read_posterior(o.posterior);
    if (p.asmsim_version != asmsim_version() && !o.other_version)
        throw InputError({o.posterior, 0, 0}, "/metadata@asmsim_version",
                         "written by asmsim " + (p.asmsim_version.empty() ? std::string("(unknown version)") : p.asmsim_version) +
                             ", this is asmsim " + asmsim_version() + ": the model may have changed since the calibration",
                         "rerun asmsim calibrate with this asmsim, or pass --other-version to use the posterior anyway");
    const ParameterSchema& schema = model_schema();
    const std::size_t D = p.names.size(), N = p.weight.size();
    std::vector<const ParamSpec*> specs;
    for (std::size_t j = 0; j < D; ++j) {
        const std::string key = "/posterior/parameter[" + std::to_string(j) + "]";
        const ParamSpec* spec = schema.find(p.names[j]);
        if (!spec) {
            const auto near = schema.nearest(p.names[j]);
            throw InputError({o.posterior, 0, 0}, key, "'" + p.names[j] + "' is not a parameter of this model",
                             near.empty() ? "run 'asmsim params' to list them" : "did you mean '" + near.front() + "'?");
        }
        if (spec->type != ParamType::real)
            throw InputError({o.posterior, 0, 0}, key, "'" + p.names[j] + "' is not a real parameter", "only real parameters are calibrated");
        specs.push_back(spec);
    }
    for (std::size_t i = 0; i < N; ++i)
        for (std::size_t j = 0; j < D; ++j)
            if (const auto problem = ParameterSchema::check(*specs[j], ParamValue{p.sample[i * D + j]}))
                throw InputError({o.posterior, 0, 0}, "/posterior/sample[" + std::to_string(i) + ", " + std::to_string(j) + "]",
                                 p.names[j] + " = " + real_text(p.sample[i * D + j]) + ": " + *problem,
                                 "the valid range is " + specs[j]->range_text());
    std::vector<std::size_t> chosen;
    try {
        chosen = resample_particles(p.weight, seed, o.draws);
    } catch (const std::invalid_argument& e) {
        throw InputError({o.posterior, 0, 0}, "/posterior/weight", e.what(), "weights must be non-negative with a positive sum");
    }
    ParameterDraws out{p.names, p.units, {}, {}};
    for (std::size_t d = 0; d < chosen.size(); ++d) {
        out.values.insert(out.values.end(), p.sample.begin() + static_cast<std::ptrdiff_t>(chosen[d] * D),
                          p.sample.begin() + static_cast<std::ptrdiff_t>((chosen[d] + 1) * D));
        out.particle.push_back(static_cast<std::int64_t>(chosen[d]));
    }
    return out;
}

ParameterDraws prior_parameter_draws(const CompareOptions& o, std::uint64_t seed) {
    const CalibrationPriors c = load_calibration_priors(o.prior);
    ParameterDraws out{c.names, c.units, prior_draws(c.priors, seed, o.draws), {}};
    out.particle.assign(static_cast<std::size_t>(o.draws), -1);
    return out;
}

// What one replicate of one scenario in one draw contributes.
struct DrawSample {
    std::vector<double> outcome;  // key_outcomes, mean of the last 12 months
    CostBenefitSample benefit;
};

std::vector<double> draw_column(const std::vector<double>& values, std::size_t columns, std::size_t j) {
    std::vector<double> out;
    for (std::size_t at = j; at < values.size(); at += columns) out.push_back(values[at]);
    return out;
}

// The intervention most often first; ties by the lower expected rank, then the first listed.
std::size_t likeliest_winner(const RankSummary& ranks) {
    std::size_t best = 0;
    for (std::size_t i = 1; i < ranks.first_probability.size(); ++i)
        if (ranks.first_probability[i] > ranks.first_probability[best] ||
            (ranks.first_probability[i] == ranks.first_probability[best] && ranks.expected_rank[i] < ranks.expected_rank[best]))
            best = i;
    return best;
}

const char* direction_text(int direction) { return direction > 0 ? "higher_is_better" : "lower_is_better"; }

void print_uncertainty(const UncertaintyFileInfo& f, const std::string& source) {
    const std::size_t I = f.interventions.size(), O = f.outcomes.size(), C = f.criteria.size(), P = f.parameters.size();
    std::printf("\nExperiment '%s' under parameter uncertainty: %zu scenarios x %d draws (%s) x %d replicates\n",
                f.experiment_name.c_str(), I + 1, f.draws, source.c_str(), f.replicates);
    std::printf("Effect = intervention - reference, mean over draws; combined 95%%: parameters + stochastic (law of total\n"
                "variance over draws); stochastic 95%%: replicates alone at fixed parameters (docs/calibration.md)\n");
    const auto interval = [](double lo, double hi) {
        if (!std::isfinite(lo) || !std::isfinite(hi)) return std::string("n/a");
        return "[" + number(lo, "%+.3g") + ", " + number(hi, "%+.3g") + "]";
    };
    for (std::size_t j = 0; j < O; ++j) {
        std::printf("\n%s [%s], %s\n", f.outcomes[j].c_str(), f.outcome_units[j].c_str(),
                    f.outcome_direction[j] == "higher_is_better" ? "higher is better" : "lower is better");
        std::printf("  %-26s %11s  %-24s %-24s %6s\n", "intervention", "effect", "combined 95%", "stochastic 95%", "width");
        for (std::size_t i = 0; i < I; ++i) {
            const std::size_t at = i * O + j;
            const double ratio = (f.effect_upper[at] - f.effect_lower[at]) / (f.stochastic_upper[at] - f.stochastic_lower[at]);
            std::printf("  %-26s %11s  %-24s %-24s %6s\n", fit(f.interventions[i], 26).c_str(), number(f.effect_mean[at], "%+.4g").c_str(),
                        interval(f.effect_lower[at], f.effect_upper[at]).c_str(),
                        interval(f.stochastic_lower[at], f.stochastic_upper[at]).c_str(), number(ratio, "x%.2f").c_str());
        }
    }
    std::printf("\nProbability of ranking first (expected rank in parentheses), over %d draws; criteria:\n", f.draws);
    for (std::size_t c = 0; c < C; ++c)
        std::printf("  c%-2zu %s (%s)\n", c + 1, f.criteria[c].c_str(),
                    f.criterion_direction[c] == "higher_is_better" ? "higher is better" : "lower is better");
    std::printf("  %-26s", "intervention");
    for (std::size_t c = 0; c < C; ++c) std::printf(" %11s", ("c" + std::to_string(c + 1)).c_str());
    std::printf("\n");
    for (std::size_t i = 0; i < I; ++i) {
        std::printf("  %-26s", fit(f.interventions[i], 26).c_str());
        for (std::size_t c = 0; c < C; ++c) {
            char cell[32];
            std::snprintf(cell, sizeof cell, "%.2f (%.1f)", f.rank_probability[i * C + c], f.expected_rank[i * C + c]);
            std::printf(" %11s", cell);
        }
        std::printf("\n");
    }
    std::printf("\nParameters the ranking is most sensitive to: |Spearman correlation| over draws of a parameter with\n"
                "whether the likeliest winner ranks first (0: it always or never does); with %d draws, values below\n"
                "about %.2f are within chance (two-sided 5%%)\n",
                f.draws, f.draws > 1 ? 1.96 / std::sqrt(f.draws - 1.0) : 1.0);
    std::printf("  %-36s %-26s %s\n", "criterion", "likeliest winner", "parameters, most influential first");
    for (std::size_t c = 0; c < C; ++c) {
        std::vector<std::size_t> order(P);
        for (std::size_t p = 0; p < P; ++p) order[p] = p;
        std::stable_sort(order.begin(), order.end(),
                         [&](std::size_t a, std::size_t b) { return f.sensitivity[a * C + c] > f.sensitivity[b * C + c]; });
        std::printf("  %-36s %-26s", fit(f.criteria[c], 36).c_str(), fit(f.winner[c], 26).c_str());
        for (std::size_t k = 0; k < std::min<std::size_t>(3, P); ++k)
            std::printf("  %s %.2f", f.parameters[order[k]].c_str(), f.sensitivity[order[k] * C + c]);
        std::printf("\n");
    }
}

int compare_uncertain(const CompareOptions& o, const std::string& command_line) {
    if (o.draws < 1)
        throw InputError({"--draws", 0, 0}, "--draws", "must be at least 1 (got " + std::to_string(o.draws) + ")",
                         "e.g. --draws 20");
    const PreparedExperiment prepared = prepare_experiment(o);
    const std::vector<PreparedScenario>& scenarios = prepared.scenarios;
    const int R = o.replicates > 0 ? o.replicates : default_uncertainty_replicates;
    const ParameterDraws draws =
        o.posterior.empty() ? prior_parameter_draws(o, prepared.seed) : posterior_parameter_draws(o, prepared.seed);
    const std::size_t N = static_cast<std::size_t>(o.draws), D = draws.names.size(), K = scenarios.size(),
                      O = std::size(key_outcomes);
    const std::vector<std::string> names = unique_scenario_names(scenarios);
    // A draw's value replaces the scenario's own: an intervention that sets a calibrated parameter
    // loses that change. Said, not refused: the user may mean it.
    for (std::size_t k = 1; k < K; ++k)
        for (const std::string& name : draws.names)
            if (scenarios[k].scenario.params->get(name) != scenarios[0].scenario.params->get(name))
                std::fprintf(stderr, "asmsim: warning: scenario '%s' sets %s, which every draw replaces\n", names[k].c_str(),
                             name.c_str());

    const int threads = std::max(1, std::min(o.threads > 0 ? o.threads : hardware_threads(), static_cast<int>(N) * R));
    const double households = static_cast<double>(scenarios.front().scenario.params->integer("simulation.households"));
    require_memory(o.experiment, "the comparison (" + std::to_string(threads) + " simulations of " +
                                     std::to_string(static_cast<long long>(households)) + " households in flight)",
                   simulations_memory_bytes(threads, households), o.max_memory_gb, "use fewer --threads or fewer households");
    AtomicOutput output(o.output, o.overwrite);

    // Job d * R + r: replicate r of draw d, every scenario with the streams of (seed, group,
    // d * 2^32 + r), so the scenarios share random numbers within a draw and replicate. Each job
    // writes only its own slots: the results do not depend on the thread count or order.
    const std::size_t jobs = N * static_cast<std::size_t>(R);
    std::vector<std::vector<DrawSample>> samples(jobs, std::vector<DrawSample>(K));
    std::vector<std::string> units(O);
    std::vector<std::string> intervention_names;
    for (const InterventionKind& kind : intervention_kinds()) intervention_names.push_back(kind.name);
    const double discount_rate = scenarios.front().scenario.params->real("economy.discount_rate_annual");
    std::size_t finished = 0;
    std::mutex mutex;
    const auto started = std::chrono::steady_clock::now();
    auto last_report = started;
    parallel_for(jobs, threads, [&](std::size_t job) {
        const std::size_t d = job / static_cast<std::size_t>(R), r = job % static_cast<std::size_t>(R);
        for (std::size_t k = 0; k < K; ++k) {
            auto params = std::make_shared<ParameterSet>(*scenarios[k].scenario.params);
            for (std::size_t j = 0; j < D; ++j) params->set(draws.names[j], ParamValue{draws.values[d * D + j]});
            const auto inputs = std::make_shared<const ModelInputs>(load_run_inputs(*params));
            Simulation simulation(params, inputs, StreamKey{prepared.seed, prepared.group, (std::uint64_t{d} << 32) | r});
            simulation.run();
            const Results& results = simulation.results();
            DrawSample& sample = samples[job][k];
            for (std::size_t j = 0; j < O; ++j) sample.outcome.push_back(last_year_mean(results, results.find(key_outcomes[j])));
            sample.benefit = cost_benefit_sample(results, *params, intervention_names, discount_rate);
            if (job == 0 && k == 0)
                for (std::size_t j = 0; j < O; ++j)
                    units[j] = results.specs()[static_cast<std::size_t>(results.find(key_outcomes[j]))].units;
        }
        std::lock_guard<std::mutex> lock(mutex);
        ++finished;
        const auto now = std::chrono::steady_clock::now();
        if (!o.quiet && (now - last_report > std::chrono::seconds(2) || finished == jobs)) {
            last_report = now;
            const double seconds = std::chrono::duration<double>(now - started).count();
            std::fprintf(stderr, "asmsim: %zu/%zu draw-replicates done (%zu scenarios each), %.1f s elapsed, about %.0f s left\n",
                         finished, jobs, K, seconds, seconds / static_cast<double>(finished) * static_cast<double>(jobs - finished));
        }
    });

    UncertaintyFileInfo f;
    f.experiment_name = prepared.spec.name;
    f.experiment_toml = prepared.spec.toml;
    f.command_line = command_line;
    f.stream_group = prepared.group;
    f.seed = prepared.seed;
    f.replicates = R;
    f.parameter_source = o.posterior.empty() ? "prior" : "posterior";
    f.calibration_file = o.posterior.empty() ? o.prior : o.posterior;
    for (const auto& s : scenarios) f.scenario_tomls.push_back(s.scenario.to_toml());
    f.draws = static_cast<int>(N);
    f.parameters = draws.names;
    for (const std::string& u : draws.units) f.parameter_units.push_back(u.empty() ? "1" : u);
    f.interventions.assign(names.begin() + 1, names.end());
    for (std::size_t j = 0; j < O; ++j) {
        f.outcomes.push_back(key_outcomes[j]);
        f.outcome_direction.push_back(direction_text(better_direction(key_outcomes[j])));
    }
    f.outcome_units = units;
    f.criteria = f.outcomes;
    f.criterion_units = units;
    f.criterion_direction = f.outcome_direction;
    f.criteria.insert(f.criteria.end(), {"net_present_value", "benefit_cost_ratio"});
    f.criterion_units.insert(f.criterion_units.end(), {"USD", "1"});
    f.criterion_direction.insert(f.criterion_direction.end(), 2, direction_text(+1));
    f.particle = draws.particle;
    f.parameter_value = draws.values;
    const std::size_t I = K - 1, C = f.criteria.size();

    // criterion[c][d][i]: what draw d ranks intervention i on.
    std::vector<std::vector<std::vector<double>>> criterion(C, std::vector<std::vector<double>>(N, std::vector<double>(I)));
    f.effect.assign(N * I * O, 0.0);
    for (std::size_t i = 0; i < I; ++i) {
        const std::size_t k = i + 1;
        // replicate_effect[j][d][r]
        std::vector<std::vector<std::vector<double>>> replicate_effect(
            O, std::vector<std::vector<double>>(N, std::vector<double>(static_cast<std::size_t>(R))));
        for (std::size_t d = 0; d < N; ++d) {
            std::vector<CostBenefitSample> s, ref;
            for (std::size_t r = 0; r < static_cast<std::size_t>(R); ++r) {
                const std::vector<DrawSample>& job = samples[d * static_cast<std::size_t>(R) + r];
                for (std::size_t j = 0; j < O; ++j) replicate_effect[j][d][r] = job[k].outcome[j] - job[0].outcome[j];
                s.push_back(job[k].benefit);
                ref.push_back(job[0].benefit);
            }
            for (std::size_t j = 0; j < O; ++j) {
                double sum = 0.0;
                for (double e : replicate_effect[j][d]) sum += e;
                f.effect[(d * I + i) * O + j] = criterion[j][d][i] = sum / R;
            }
            const CostBenefit cb = cost_benefit(s, ref);
            criterion[O][d][i] = cb.net_present_value_usd.mean;
            criterion[O + 1][d][i] = cb.benefit_cost_ratio.ratio;
        }
        for (std::size_t j = 0; j < O; ++j) {
            const CombinedEffect e = combine_effects(replicate_effect[j]);
            f.effect_mean.push_back(e.mean);
            f.effect_lower.push_back(e.lower);
            f.effect_upper.push_back(e.upper);
            f.stochastic_lower.push_back(e.stochastic_lower);
            f.stochastic_upper.push_back(e.stochastic_upper);
            f.within_variance.push_back(e.within_variance);
            f.between_variance.push_back(e.between_variance);
        }
    }
    f.criterion_value.assign(N * I * C, 0.0);
    f.rank.assign(N * I * C, 0.0);
    f.rank_probability.assign(I * C, 0.0);
    f.expected_rank.assign(I * C, 0.0);
    f.effect_correlation.assign(D * I * C, 0.0);
    f.rank_correlation.assign(D * I * C, 0.0);
    f.sensitivity.assign(D * C, 0.0);
    for (std::size_t c = 0; c < C; ++c) {
        const RankSummary ranks = rank_interventions(criterion[c], f.criterion_direction[c] == "higher_is_better" ? +1 : -1);
        for (std::size_t i = 0; i < I; ++i) {
            f.rank_probability[i * C + c] = ranks.first_probability[i];
            f.expected_rank[i * C + c] = ranks.expected_rank[i];
            std::vector<double> value(N), rank(N);
            for (std::size_t d = 0; d < N; ++d) {
                f.criterion_value[(d * I + i) * C + c] = value[d] = criterion[c][d][i];
                f.rank[(d * I + i) * C + c] = rank[d] = ranks.rank[d][i];
            }
            for (std::size_t p = 0; p < D; ++p) {
                const std::vector<double> parameter = draw_column(draws.values, D, p);
                f.effect_correlation[(p * I + i) * C + c] = spearman(parameter, value);
                f.rank_correlation[(p * I + i) * C + c] = spearman(parameter, rank);
            }
        }
        // Sensitivity of the ranking: of whether the likeliest winner ranks first (a tie for first counts).
        const std::size_t winner = likeliest_winner(ranks);
        f.winner.push_back(f.interventions[winner]);
        std::vector<double> wins(N);
        for (std::size_t d = 0; d < N; ++d)
            wins[d] = ranks.rank[d][winner] == *std::min_element(ranks.rank[d].begin(), ranks.rank[d].end()) ? 1.0 : 0.0;
        for (std::size_t p = 0; p < D; ++p) {
            const double rho = spearman(draw_column(draws.values, D, p), wins);
            f.sensitivity[p * C + c] = std::isfinite(rho) ? std::abs(rho) : 0.0;
        }
    }
    write_uncertainty_file(output.partial_path(), f);
    output.commit();
    if (!o.quiet) {
        print_uncertainty(f, f.parameter_source == "prior" ? "priors of " + o.prior : "posterior of " + o.posterior);
        std::printf("\nWrote %s\n", o.output.c_str());
    }
    return exit_ok;
}

}  // namespace

Action add_compare_command(CLI::App& app, const std::string& command_line) {
    auto* cmd = app.add_subcommand("compare", "Run an experiment's scenarios under common random numbers and compare them");
    auto o = std::make_shared<CompareOptions>();
    cmd->add_option("experiment", o->experiment, "experiment file (TOML) listing the scenarios")->required();
    cmd->add_option("-o,--output", o->output, "HDF5 file to write")->required();
    cmd->add_option("-r,--replicates", o->replicates, "replicates per scenario (default: the experiment file's)")
        ->check(CLI::Range(1, 100000));
    cmd->add_option("-t,--threads", o->threads, "worker threads (default: all cores); results do not depend on it")
        ->check(CLI::Range(1, 4096));
    cmd->add_option("--seed", o->seed, "master seed for every scenario (default: the reference scenario's)")
        ->check(CLI::Range(std::int64_t{0}, std::int64_t{9'007'199'254'740'992}));
    cmd->add_option("--set", o->overrides,
                    "override a parameter in every scenario, e.g. --set simulation.households=2000 (repeatable)");
    cmd->add_flag("--overwrite", o->overwrite, "replace the output file if it exists");
    cmd->add_flag("-q,--quiet", o->quiet, "print nothing but errors (and the table with --format markdown or csv)");
    add_max_memory_option(cmd, o->max_memory_gb);
    std::vector<std::string> rankable(std::begin(key_outcomes), std::end(key_outcomes));
    rankable.push_back("net_present_value_usd");
    rankable.push_back("benefit_cost_ratio");
    cmd->add_option("--rank-by", o->rank_by,
                    "outcome that ranks the summary table, best effect first (default: poverty_headcount)")
        ->check(CLI::IsMember(rankable));
    cmd->add_option("--format", o->format,
                    "summary table on stdout: text (default; with progress and the cost-benefit table), markdown or csv")
        ->check(CLI::IsMember({"text", "markdown", "csv"}));
    std::vector<std::string> by(std::begin(groupings), std::end(groupings));
    by.push_back("quantile");
    cmd->add_option("--by", o->by,
                    "also print the effects on households by a baseline grouping (all, wealth_quintile, role, head_gender, "
                    "mineral, site, formal_status) or the quantile effects (quantile); all are in /comparison")
        ->check(CLI::IsMember(by));
    auto* posterior = cmd->add_option("--posterior", o->posterior,
                                      "calibration file (asmsim calibrate): run every scenario for --draws parameter sets "
                                      "resampled from its posterior and rank under parameter uncertainty");
    auto* prior = cmd->add_option("--prior", o->prior,
                                  "calibration config (TOML): the same with parameter sets drawn from its priors");
    posterior->excludes(prior);
    cmd->add_option("--draws", o->draws, "parameter draws with --posterior or --prior (default 20; replicates per draw: "
                                         "--replicates, default 4)");
    cmd->add_flag("--other-version", o->other_version,
                  "accept a --posterior written by another asmsim version (same file format; its parameters must exist)");
    return [o, command_line, cmd] {
        const bool drawn = !o->posterior.empty() || !o->prior.empty();
        // Options of one mode given in the other are refused rather than ignored.
        for (const char* name : {"--rank-by", "--format", "--by"})
            if (drawn && cmd->count(name) > 0)
                throw InputError({name, 0, 0}, name, "does not apply with --posterior or --prior",
                                 "the table is printed as text; every criterion's ranks are in the output file");
        for (const char* name : {"--draws", "--other-version"})
            if (!drawn && cmd->count(name) > 0)
                throw InputError({name, 0, 0}, name, "applies only with --posterior or --prior",
                                 "add --posterior CAL.h5 (asmsim calibrate's output) or --prior CAL.toml");
        if (drawn) return compare_uncertain(*o, command_line);
        return compare(*o, command_line);
    };
}

}  // namespace asmsim::cli
