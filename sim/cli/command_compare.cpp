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
#include "core/input_error.hpp"
#include "experiment/comparison.hpp"
#include "experiment/experiment.hpp"
#include "experiment/replicates.hpp"
#include "experiment/statistics.hpp"
#include "interventions/registry.hpp"
#include "io/atomic_output.hpp"
#include "io/experiment_file.hpp"

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
};

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

std::string format_interval(const MeanInterval& m) {
    char text[96];
    std::snprintf(text, sizeof text, "%.4g [%.4g, %.4g]", m.mean, m.mean - m.half_width_95, m.mean + m.half_width_95);
    return text;
}

int compare(const CompareOptions& o, const std::string& command_line) {
    const ExperimentSpec spec = load_experiment(o.experiment);
    const int replicates = o.replicates > 0 ? o.replicates : spec.replicates;

    // The reference decides the seed and stream group; every scenario is run with both.
    std::vector<std::string> common;
    if (o.seed >= 0) common.push_back("random.seed=" + std::to_string(o.seed));
    std::vector<PreparedScenario> scenarios;
    scenarios.push_back(prepare_scenario(spec.scenarios.front(), common));
    const ParameterSet& reference = *scenarios.front().scenario.params;
    const std::uint64_t seed = static_cast<std::uint64_t>(reference.integer("random.seed"));
    const std::string group = reference.text("random.stream_group");
    common = {"random.seed=" + std::to_string(seed), "random.stream_group=" + group};
    for (std::size_t k = 1; k < spec.scenarios.size(); ++k) {
        scenarios.push_back(prepare_scenario(spec.scenarios[k], common));
        const ParameterSet& p = *scenarios.back().scenario.params;
        for (const char* key : {"simulation.months", "simulation.start"})
            if (p.get(key) != reference.get(key))
                throw InputError({spec.scenarios[k], 0, 0}, key,
                                 "differs from the reference scenario " + spec.scenarios.front(),
                                 "compared scenarios must cover the same months");
    }

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
    for (const auto& s : scenarios) {
        std::string name = s.scenario.name;
        while (std::find(metadata.scenario_names.begin(), metadata.scenario_names.end(), name) !=
               metadata.scenario_names.end())
            name += "_" + std::to_string(metadata.scenario_names.size());
        metadata.scenario_names.push_back(name);
        metadata.scenario_tomls.push_back(s.scenario.to_toml());
    }

    AtomicOutput output(o.output, o.overwrite);
    ExperimentFileWriter writer(output.partial_path(), metadata);
    ReplicateOptions options;
    options.seed = seed;
    options.replicates = replicates;
    options.threads = o.threads > 0 ? o.threads : hardware_threads();

    // statistic[k][outcome][replicate]
    const std::size_t n_outcomes = std::size(key_outcomes);
    std::vector<std::vector<std::vector<double>>> statistic(
        scenarios.size(), std::vector<std::vector<double>>(n_outcomes, std::vector<double>(static_cast<std::size_t>(replicates))));
    std::vector<std::string> units(n_outcomes);
    std::vector<std::string> intervention_names;
    for (const InterventionKind& kind : intervention_kinds()) intervention_names.push_back(kind.name);
    std::vector<std::vector<CostSample>> costs(scenarios.size(), std::vector<CostSample>(static_cast<std::size_t>(replicates)));
    std::mutex mutex;
    const auto started = std::chrono::steady_clock::now();
    for (std::size_t k = 0; k < scenarios.size(); ++k) {
        try {
            run_replicates(scenarios[k], options, [&](int r, const Simulation& simulation) {
                writer.write_run(static_cast<int>(k), r, simulation.results());
                std::lock_guard<std::mutex> lock(mutex);
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
    writer.write_comparison(table);
    writer.close();
    output.commit();

    if (!o.quiet) {
        std::printf("\nExperiment '%s': %zu scenarios x %d replicates under common random numbers\n", spec.name.c_str(),
                    scenarios.size(), replicates);
        std::printf("Mean of the last 12 months; difference from '%s' with paired 95%% interval "
                    "(unpaired half-width for comparison)\n",
                    metadata.scenario_names.front().c_str());
        for (std::size_t j = 0; j < n_outcomes; ++j) {
            std::printf("\n%s [%s]\n", key_outcomes[j], units[j].c_str());
            for (std::size_t k = 0; k < scenarios.size(); ++k) {
                const Difference& d = table.by_scenario[k][j];
                if (k == 0) {
                    std::printf("  %-28s %12.5g   (reference)\n", metadata.scenario_names[k].c_str(), d.scenario_mean);
                    continue;
                }
                std::printf("  %-28s %12.5g   %+12.5g  [%+.5g, %+.5g]   (unpaired +/- %.3g)\n",
                            metadata.scenario_names[k].c_str(), d.scenario_mean, d.difference,
                            d.difference - d.paired_half_width, d.difference + d.paired_half_width,
                            d.unpaired_half_width);
            }
        }
        std::printf("\nProgramme cost over the run (USD) and cost-effectiveness against '%s', with 95%% intervals\n"
                    "(households lifted: above the poverty line in the last 12 months; mercury avoided: whole run;\n"
                    " ratios with Fieller's interval, 'unbounded' when the gain could be zero; costs are programme\n"
                    " spending only: revenue the treasury gains or loses is in fiscal_revenue_usd above)\n",
                    metadata.scenario_names.front().c_str());
        std::printf("  %-26s %-30s %-28s %-34s %-28s %s\n", "scenario", "cost USD", "households lifted",
                    "USD per household lifted", "mercury avoided kg", "USD per kg mercury avoided");
        for (std::size_t k = 1; k < scenarios.size(); ++k) {
            const CostEffectiveness& c = table.costs[k];
            std::printf("  %-26s %-30s %-28s %-34s %-28s %s\n", metadata.scenario_names[k].c_str(),
                        format_interval(c.cost_usd).c_str(), format_interval(c.households_lifted).c_str(),
                        ratio_text(c.usd_per_household_lifted, c.households_lifted).c_str(), format_interval(c.mercury_avoided_kg).c_str(),
                        ratio_text(c.usd_per_kg_mercury_avoided, c.mercury_avoided_kg).c_str());
        }
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
        ->check(CLI::Range(2, 100000));
    cmd->add_option("-t,--threads", o->threads, "worker threads (default: all cores); results do not depend on it")
        ->check(CLI::Range(1, 4096));
    cmd->add_option("--seed", o->seed, "master seed for every scenario (default: the reference scenario's)")
        ->check(CLI::Range(std::int64_t{0}, std::int64_t{9'007'199'254'740'992}));
    cmd->add_flag("--overwrite", o->overwrite, "replace the output file if it exists");
    cmd->add_flag("-q,--quiet", o->quiet, "print nothing but errors");
    return [o, command_line] { return compare(*o, command_line); };
}

}  // namespace asmsim::cli
