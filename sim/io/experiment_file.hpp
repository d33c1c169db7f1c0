#pragma once
// The HDF5 file of `asmsim compare` (layout in docs/outputs.md, "Experiment files"):
//   /metadata     attributes: experiment_toml, scenario_toml.<name> for each scenario, seed, ...
//   /timeseries   one dataset per output, dims (scenario, replicate, month); scenario names as coordinate
//   /comparison   per scenario and key outcome: mean, difference from the reference and 95% intervals
// Runs are written as they finish, from any thread.

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/calendar.hpp"
#include "core/results.hpp"
#include "experiment/comparison.hpp"
#include "io/hdf5.hpp"

namespace asmsim {

struct ExperimentMetadata {
    std::string name, description, experiment_toml, command_line, stream_group;
    std::vector<std::string> scenario_names, scenario_tomls;
    std::uint64_t seed = 0;
    int replicates = 0;
    int months = 0;
    std::optional<YearMonth> start;
};

struct ComparisonTable {
    std::vector<std::string> outcomes, units;
    std::string statistic;                    // what each replicate contributes
    std::vector<std::vector<Difference>> by_scenario;  // [scenario][outcome]
};

class ExperimentFileWriter {
public:
    ExperimentFileWriter(const std::string& path, ExperimentMetadata metadata);
    void write_run(int scenario, int replicate, const Results& results);  // thread-safe
    void write_comparison(const ComparisonTable& table);
    void close();

private:
    ExperimentMetadata metadata_;
    std::mutex mutex_;
    h5::Handle file_, timeseries_, dim_scenario_, dim_replicate_, dim_month_;
    std::map<std::string, h5::Handle> series_;
};

}  // namespace asmsim
