#pragma once
// Runs the replicates of one scenario, in parallel over threads. Replicate r always uses the
// streams of (seed, stream group, r), so results do not depend on the thread count or on which
// thread ran which replicate.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/parallel_for.hpp"
#include "model/inputs.hpp"
#include "model/simulation.hpp"
#include "scenario/scenario.hpp"

namespace asmsim {

// A scenario ready to run: parameters resolved and checked, input data loaded.
struct PreparedScenario {
    ResolvedScenario scenario;
    std::shared_ptr<const ModelInputs> inputs;
};

// Loads, validates and prepares; bad input throws InputError with file, line and key.
PreparedScenario prepare_scenario(const std::string& path, const std::vector<std::string>& overrides);
// The same for the base scenario of many runs (sweeps, calibrations): with random.seed = seed
// (after the overrides) when seed >= 0, else the scenario's own.
PreparedScenario prepare_base_scenario(const std::string& path, std::vector<std::string> overrides, std::int64_t seed);

struct ReplicateOptions {
    std::uint64_t seed = 0;
    int replicates = 1;
    int threads = 1;
    Eigen::Index rows_per_block = Simulation::default_rows_per_block;  // speed only: results do not depend on it
    bool household_statistics = false;  // keep each household's last-year means (subgroup effects of compare)
};

// Called from worker threads, once per finished replicate, with its finished simulation.
using ReplicateDone = std::function<void(int replicate, const Simulation& simulation)>;

// Runs every replicate and calls `done` for each; rethrows the first failure after all threads stop.
void run_replicates(const PreparedScenario& prepared, const ReplicateOptions& options, const ReplicateDone& done);

// Number of hardware threads, at least 1.
int hardware_threads();

}  // namespace asmsim
