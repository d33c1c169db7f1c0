// `asmsim sweep`: runs a sensitivity sweep (designs, threads, MPI ranks, shards), journalled so
// that --resume finishes an interrupted sweep; the HDF5 file is assembled from the journals at
// the end and, for Sobol' and Morris designs, holds the sensitivity indices.

#include <cstdio>
#include <filesystem>
#include <limits>
#include <fstream>
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/resources.hpp"
#include "core/input_error.hpp"
#include "experiment/replicates.hpp"
#include "io/atomic_output.hpp"
#include "io/sweep_file.hpp"
#include "sweep/analyze.hpp"
#include "sweep/design.hpp"
#include "sweep/journal.hpp"
#include "sweep/mpi_session.hpp"
#include "sweep/point_model.hpp"
#include "sweep/sweep_runner.hpp"

namespace asmsim::cli {

namespace {

struct SweepOptions {
    std::string sweep;
    std::string output;
    int threads = 0;
    bool resume = false;
    bool overwrite = false;
    bool quiet = false;
    std::string shard;  // "i/n"
    int bootstrap = 1000;
    double max_memory_gb = 0;  // 0: the memory the system says is available
};

// Refuses a sweep whose points cannot be held before any of it is built. Per point the design
// holds 2 x d coordinates and four small indices, the journal indices 24 bytes, and the analysis
// reads replicates x statistics numbers; the monthly series stream from the journal point by point.
void check_sweep_size(const SweepSpec& spec, const SweepOptions& o) {
    const std::uint64_t points = design_point_count(spec);
    const std::string where = spec.path;
    if (points > static_cast<std::uint64_t>(std::numeric_limits<int>::max()))
        throw InputError({where, 0, 0}, "design", "the design has " + std::to_string(points) + " points, more than " +
                         std::to_string(std::numeric_limits<int>::max()) + " (the most one sweep file holds)",
                         "use fewer samples, levels, trajectories or randomisations");
    const double per_point = 16.0 * static_cast<double>(spec.parameters.size()) + 32.0 + 24.0 +
                             8.0 * spec.replicates * std::max<std::size_t>(spec.outputs.size(), 1);
    require_memory(where, "the design (" + std::to_string(points) + " points)", per_point * static_cast<double>(points),
                   o.max_memory_gb, "use --shard, fewer points (samples, levels, trajectories, randomisations)");
}

// Memory for the simulations in flight (one per thread) and the disk space for the journal and
// the file assembled from it, which exist together at the end: each point's statistics and
// monthly series (uncompressed, as the journal holds them).
void check_sweep_resources(const SweepSpec& spec, const PointModel& model, const SweepOptions& o, int threads,
                           double journal_points, double file_points) {
    if (spec.model == SweepModel::livelihood) {
        const double households = static_cast<double>(model.base_households());
        require_memory(spec.path, "the sweep's simulations (" + std::to_string(threads) + " threads of " +
                                      std::to_string(static_cast<long long>(households)) + " households)",
                       memory_base_bytes + threads * households * memory_bytes_per_household, o.max_memory_gb,
                       "use fewer --threads or fewer households");
    }
    const SweepShape& shape = model.shape();
    const double values_per_point = static_cast<double>(shape.replicates) *
                                    (static_cast<double>(spec.outputs.size()) +
                                     static_cast<double>(spec.timeseries.size()) * shape.months);
    constexpr double journal_record_bytes = 32.0;  // marker, four sizes and checksum of each record
    require_disk_space(o.output, series_bytes_per_value * values_per_point * (journal_points + file_points) +
                                     journal_record_bytes * journal_points);
}

int sweep(const SweepOptions& o, const std::string& command_line, const MpiSession& mpi) {
    namespace fs = std::filesystem;
    int shard_index = 0, shard_count = 1;
    if (!o.shard.empty()) {
        if (!parse_shard(o.shard, shard_index, shard_count))
            throw InputError({"--shard", 0, 0}, "", "expected i/n with 0 <= i < n <= " + std::to_string(max_shards) +
                             ", got '" + o.shard + "'", "e.g. --shard 0/4 ... --shard 3/4");
    }
    const SweepSpec spec = load_sweep(o.sweep);
    check_sweep_size(spec, o);
    const Design design = [&] {
        std::uint64_t seed = spec.seed >= 0 ? static_cast<std::uint64_t>(spec.seed) : 0;
        if (spec.seed < 0 && spec.model == SweepModel::livelihood)
            seed = static_cast<std::uint64_t>(prepare_scenario(spec.scenario, spec.fixed_sets).scenario.params->integer("random.seed"));
        return make_design(spec, seed);
    }();
    const PointModel model(spec, design);
    const std::uint64_t fingerprint = sweep_fingerprint(spec.toml, model.scenario_toml(), design.points);

    if (fs::exists(o.output) && !o.overwrite)
        throw InputError({o.output, 0, 0}, "", "the output file exists",
                         o.resume ? "the sweep is already complete; choose another -o to run it again"
                                  : "pass --overwrite to replace it, or choose another -o");
    const std::vector<std::string> journals = existing_journals(o.output);
    if (!journals.empty() && !o.resume)
        throw InputError({journals.front(), 0, 0}, "",
                         "a journal of an unfinished sweep exists beside the output",
                         "pass --resume to finish that sweep, or delete " + journals.front() + " to start again");
    if (o.resume && mpi.rank() == 0) {
        // An assembly killed by kill -9 leaves its ".partial-<pid>" file; the resumed sweep writes its own.
        const int stale = remove_stale_partials(o.output);
        if (stale > 0 && !o.quiet)
            std::fprintf(stderr, "asmsim sweep: removed %d partial file(s) left by an interrupted assembly\n", stale);
    }

    // Points already finished (by any rank or process of an earlier attempt).
    JournalIndex done(design.points);
    std::int64_t own_valid = -1;
    const std::string own_journal = journal_path(o.output, mpi.rank(), mpi.size());
    if (mpi.rank() == 0) create_parent_folders(o.output);  // the journals live beside the output
    mpi.barrier();
    for (const auto& path : journals) {
        const std::int64_t valid = done.add(path, fingerprint);
        if (path == own_journal) own_valid = valid;
    }
    mpi.barrier();  // every rank has read the journals before any appends to its own

    std::vector<int> todo;
    int owned = 0, owned_done = 0;
    for (int p = 0; p < design.points; ++p) {
        if (!owns_point(p, shard_index, shard_count, mpi.rank(), mpi.size())) continue;
        ++owned;
        if (done.has(p)) ++owned_done;
        else todo.push_back(p);
    }
    const int threads = o.threads > 0 ? o.threads : hardware_threads();
    check_sweep_resources(spec, model, o, threads, static_cast<double>(todo.size()), mpi.rank() == 0 ? design.points : 0.0);
    if (!o.quiet && mpi.rank() == 0)
        std::fprintf(stderr, "asmsim sweep: %s, %s design, %d points x %d replicates%s%s; %d threads%s\n", spec.name.c_str(),
                     to_string(spec.design), design.points, spec.replicates,
                     shard_count > 1 ? (", shard " + o.shard).c_str() : "",
                     done.count() ? (", resuming with " + std::to_string(done.count()) + " points done").c_str() : "",
                     threads, mpi.size() > 1 ? (" per rank, " + std::to_string(mpi.size()) + " MPI ranks").c_str() : "");
    RunnerReport report;
    {
        JournalWriter journal(own_journal, fingerprint, own_valid);
        Progress progress(owned, owned_done, o.quiet || mpi.rank() != 0);
        report = run_points(model, todo, threads, journal, progress);
        journal.sync();
        progress.finish();
    }
    mpi.barrier();  // every rank's journal is complete
    if (mpi.rank() != 0) return exit_ok;

    // Assemble the file from the journals, point by point.
    JournalIndex index(design.points);
    const std::vector<std::string> all_journals = existing_journals(o.output);
    for (const auto& path : all_journals) index.add(path, fingerprint);
    SweepFileInfo info;
    info.spec = &spec;
    info.design = &design;
    info.shape = model.shape();
    info.seed = model.seed();
    info.stream_group = model.stream_group();
    info.scenario_toml = model.scenario_toml();
    info.command_line = command_line;
    info.fingerprint = fingerprint;
    info.shard_index = shard_index;
    info.shard_count = shard_count;
    AtomicOutput output(o.output, o.overwrite);
    int failed = 0;
    {
        SweepFileWriter writer(output.partial_path(), info);
        for (int p = 0; p < design.points; ++p) {
            if (!shard_owns_point(p, shard_index, shard_count)) {
                writer.write_not_run(p);
                continue;
            }
            if (!index.has(p))
                throw std::runtime_error("point " + std::to_string(p) + " has no journal record; run again with --resume");
            const PointResult r = index.read(p);
            failed += !r.ok();
            writer.write_point(r);
        }
        writer.close();
    }
    std::string table;
    if (shard_count == 1 && has_indices(to_string(spec.design))) {
        const SweepForAnalysis data = read_sweep_for_analysis(output.partial_path());
        BootstrapOptions bootstrap;
        bootstrap.resamples = o.bootstrap;
        const SweepAnalysis analysis = analyze_sweep(data, bootstrap);
        write_analysis(output.partial_path(), data, analysis);
        table = ranked_table(data, analysis);
    }
    output.commit();
    for (const auto& path : all_journals) std::remove(path.c_str());  // the file now holds every result

    if (!o.quiet) {
        if (!table.empty()) std::printf("Sensitivity indices (%s design)%s", to_string(spec.design), table.c_str());
        std::printf("\nWrote %s (%d points%s)\n", o.output.c_str(), design.points,
                    shard_count > 1 ? ", this shard's marked in /results/status; combine shards with 'asmsim merge'" : "");
    }
    if (failed > 0)
        std::fprintf(stderr, "asmsim sweep: warning: %d point(s) failed; their errors are in /results/error\n", failed);
    return exit_ok;
}

}  // namespace

Action add_sweep_command(CLI::App& app, const std::string& command_line) {
    auto* cmd = app.add_subcommand("sweep", "Run a sensitivity sweep (grid, Latin hypercube, Sobol', Morris) and store its results");
    auto o = std::make_shared<SweepOptions>();
    cmd->add_option("sweep", o->sweep, "sweep file (TOML), e.g. scenarios/sweeps/ishigami.toml")->required();
    cmd->add_option("-o,--output", o->output, "HDF5 file to write")->required();
    cmd->add_option("-t,--threads", o->threads, "worker threads per process (default: all cores); results do not depend on it")
        ->check(CLI::Range(1, 4096));
    cmd->add_flag("--resume", o->resume, "finish an interrupted sweep from its journal (<output>.journal) without redoing finished points");
    cmd->add_option("--shard", o->shard, "run only shard i of n (points p with p % n == i), for cluster job arrays; "
                                         "combine with 'asmsim merge'");
    cmd->add_option("--bootstrap", o->bootstrap, "bootstrap resamples for the intervals of Morris mu* (Sobol' intervals come from the randomisations)")
        ->check(CLI::Range(10, 1000000));
    cmd->add_flag("--overwrite", o->overwrite, "replace the output file if it exists");
    add_max_memory_option(cmd, o->max_memory_gb);
    cmd->add_flag("-q,--quiet", o->quiet, "print nothing but errors");
    return [o, command_line] { return run_with_mpi([&](const MpiSession& mpi) { return sweep(*o, command_line, mpi); }); };
}

}  // namespace asmsim::cli
