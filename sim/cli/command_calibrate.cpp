// `asmsim calibrate`: fits parameters of the livelihood model to observed targets by ABC-SMC
// (sim/calibration/abc_smc.hpp) on threads and MPI ranks, journalled so that --resume continues an
// interrupted calibration, and writes the posterior, each generation and the fit of each target to
// an HDF5 file (docs/calibration.md). Results depend on neither --threads nor the rank count.

#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>

#include "calibration/calibration_journal.hpp"
#include "calibration/calibration_spec.hpp"
#include "calibration/target_model.hpp"
#include "cli/commands.hpp"
#include "cli/resources.hpp"
#include "core/input_error.hpp"
#include "io/atomic_output.hpp"
#include "io/calibration_file.hpp"
#include "sweep/journal.hpp"
#include "sweep/mpi_session.hpp"
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

int calibrate(const CalibrateOptions& o, const std::string& command_line, const MpiSession& mpi) {
    namespace fs = std::filesystem;
    CalibrationSpec spec = load_calibration(o.config, o.sets);
    if (o.budget > 0) spec.abc.budget = o.budget;
    if (fs::exists(o.output) && !o.overwrite)
        throw InputError({o.output, 0, 0}, "", "the output file exists",
                         o.resume ? "the calibration is already complete; choose another -o to run it again"
                                  : "pass --overwrite to replace it, or choose another -o");
    const std::vector<std::string> journals = existing_journals(o.output);
    if (!journals.empty() && !o.resume)
        throw InputError({journals.front(), 0, 0}, "", "a journal of an unfinished calibration exists beside the output",
                         "pass --resume to finish that calibration, or delete " + journals.front() + " to start again");
    const TargetModel model(spec);  // checks the targets against the model's outputs
    if (spec.abc.budget < spec.abc.particles)
        throw InputError({o.budget > 0 ? "--budget" : o.config, 0, 0}, "budget",
                         "a budget of " + std::to_string(spec.abc.budget) + " simulations cannot fill generation 0 (" +
                             std::to_string(spec.abc.particles) + " particles)",
                         "give at least a few times [method] particles");
    if (spec.abc.budget > max_journaled_simulations)
        throw InputError({o.budget > 0 ? "--budget" : o.config, 0, 0}, "budget",
                         "a budget of " + std::to_string(spec.abc.budget) + " simulations is more than the journal numbers (" +
                             std::to_string(max_journaled_simulations) + ")",
                         "give a smaller budget");
    const int threads = o.threads > 0 ? o.threads : hardware_threads();
    // Per thread a simulation in flight; per journal file an index of 20 bytes per simulation.
    require_memory(spec.path, "the calibration's simulations (" + std::to_string(threads) + " threads of " +
                                  std::to_string(model.households()) + " households) and journal index",
                   memory_base_bytes + threads * static_cast<double>(model.households()) * memory_bytes_per_household +
                       20.0 * static_cast<double>(spec.abc.budget) * static_cast<double>(journals.size() + 1),
                   0, "use fewer --threads or fewer households");
    std::unique_ptr<AtomicOutput> output;
    if (mpi.rank() == 0) {
        if (o.resume) remove_stale_partials(o.output);  // a kill -9 during the writing leaves one
        output = std::make_unique<AtomicOutput>(o.output, o.overwrite);  // claims the name; removed again on failure or a signal
    }
    mpi.barrier();  // every rank has seen the journals as they were before any rank opens its own

    // Each rank journals the simulations it runs; on --resume every rank replays all journals.
    const std::string own_journal = journal_path(o.output, mpi.rank(), mpi.size());
    CalibrationJournal journal(journals, calibration_identity(spec, model.seed(), model.scenario_toml()), spec.abc.budget);
    mpi.barrier();  // every rank has read the journals before any cuts or appends to its own
    journal.open(own_journal);

    AbcProblem problem;
    for (const auto& p : spec.parameters) problem.priors.push_back(p.prior);
    for (const auto& t : spec.targets) {
        problem.observed.push_back(t.observed);
        problem.uncertainty.push_back(t.uncertainty);
    }
    problem.simulate = [&model](const std::vector<double>& theta, int generation, std::int64_t proposal) {
        return model.run(theta, generation, proposal);
    };
    const bool quiet = o.quiet || mpi.rank() != 0;
    if (!quiet)
        std::fprintf(stderr, "asmsim calibrate: %s, %zu parameters, %zu targets, %d particles, budget %lld simulations; %d threads%s%s\n",
                     spec.name.c_str(), spec.parameters.size(), spec.targets.size(), spec.abc.particles,
                     static_cast<long long>(spec.abc.budget), threads,
                     mpi.size() > 1 ? (" per rank, " + std::to_string(mpi.size()) + " MPI ranks").c_str() : "",
                     journal.recorded() > 0 ? ("; resuming with " + std::to_string(journal.recorded()) + " simulations journaled").c_str() : "");
    const bool terminal = isatty(STDERR_FILENO) == 1;
    Progress progress(static_cast<int>(spec.abc.budget), 0, quiet, 30.0, "asmsim calibrate", "simulations (budget)");

    // Test hook for crash recovery: ASMSIM_CALIBRATE_KILL_AFTER=n kills this process with SIGKILL
    // right after its n-th journal record of a simulation, as kill -9 would.
    long kill_after = -1;
    if (const char* hook = std::getenv("ASMSIM_CALIBRATE_KILL_AFTER")) kill_after = std::atol(hook);
    long journaled = 0;

    AbcExecution x;
    x.threads = threads;
    x.rank = mpi.rank();
    x.ranks = mpi.size();
    x.all_gather = [&mpi](const std::vector<double>& mine) { return mpi.all_gather(mine); };
    x.recall = [&journal](AbcOutcome& outcome) { return journal.recall(outcome); };
    x.record = [&](const AbcOutcome& outcome) {
        journal.record(outcome);
        if (kill_after >= 0 && ++journaled >= kill_after) ::kill(::getpid(), SIGKILL);
    };
    x.tick = [&](bool failed) { progress.tick(failed); };
    x.done = [&](int t, const AbcGeneration& g) {
        if (quiet) return;
        std::fprintf(stderr, "%sasmsim calibrate: generation %d: tolerance %.4g, acceptance %.3f, ESS %.1f, %lld simulations\n",
                     terminal ? "\r\033[K" : "", t, g.tolerance, g.acceptance_rate, g.ess, static_cast<long long>(g.simulations));
    };
    const AbcResult result = run_abc_smc(problem, spec.abc, model.seed(), x);
    journal.sync();
    progress.finish();
    mpi.barrier();  // every rank's journal is complete
    if (mpi.rank() != 0) return exit_ok;
    if (result.generations.empty()) {
        // The run is over for this budget: a journal kept for it would only refuse the larger budget.
        for (const auto& path : existing_journals(o.output)) std::remove(path.c_str());
        throw std::runtime_error("no generation was completed: " + result.stop_reason +
                                 "; raise --budget or check the failed simulations");
    }

    CalibrationFileInfo info;
    info.spec = &spec;
    info.result = &result;
    info.target_units = model.target_units();
    info.seed = model.seed();
    info.stream_group = model.stream_group();
    info.scenario_toml = model.scenario_toml();
    info.command_line = command_line;
    write_calibration_file(output->partial_path(), info);
    output->commit();
    for (const auto& path : existing_journals(o.output)) std::remove(path.c_str());  // the file now holds the result

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
    cmd->add_flag("--resume", o->resume, "continue an interrupted calibration from its journal (<output>.journal) without redoing its simulations");
    cmd->add_option("--set", o->sets, "override a parameter of the base scenario, KEY=VALUE (repeatable)");
    cmd->add_flag("--overwrite", o->overwrite, "replace the output file if it exists");
    cmd->add_flag("-q,--quiet", o->quiet, "print nothing but errors");
    return [o, command_line] { return run_with_mpi([&](const MpiSession& mpi) { return calibrate(*o, command_line, mpi); }); };
}

}  // namespace asmsim::cli
