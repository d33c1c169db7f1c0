#include "io/experiment_file.hpp"

#include <algorithm>
#include <cmath>

#include "core/version.hpp"
#include "io/layout.hpp"

namespace asmsim {

ExperimentFileWriter::ExperimentFileWriter(const std::string& path, ExperimentMetadata metadata)
    : metadata_(std::move(metadata)) {
    file_ = h5::create_file(path);
    h5::write_attr(file_, "title", "asmsim experiment: " + metadata_.name);
    h5::write_attr(file_, "source", "asmsim " + std::string(asmsim_version()));
    h5::Handle meta = h5::create_group(file_, "metadata");
    h5::write_attr(meta, "experiment_name", metadata_.name);
    h5::write_attr(meta, "experiment_description", metadata_.description);
    h5::write_attr(meta, "experiment_toml", metadata_.experiment_toml);
    for (std::size_t k = 0; k < metadata_.scenario_names.size(); ++k)
        h5::write_attr(meta, "scenario_toml." + metadata_.scenario_names[k], metadata_.scenario_tomls[k]);
    h5::write_attr(meta, "reference_scenario", metadata_.scenario_names.front());
    layout::write_provenance(meta, "comparison", metadata_.seed, metadata_.stream_group, metadata_.replicates,
                             metadata_.command_line);

    timeseries_ = h5::create_group(file_, "timeseries");
    dim_scenario_ = h5::create_text_dimension(timeseries_, "scenario", metadata_.scenario_names, "scenario name");
    dim_replicate_ = h5::create_dimension(timeseries_, "replicate", layout::count_up(metadata_.replicates), "",
                                          "replicate number (the same random numbers in every scenario)");
    dim_month_ = layout::create_month_dimension(timeseries_, metadata_.months, metadata_.start);
    panel_.emplace(file_, metadata_.scenario_names, metadata_.replicates);
}

void ExperimentFileWriter::write_panel(int scenario, int replicate, const HouseholdRecorder& record) {
    std::lock_guard<std::mutex> lock(mutex_);
    panel_->write(scenario, replicate, record);
}

void ExperimentFileWriter::write_run(int scenario, int replicate, const Results& results) {
    std::lock_guard<std::mutex> lock(mutex_);
    const auto S = static_cast<hsize_t>(metadata_.scenario_names.size());
    const auto R = static_cast<hsize_t>(metadata_.replicates);
    const auto M = static_cast<hsize_t>(metadata_.months);
    if (series_.empty()) {
        for (const auto& spec : results.specs()) {
            if (!spec.group.empty()) {
                // An output with a dimension (role): one variable (scenario, replicate, <dimension>, month).
                if (spec.index != 0) continue;
                const hid_t dim = layout::text_dimension(timeseries_, extra_dims_, spec.dimension, spec.labels);
                const auto K = static_cast<hsize_t>(spec.labels.size());
                series_.emplace(spec.group, h5::create_dataset(timeseries_, spec.group, H5T_NATIVE_DOUBLE, {S, R, K, M},
                                                               {1, 1, K, std::max<hsize_t>(M, 1)},
                                                               {dim_scenario_, dim_replicate_, dim, dim_month_},
                                                               spec.units, spec.group_long_name));
                continue;
            }
            series_.emplace(spec.name, h5::create_dataset(timeseries_, spec.name, H5T_NATIVE_DOUBLE, {S, R, M},
                                                          {1, 1, std::max<hsize_t>(M, 1)},
                                                          {dim_scenario_, dim_replicate_, dim_month_}, spec.units,
                                                          spec.long_name));
        }
    }
    for (std::size_t j = 0; j < results.specs().size(); ++j) {
        const OutputSpec& spec = results.specs()[j];
        const auto s = static_cast<hsize_t>(scenario), r = static_cast<hsize_t>(replicate);
        if (!spec.group.empty()) {
            if (spec.index != 0) continue;
            h5::write_block(series_.at(spec.group), H5T_NATIVE_DOUBLE, {s, r, 0, 0},
                            {1, 1, static_cast<hsize_t>(spec.labels.size()), M},
                            results.values().col(static_cast<Eigen::Index>(j)).data());
            continue;
        }
        h5::write_block(series_.at(spec.name), H5T_NATIVE_DOUBLE, {s, r, 0}, {1, 1, M},
                        results.values().col(static_cast<Eigen::Index>(j)).data());
    }
}

namespace {
// Subgroup and quantile effects (issue 16.2), in /comparison beside the outcome table.
void write_group_effects(hid_t group, hid_t dim_scenario, const GroupTable& table) {
    const GroupScheme& scheme = table.scheme;
    std::vector<std::string> outcomes, units;
    for (const PanelOutcomeInfo& o : panel_outcome_info) {
        outcomes.push_back(o.name);
        units.push_back(o.units);
    }
    h5::write_attr(group, "group_statistic",
                   "household mean of each household_outcome over the last 12 months of a run; households paired by row "
                   "across scenarios and grouped by the reference run's baseline characteristics (/panel baseline_*)");
    h5::write_attr(group, "change_tolerance",
                   "share_higher / share_lower count a household when its difference from the reference exceeds "
                   "1e-9 x max(1, |reference value|) in the outcome's units");
    h5::Handle dim_group = h5::create_text_dimension(group, "group", scheme.labels, "group of households at baseline");
    h5::create_text_variable(group, "group_grouping", scheme.grouping, dim_group,
                             "grouping of each group: all, wealth_quintile, role, head_gender, mineral, site, formal_status");
    {
        h5::Handle d = h5::create_dataset(group, "group_households", H5T_NATIVE_DOUBLE, {scheme.size()}, {scheme.size()},
                                          {dim_group}, "households", "households in the group, mean per replicate");
        h5::write_block(d, H5T_NATIVE_DOUBLE, {0}, {scheme.size()}, table.households.data());
    }
    h5::Handle dim_outcome = h5::create_text_dimension(group, "household_outcome", outcomes, "household outcome compared");
    h5::create_text_variable(group, "household_outcome_units", units, dim_outcome, "units of each household outcome");
    const auto S = static_cast<hsize_t>(table.by_scenario.size());
    const auto G = static_cast<hsize_t>(scheme.size());
    const auto O = static_cast<hsize_t>(n_panel_outcomes);
    auto write3 = [&](const std::string& name, const char* units_text, const std::string& long_name,
                      const std::vector<std::vector<MeanInterval>> GroupEffects::*member) {
        std::vector<double> mean, low, high;
        for (const GroupEffects& e : table.by_scenario)
            for (const auto& row : e.*member)
                for (const MeanInterval& m : row) {
                    mean.push_back(m.mean);
                    low.push_back(m.mean - m.half_width_95);
                    high.push_back(m.mean + m.half_width_95);
                }
        const std::pair<std::string, const std::vector<double>*> parts[] = {
            {"", &mean}, {"_ci_low", &low}, {"_ci_high", &high}};
        for (const auto& [suffix, values] : parts) {
            const std::string text = suffix.empty() ? long_name
                                                    : std::string(suffix == "_ci_low" ? "lower" : "upper") +
                                                          " end of the 95% interval (Student t over replicates): " + long_name;
            h5::Handle d = h5::create_dataset(group, name + suffix, H5T_NATIVE_DOUBLE, {S, G, O}, {S, G, O},
                                              {dim_scenario, dim_group, dim_outcome}, units_text, text);
            h5::write_block(d, H5T_NATIVE_DOUBLE, {0, 0, 0}, {S, G, O}, values->data());
        }
    };
    write3("group_effect", "", "scenario minus reference, mean of the group's paired household differences (units: "
           "household_outcome_units)", &GroupEffects::effect);
    write3("group_mean", "", "the group's mean in the scenario (units: household_outcome_units)", &GroupEffects::mean);
    write3("share_higher", "1", "share of the group's households whose outcome is higher than in the reference (for "
           "income and consumption: the share that gains)", &GroupEffects::share_higher);
    write3("share_lower", "1", "share of the group's households whose outcome is lower than in the reference (for "
           "income and consumption: the share that loses)", &GroupEffects::share_lower);

    // Quantile treatment effects: deciles of the households' statistic, scenario minus reference.
    std::vector<std::int64_t> percents;
    for (double p : decile_levels) percents.push_back(static_cast<std::int64_t>(std::lround(p * 100.0)));
    std::vector<std::string> q_outcomes;
    for (int o : quantile_outcomes) q_outcomes.push_back(panel_outcome_info[static_cast<std::size_t>(o)].name);
    h5::Handle dim_quantile = h5::create_dimension(group, "percentile", percents, "percent",
                                                   "quantile of the households' distribution (deciles)");
    h5::Handle dim_q_outcome = h5::create_text_dimension(group, "quantile_outcome", q_outcomes, "outcome whose deciles are compared");
    const auto P = static_cast<hsize_t>(percents.size()), Q = static_cast<hsize_t>(q_outcomes.size());
    auto write_q = [&](const std::string& name, const std::string& long_name, auto value_of) {
        std::vector<double> values;
        for (const GroupEffects& e : table.by_scenario)
            for (const auto& row : e.quantile_effect)
                for (const Difference& d : row) values.push_back(value_of(d));
        h5::Handle d = h5::create_dataset(group, name, H5T_NATIVE_DOUBLE, {S, P, Q}, {S, P, Q},
                                          {dim_scenario, dim_quantile, dim_q_outcome}, "USD/person/month", long_name);
        h5::write_block(d, H5T_NATIVE_DOUBLE, {0, 0, 0}, {S, P, Q}, values.data());
    };
    write_q("quantile_value", "the quantile of the households' statistic in the scenario, mean over replicates",
            [](const Difference& d) { return d.scenario_mean; });
    write_q("quantile_effect", "quantile treatment effect: the scenario's quantile minus the reference's, mean over replicates",
            [](const Difference& d) { return d.difference; });
    write_q("quantile_effect_ci_low", "lower end of the paired 95% interval (Student t over replicates) of quantile_effect",
            [](const Difference& d) { return d.difference - d.paired_half_width; });
    write_q("quantile_effect_ci_high", "upper end of the paired 95% interval (Student t over replicates) of quantile_effect",
            [](const Difference& d) { return d.difference + d.paired_half_width; });
}
}  // namespace

void ExperimentFileWriter::write_comparison(const ComparisonTable& table) {
    std::lock_guard<std::mutex> lock(mutex_);
    h5::Handle group = h5::create_group(file_, "comparison");
    h5::write_attr(group, "statistic", table.statistic);
    h5::write_attr(group, "reference_scenario", metadata_.scenario_names.front());
    h5::write_attr(group, "description",
                   "Each scenario against the reference under common random numbers: replicate r of every scenario "
                   "drew the same random numbers. Intervals are 95% Student-t; paired intervals use the replicate-wise "
                   "differences, unpaired ones treat the runs as independent (Welch).");
    h5::Handle dim_scenario = h5::create_text_dimension(group, "scenario", metadata_.scenario_names, "scenario name");
    h5::Handle dim_outcome = h5::create_text_dimension(group, "outcome", table.outcomes, "output compared");
    h5::create_text_variable(group, "outcome_units", table.units, dim_outcome, "units of each outcome");
    const auto S = static_cast<hsize_t>(table.by_scenario.size());
    const auto O = static_cast<hsize_t>(table.outcomes.size());
    auto write = [&](const char* name, const char* long_name, auto value_of) {
        std::vector<double> values;
        for (const auto& row : table.by_scenario)
            for (const auto& d : row) values.push_back(value_of(d));
        h5::Handle dataset = h5::create_dataset(group, name, H5T_NATIVE_DOUBLE, {S, O}, {S, O},
                                                {dim_scenario, dim_outcome}, "", long_name);
        h5::write_block(dataset, H5T_NATIVE_DOUBLE, {0, 0}, {S, O}, values.data());
    };
    write("mean", "scenario mean of the statistic over replicates (units: outcome_units)",
          [](const Difference& d) { return d.scenario_mean; });
    write("difference", "scenario minus reference, mean over replicates", [](const Difference& d) { return d.difference; });
    write("paired_ci_low", "lower end of the paired 95% interval of the difference",
          [](const Difference& d) { return d.difference - d.paired_half_width; });
    write("paired_ci_high", "upper end of the paired 95% interval of the difference",
          [](const Difference& d) { return d.difference + d.paired_half_width; });
    write("unpaired_ci_low", "lower end of the unpaired (Welch) 95% interval of the difference",
          [](const Difference& d) { return d.difference - d.unpaired_half_width; });
    write("unpaired_ci_high", "upper end of the unpaired (Welch) 95% interval of the difference",
          [](const Difference& d) { return d.difference + d.unpaired_half_width; });

    // Cost and cost-effectiveness, one value per scenario.
    auto write_by_scenario = [&](const char* name, const char* units, const char* long_name, auto value_of) {
        std::vector<double> values;
        for (const CostEffectiveness& c : table.costs) values.push_back(value_of(c));
        h5::Handle dataset = h5::create_dataset(group, name, H5T_NATIVE_DOUBLE, {S}, {S}, {dim_scenario}, units, long_name);
        h5::write_block(dataset, H5T_NATIVE_DOUBLE, {0}, {S}, values.data());
    };
    auto write_with_interval = [&](const std::string& name, const char* units, const std::string& long_name,
                                   auto interval_of) {
        write_by_scenario(name.c_str(), units, long_name.c_str(), [&](const CostEffectiveness& c) { return interval_of(c).mean; });
        write_by_scenario((name + "_ci_low").c_str(), units, ("lower end of the 95% interval: " + long_name).c_str(),
                          [&](const CostEffectiveness& c) { return interval_of(c).mean - interval_of(c).half_width_95; });
        write_by_scenario((name + "_ci_high").c_str(), units, ("upper end of the 95% interval: " + long_name).c_str(),
                          [&](const CostEffectiveness& c) { return interval_of(c).mean + interval_of(c).half_width_95; });
    };
    write_with_interval("programme_cost_usd", "USD", "programme cost over the whole run, mean over replicates",
                        [](const CostEffectiveness& c) { return c.cost_usd; });
    write_with_interval("households_lifted", "households",
                        "households above the poverty line that would be below it in the reference (mean of the last 12 "
                        "months, paired across replicates)",
                        [](const CostEffectiveness& c) { return c.households_lifted; });
    write_with_interval("mercury_avoided_kg", "kg", "mercury released in the reference minus in the scenario, whole run, paired",
                        [](const CostEffectiveness& c) { return c.mercury_avoided_kg; });
    auto write_ratio = [&](const std::string& name, const char* units, const std::string& long_name, auto ratio_of) {
        write_by_scenario(name.c_str(), units, long_name.c_str(), [&](const CostEffectiveness& c) { return ratio_of(c).ratio; });
        write_by_scenario((name + "_ci_low").c_str(), units,
                          ("lower end of Fieller's 95% interval (NaN when unbounded): " + long_name).c_str(),
                          [&](const CostEffectiveness& c) { return ratio_of(c).low; });
        write_by_scenario((name + "_ci_high").c_str(), units,
                          ("upper end of Fieller's 95% interval (NaN when unbounded): " + long_name).c_str(),
                          [&](const CostEffectiveness& c) { return ratio_of(c).high; });
    };
    write_ratio("usd_per_household_lifted", "USD/household",
                "programme cost per household lifted above the poverty line (NaN when none is lifted)",
                [](const CostEffectiveness& c) { return c.usd_per_household_lifted; });
    write_ratio("usd_per_kg_mercury_avoided", "USD/kg", "programme cost per kg of mercury avoided (NaN when none is avoided)",
                [](const CostEffectiveness& c) { return c.usd_per_kg_mercury_avoided; });
    // Discounted cost-benefit (docs/model.md 7.17, "Discounted cost-benefit"), each with its paired interval.
    h5::write_attr(group, "discount_rate_annual", table.discount_rate_annual);
    auto write_cb = [&](const std::string& name, const char* units, const std::string& long_name, auto interval_of) {
        auto write_one = [&](const std::string& n, const std::string& l, auto value_of) {
            std::vector<double> values;
            for (const CostBenefit& c : table.cost_benefit) values.push_back(value_of(c));
            h5::Handle dataset = h5::create_dataset(group, n.c_str(), H5T_NATIVE_DOUBLE, {S}, {S}, {dim_scenario}, units, l.c_str());
            h5::write_block(dataset, H5T_NATIVE_DOUBLE, {0}, {S}, values.data());
        };
        write_one(name, long_name + " (mean over replicates)", [&](const CostBenefit& c) { return interval_of(c).mean; });
        write_one(name + "_ci_low", "lower end of the paired 95% interval: " + long_name,
                  [&](const CostBenefit& c) { return interval_of(c).mean - interval_of(c).half_width_95; });
        write_one(name + "_ci_high", "upper end of the paired 95% interval: " + long_name,
                  [&](const CostBenefit& c) { return interval_of(c).mean + interval_of(c).half_width_95; });
    };
    auto write_cb_ratio = [&](const std::string& name, const char* units, const std::string& long_name, auto ratio_of) {
        auto write_one = [&](const std::string& n, const std::string& l, auto value_of) {
            std::vector<double> values;
            for (const CostBenefit& c : table.cost_benefit) values.push_back(value_of(c));
            h5::Handle dataset = h5::create_dataset(group, n.c_str(), H5T_NATIVE_DOUBLE, {S}, {S}, {dim_scenario}, units, l.c_str());
            h5::write_block(dataset, H5T_NATIVE_DOUBLE, {0}, {S}, values.data());
        };
        write_one(name, long_name, [&](const CostBenefit& c) { return ratio_of(c).ratio; });
        write_one(name + "_ci_low", "lower end of Fieller's 95% interval (NaN when unbounded): " + long_name,
                  [&](const CostBenefit& c) { return ratio_of(c).low; });
        write_one(name + "_ci_high", "upper end of Fieller's 95% interval (NaN when unbounded): " + long_name,
                  [&](const CostBenefit& c) { return ratio_of(c).high; });
    };
    const std::string pv = "present value in month 0 at discount_rate_annual, whole run";
    write_cb("pv_programme_cost_usd", "USD", "programme cost to implementer and government, " + pv,
             [](const CostBenefit& c) { return c.cost_usd; });
    write_cb("pv_cost_implementer_usd", "USD", "programme cost paid by the implementer (1 - government_share of each programme), " + pv,
             [](const CostBenefit& c) { return c.cost_implementer_usd; });
    write_cb("pv_cost_government_usd", "USD", "programme cost paid by government (government_share of each programme), " + pv,
             [](const CostBenefit& c) { return c.cost_government_usd; });
    write_cb("pv_fiscal_revenue_change_usd", "USD", "fiscal revenue (fiscal_revenue_usd), scenario minus reference, " + pv,
             [](const CostBenefit& c) { return c.fiscal_revenue_change_usd; });
    write_cb("pv_net_fiscal_cost_usd", "USD", "net fiscal cost: programme cost minus the change in fiscal revenue, " + pv,
             [](const CostBenefit& c) { return c.net_fiscal_cost_usd; });
    write_cb("pv_consumption_benefit_usd", "USD", "benefit to households: their total consumption, scenario minus reference, " + pv,
             [](const CostBenefit& c) { return c.consumption_benefit_usd; });
    write_cb("pv_income_benefit_usd", "USD", "households' total income, scenario minus reference, " + pv,
             [](const CostBenefit& c) { return c.income_benefit_usd; });
    write_cb("net_present_value_usd", "USD", "net present value: consumption benefit minus net fiscal cost, " + pv,
             [](const CostBenefit& c) { return c.net_present_value_usd; });
    write_cb("poverty_years_avoided", "person-years",
             "person-years below the income poverty line, reference minus scenario, discounted like money, whole run",
             [](const CostBenefit& c) { return c.poverty_years_avoided; });
    write_cb("pv_mercury_avoided_kg", "kg", "mercury released, reference minus scenario, discounted like money, whole run",
             [](const CostBenefit& c) { return c.mercury_avoided_kg; });
    write_cb_ratio("benefit_cost_ratio", "1", "benefit-cost ratio: pv_consumption_benefit_usd / pv_programme_cost_usd (NaN without cost)",
                   [](const CostBenefit& c) { return c.benefit_cost_ratio; });
    write_cb_ratio("usd_per_poverty_year_avoided", "USD/person-year",
                   "pv_programme_cost_usd per poverty-year avoided (NaN when none is avoided or the programme costs nothing)",
                   [](const CostBenefit& c) { return c.usd_per_poverty_year_avoided; });
    write_cb_ratio("pv_usd_per_kg_mercury_avoided", "USD/kg",
                   "pv_programme_cost_usd per discounted kg of mercury avoided (NaN when none is avoided or the programme costs nothing)",
                   [](const CostBenefit& c) { return c.usd_per_kg_mercury_avoided; });
    const auto I = static_cast<hsize_t>(table.interventions.size());
    h5::Handle dim_intervention = h5::create_text_dimension(group, "intervention", table.interventions, "intervention programme");
    std::vector<double> by_intervention;
    for (const CostEffectiveness& c : table.costs)
        by_intervention.insert(by_intervention.end(), c.cost_by_intervention_usd.begin(), c.cost_by_intervention_usd.end());
    h5::Handle dataset = h5::create_dataset(group, "programme_cost_by_intervention_usd", H5T_NATIVE_DOUBLE, {S, I}, {S, I},
                                            {dim_scenario, dim_intervention}, "USD",
                                            "programme cost over the whole run by intervention, mean over replicates");
    h5::write_block(dataset, H5T_NATIVE_DOUBLE, {0, 0}, {S, I}, by_intervention.data());
    if (table.groups.scheme.size() > 0) write_group_effects(group, dim_scenario, table.groups);
}

void ExperimentFileWriter::close() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (panel_) panel_->close();
    series_.clear();
    extra_dims_.clear();
    dim_scenario_.close();
    dim_replicate_.close();
    dim_month_.close();
    timeseries_.close();
    if (file_.id() >= 0) h5::flush(file_);
    file_.close();
}

}  // namespace asmsim
