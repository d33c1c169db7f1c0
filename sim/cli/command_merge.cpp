// `asmsim merge`: combines the shard files of a sweep (asmsim sweep --shard i/n) into one file,
// identical in its results to an unsharded run, with the sensitivity indices.

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <memory>

#include "cli/commands.hpp"
#include "cli/resources.hpp"
#include "io/atomic_output.hpp"
#include "io/sweep_analysis_file.hpp"
#include "io/sweep_merge.hpp"
#include "sweep/analyze.hpp"

namespace asmsim::cli {

namespace {
struct MergeOptions {
    std::vector<std::string> shards;
    std::string output;
    bool overwrite = false;
    bool quiet = false;
    int bootstrap = 1000;
};
}  // namespace

Action add_merge_command(CLI::App& app, const std::string& command_line) {
    auto* cmd = app.add_subcommand("merge", "Combine the shard files of a sweep into one file");
    auto o = std::make_shared<MergeOptions>();
    cmd->add_option("shards", o->shards, "shard files written by 'asmsim sweep --shard i/n'")->required()->check(CLI::ExistingFile);
    cmd->add_option("-o,--output", o->output, "HDF5 file to write")->required();
    cmd->add_option("--bootstrap", o->bootstrap, "bootstrap resamples for the intervals of Morris mu* (Sobol' intervals come from the randomisations)")
        ->check(CLI::Range(10, 1000000));
    cmd->add_flag("--overwrite", o->overwrite, "replace the output file if it exists");
    cmd->add_flag("-q,--quiet", o->quiet, "print nothing but errors");
    return [o, command_line] {
        // The merged file is about as large as the largest shard (each holds the whole layout).
        std::uintmax_t largest = 0;
        for (const auto& shard : o->shards) {
            std::error_code ec;
            const std::uintmax_t bytes = std::filesystem::file_size(shard, ec);
            if (!ec) largest = std::max(largest, bytes);
        }
        require_disk_space(o->output, static_cast<double>(largest));
        AtomicOutput output(o->output, o->overwrite);
        merge_sweep_files(o->shards, output.partial_path(), command_line);
        const SweepForAnalysis data = read_sweep_for_analysis(output.partial_path());
        std::string table;
        if (has_indices(data.design)) {
            BootstrapOptions bootstrap;
            bootstrap.resamples = o->bootstrap;
            const SweepAnalysis analysis = analyze_sweep(data, bootstrap);
            write_analysis(output.partial_path(), data, analysis);
            table = ranked_table(data, analysis);
        }
        output.commit();
        if (!o->quiet) {
            if (!table.empty()) std::printf("Sensitivity indices (%s design)%s", data.design.c_str(), table.c_str());
            std::printf("\nWrote %s from %zu shards\n", o->output.c_str(), o->shards.size());
        }
        return exit_ok;
    };
}

}  // namespace asmsim::cli
