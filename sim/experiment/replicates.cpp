#include "experiment/replicates.hpp"

#include <atomic>
#include <exception>
#include <mutex>
#include <thread>

#include "experiment/assembly.hpp"
#include "interventions/interventions_module.hpp"

namespace asmsim {

PreparedScenario prepare_base_scenario(const std::string& path, std::vector<std::string> overrides, std::int64_t seed) {
    if (seed >= 0) overrides.push_back("random.seed=" + std::to_string(seed));
    return prepare_scenario(path, overrides);
}

PreparedScenario prepare_scenario(const std::string& path, const std::vector<std::string>& overrides) {
    PreparedScenario prepared{load_scenario(path, overrides, model_schema()), nullptr};
    try {
        check_intervention_parameters(*prepared.scenario.params);
        prepared.inputs = std::make_shared<const ModelInputs>(load_run_inputs(*prepared.scenario.params));
    } catch (const InputError& e) {
        prepared.scenario.rethrow_located(e);
    }
    return prepared;
}

int hardware_threads() {
    unsigned n = std::thread::hardware_concurrency();
    return n == 0 ? 1 : static_cast<int>(n);
}

void run_replicates(const PreparedScenario& prepared, const ReplicateOptions& options, const ReplicateDone& done) {
    const std::string& group = prepared.scenario.params->text("random.stream_group");
    parallel_for(static_cast<std::size_t>(std::max(options.replicates, 0)), options.threads, [&](std::size_t i) {
        const int r = static_cast<int>(i);
        Simulation simulation(prepared.scenario.params, prepared.inputs,
                              StreamKey{options.seed, group, static_cast<std::uint64_t>(r)}, options.rows_per_block);
        if (options.household_statistics) simulation.keep_household_statistics();
        simulation.run();
        done(r, simulation);
    });
}

}  // namespace asmsim
