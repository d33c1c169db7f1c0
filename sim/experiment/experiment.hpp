#pragma once
// Experiment files: a list of scenarios compared under common random numbers.
//
//   name = "fee_waiver"
//   description = "..."
//   scenarios = ["../baseline.toml", "../fee_waiver.toml"]   # the first is the reference
//   replicates = 8                                           # optional; --replicates overrides
//
// Paths are relative to the experiment file. Every scenario runs with the same seed and the
// reference's random stream group, so replicate r of every scenario draws the same numbers.

#include <string>
#include <vector>

namespace asmsim {

struct ExperimentSpec {
    std::string path;
    std::string name;
    std::string description;
    std::vector<std::string> scenarios;  // resolved paths; scenarios[0] is the reference
    int replicates = 8;
    std::string toml;  // the file's text, stored with the results
};

// True when a TOML file is an experiment (it has a top-level `scenarios` list), not a scenario.
bool is_experiment_file(const std::string& path);

// Reads and checks an experiment file; bad input throws InputError with file, line and key.
ExperimentSpec load_experiment(const std::string& path);

}  // namespace asmsim
