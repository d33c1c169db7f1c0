// `asmsim analyze`: Sobol' indices (t intervals over the randomised designs) or Morris indices
// (bootstrap intervals) of a sweep file, stored in
// its /analysis group and printed as a ranked table. The file is rewritten through a copy that
// replaces it only when complete.

#include <cstdio>
#include <filesystem>
#include <memory>

#include "cli/commands.hpp"
#include "cli/resources.hpp"
#include "core/input_error.hpp"
#include "io/atomic_output.hpp"
#include "io/sweep_analysis_file.hpp"
#include "sweep/analyze.hpp"

namespace asmsim::cli {

namespace {
struct AnalyzeOptions {
    std::string file;
    int bootstrap = 1000;
    double confidence = 0.95;
    bool dry = false;
};
}  // namespace

Action add_analyze_command(CLI::App& app) {
    auto* cmd = app.add_subcommand("analyze", "Sensitivity indices of a sweep file: stored in /analysis and printed");
    auto o = std::make_shared<AnalyzeOptions>();
    cmd->add_option("file", o->file, "sweep file written by 'asmsim sweep' or 'asmsim merge'")->required()->check(CLI::ExistingFile);
    cmd->add_option("--bootstrap", o->bootstrap, "bootstrap resamples for the intervals of Morris mu* (Sobol' intervals come from the randomisations)")->check(CLI::Range(10, 1000000));
    cmd->add_option("--confidence", o->confidence, "confidence level of the intervals")->check(CLI::Range(0.5, 0.999));
    cmd->add_flag("--no-store", o->dry, "print the table only; leave the file as it is");
    return [o] {
        const SweepForAnalysis data = read_sweep_for_analysis(o->file);
        BootstrapOptions bootstrap;
        bootstrap.resamples = o->bootstrap;
        bootstrap.confidence = o->confidence;
        const SweepAnalysis analysis = analyze_sweep(data, bootstrap);
        if (!o->dry) {
            // The file is rewritten through a copy of itself.
            require_disk_space(o->file, static_cast<double>(std::filesystem::file_size(o->file)));
            AtomicOutput output(o->file, true);
            std::filesystem::copy_file(o->file, output.partial_path(), std::filesystem::copy_options::overwrite_existing);
            write_analysis(output.partial_path(), data, analysis);
            output.commit();
        }
        std::printf("Sensitivity indices (%s design) of %s%s", data.design.c_str(), o->file.c_str(),
                    ranked_table(data, analysis).c_str());
        if (!o->dry) std::printf("\nStored in %s:/analysis\n", o->file.c_str());
        return exit_ok;
    };
}

}  // namespace asmsim::cli
