// `asmsim calibrate`: fits parameters of the livelihood model to observed targets by ABC-SMC
// (sim/calibration/abc_smc.hpp) on threads, and writes the posterior, each generation and the fit
// of each target to an HDF5 file (docs/calibration.md). Results do not depend on --threads.

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>

#include "calibration/calibration_spec.hpp"
#include "calibration/target_model.hpp"
#include "cli/commands.hpp"
#include "cli/resources.hpp"
#include "core/input_error.hpp"
#include "io/atomic_output.hpp"
#include "io/calibration_file.hpp"
#include "sweep/progress.hpp"

namespace asmsim::cli {

namespace {

struct CalibrateOptions {
    std::string config;
    std::string output;
    std::int64_t budget = 0;  // 0: the file's [method] budget
    int threads = 0;
    bool resume = false;
    bool overwrite = false;
    bool quiet = false;
    std::vector<std::string> sets;
};

int calibrate(const CalibrateOptions& o, const std::string& command_line) {
    namespace fs = std::filesystem;
    if (o.resume)
        throw InputError({"--resume", 0, 0}, "", "calibrations cannot be resumed yet (no journal is kept)",
                         "run the calibration again without --resume; see docs/calibration.md, 'Not yet done'");
    for (const char* variable : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE"})
        if (const char* size = std::getenv(variable); size && std::atoi(size) > 1)
            throw InputError({"mpirun", 0, 0}, "", "calibrations do not run over MPI ranks yet",
                             "run one process with --threads; see docs/calibration.md, 'Not yet done'");
    CalibrationSpec spec = load_calibration(o.config, o.sets);
    if (o.budget > 0) spec.abc.budget = o.budget;
    if (fs::exists(o.output) && !o.overwrite)
        throw InputError({o.output, 0, 0}, "", "the output file exists", "pass --overwrite to replace it, or choose another -o");
    const TargetModel model(spec);  // checks the targets against the model's outputs
    if (spec.abc.budget < spec.abc.particles)
        throw InputError({o.budget > 0 ? "--budget" : o.config, 0, 0}, "budget",
                         "a budget of " + std::to_string(spec.abc.budget) + " simulations cannot fill generation 0 (" +
                             std::to_string(spec.abc.particles) + " particles)",
                         "give at least a few times [method] particles");
    const int threads = o.threads > 0 ? o.threads : hardware_threads();
    require_memory(spec.path, "the calibration's simulations (" + std::to_string(threads) + " threads of " +
                                  std::to_string(model.households()) + " households)",
                   memory_base_bytes + threads * static_cast<double>(model.households()) * memory_bytes_per_household, 0,
                   "use fewer --threads or fewer households");
    AtomicOutput output(o.output, o.overwrite);  // claims the name now; removed again on failure or a signal

    AbcProblem problem;
    for (const auto& p : spec.parameters) problem.priors.push_back(p.prior);
    for (const auto& t : spec.targets) {
        problem.observed.push_back(t.observed);
        problem.uncertainty.push_back(t.uncertainty);
    }
    problem.simulate = [&model](const std::vector<double>& theta, int generation, std::int64_t proposal) {
        return model.run(theta, generation, proposal);
    };
    if (!o.quiet)
        std::fprintf(stderr, "asmsim calibrate: %s, %zu parameters, %zu targets, %d particles, budget %lld simulations; %d threads\n",
                     spec.name.c_str(), spec.parameters.size(), spec.targets.size(), spec.abc.particles,
                     static_cast<long long>(spec.abc.budget), threads);
    const bool terminal = isatty(STDERR_FILENO) == 1;
    Progress progress(static_cast<int>(std::min<std::int64_t>(spec.abc.budget, 2'000'000'000)), 0, o.quiet, 30.0,
                      "asmsim calibrate", "simulations (budget)");
    const AbcResult result = run_abc_smc(
        problem, spec.abc, model.seed(), threads, [&](bool failed) { progress.tick(failed); },
        [&](int t, const AbcGeneration& g) {
            if (o.quiet) return;
            std::fprintf(stderr, "%sasmsim calibrate: generation %d: tolerance %.4g, acceptance %.3f, ESS %.1f, %lld simulations\n", terminal ? "\r\033[K" : "", t,
                         g.tolerance, g.acceptance_rate, g.ess, static_cast<long long>(g.simulations));
        });
    progress.finish();
    if (result.generations.empty())
        throw std::runtime_error("no generation was completed: " + result.stop_reason +
                                 "; raise --budget or check the failed simulations");

    CalibrationFileInfo info;
    info.spec = &spec;
    info.result = &result;
    info.target_units = model.target_units();
    info.seed = model.seed();
    info.stream_group = model.stream_group();
    info.scenario_toml = model.scenario_toml();
    info.command_line = command_line;
    write_calibration_file(output.partial_path(), info);
    output.commit();

    if (!o.quiet) {
        const AbcGeneration& last = result.generations.back();
        const auto s = summarise_columns(last.theta, last.weights, static_cast<int>(spec.parameters.size()));
        std::printf("Posterior after %zu generations (%lld simulations; stopped: %s; ESS %.1f)\n", result.generations.size(),
                    static_cast<long long>(result.simulations), result.stop_reason.c_str(), last.ess);
        std::printf("%-44s %12s %12s %12s\n", "parameter", "mean", "5%", "95%");
        for (std::size_t j = 0; j < s.size(); ++j)
            std::printf("%-44s %12.5g %12.5g %12.5g\n", spec.parameters[j].name.c_str(), s[j].mean, s[j].q05, s[j].q95);
        std::printf("\nWrote %s\n", o.output.c_str());
    }
    return exit_ok;
}

}  // namespace

Action add_calibrate_command(CLI::App& app, const std::string& command_line) {
    auto* cmd = app.add_subcommand("calibrate", "Calibrate parameters to observed targets by ABC-SMC and store the posterior");
    auto o = std::make_shared<CalibrateOptions>();
    cmd->add_option("config", o->config, "calibration file (TOML), e.g. scenarios/calibration/recovery.toml")->required();
    cmd->add_option("-o,--output", o->output, "HDF5 file to write")->required();
    cmd->add_option("--budget", o->budget, "most simulations to run (default: [method] budget of the file)")
        ->check(CLI::Range(std::int64_t{1}, std::int64_t{1} << 40));
    cmd->add_option("-t,--threads", o->threads, "worker threads (default: all cores); results do not depend on it")
        ->check(CLI::Range(1, 4096));
    cmd->add_flag("--resume", o->resume, "not available yet: refused with an explanation");
    cmd->add_option("--set", o->sets, "override a parameter of the base scenario, KEY=VALUE (repeatable)");
    cmd->add_flag("--overwrite", o->overwrite, "replace the output file if it exists");
    cmd->add_flag("-q,--quiet", o->quiet, "print nothing but errors");
    return [o, command_line] { return calibrate(*o, command_line); };
}

}  // namespace asmsim::cli
