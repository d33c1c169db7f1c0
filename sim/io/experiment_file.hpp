#pragma once
// The HDF5 file of `asmsim compare` (layout in docs/outputs.md, "Experiment files"):
//   /metadata     attributes: experiment_toml, scenario_toml.<name> for each scenario, seed, ...
//   /timeseries   one dataset per output, dims (scenario, replicate, month); scenario names as coordinate
//   /comparison   per scenario and key outcome: mean, difference from the reference and 95% intervals;
//                 per scenario: programme cost (total and by intervention) and cost-effectiveness
// Runs are written as they finish, from any thread.

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/calendar.hpp"
#include "core/results.hpp"
#include "experiment/comparison.hpp"
#include "experiment/cost_benefit.hpp"
#include "experiment/group_effects.hpp"
#include "experiment/statistics.hpp"
#include "io/hdf5.hpp"
#include "io/panel_file.hpp"

namespace asmsim {

struct ExperimentMetadata {
    std::string name, description, experiment_toml, command_line, stream_group;
    std::vector<std::string> scenario_names, scenario_tomls;
    std::uint64_t seed = 0;
    int replicates = 0;
    int months = 0;
    std::optional<YearMonth> start;
};

// Programme cost and cost-effectiveness of one scenario against the reference, over replicates.
struct CostEffectiveness {
    MeanInterval cost_usd;                         // programme cost over the whole run
    std::vector<double> cost_by_intervention_usd;  // mean over replicates, as ComparisonTable::interventions
    MeanInterval households_lifted;   // paired: reference's poor households minus the scenario's (last 12 months)
    MeanInterval mercury_avoided_kg;  // paired: reference's mercury minus the scenario's (whole run)
    Ratio usd_per_household_lifted, usd_per_kg_mercury_avoided;
};

struct ComparisonTable {
    std::vector<std::string> outcomes, units;
    std::string statistic;                    // what each replicate contributes
    std::vector<std::vector<Difference>> by_scenario;  // [scenario][outcome]
    std::vector<std::string> interventions;   // every known intervention, for the cost breakdown
    std::vector<CostEffectiveness> costs;     // [scenario]
    double discount_rate_annual = 0.0;        // the reference scenario's economy.discount_rate_annual
    std::vector<CostBenefit> cost_benefit;    // [scenario], discounted (docs/model.md 7.17)
    GroupTable groups;                        // subgroup and quantile effects (issue 16.2); empty: none
};

class ExperimentFileWriter {
public:
    ExperimentFileWriter(const std::string& path, ExperimentMetadata metadata);
    void write_run(int scenario, int replicate, const Results& results);  // thread-safe
    // The household panel of one run (/panel), when the scenarios ask for one; thread-safe.
    void write_panel(int scenario, int replicate, const HouseholdRecorder& record);
    void write_comparison(const ComparisonTable& table);
    void close();

private:
    ExperimentMetadata metadata_;
    std::mutex mutex_;
    h5::Handle file_, timeseries_, dim_scenario_, dim_replicate_, dim_month_;
    std::map<std::string, h5::Handle> series_;
    std::map<std::string, h5::Handle> extra_dims_;  // dimensions besides month (role), by name
    std::optional<PanelWriter> panel_;
};

}  // namespace asmsim
