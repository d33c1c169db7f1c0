// `asmsim report FILE.h5 -o DIR`: the self-contained HTML report of a run, experiment, sweep,
// calibration or uncertainty comparison.
// The report is written by the Python package in analysis/asmsim (docs/analysis.md); this command
// only replaces itself with `python3 -m asmsim report ...`, so the report has one implementation.

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "core/input_error.hpp"

#ifndef ASMSIM_ANALYSIS_DIR
#define ASMSIM_ANALYSIS_DIR ""
#endif

namespace asmsim::cli {
namespace {

struct ReportOptions {
    std::string file, output;
    bool overwrite = false;
    int months = 12;
    std::string figure_format = "png";
    std::string baseline;  // sweeps: the same design without the intervention (scenario discovery)
};

std::string from_env(const char* name, const std::string& fallback) {
    const char* value = std::getenv(name);
    return value && *value ? value : fallback;
}

}  // namespace

Action add_report_command(CLI::App& app) {
    auto o = std::make_shared<ReportOptions>();
    CLI::App* cmd = app.add_subcommand(
        "report", "Write a self-contained HTML report (tables, figures, provenance) of a run, experiment, sweep, "
        "calibration or uncertainty comparison file");
    cmd->add_option("file", o->file, "asmsim results file (.h5)")->required();
    cmd->add_option("-o,--output", o->output, "output directory: index.html, figures/ (PNG or SVG, and PDF), tables/ (CSV)")
        ->required();
    cmd->add_flag("--overwrite", o->overwrite, "replace an existing report in the directory");
    cmd->add_option("--months", o->months, "statistic: mean over the last MONTHS months (default 12)")
        ->check(CLI::PositiveNumber);
    cmd->add_option("--figure-format", o->figure_format,
                    "figures embedded in index.html and saved beside their PDF: png (300 dpi, default) or svg (vector)")
        ->check(CLI::IsMember({"png", "svg"}));
    cmd->add_option("--baseline", o->baseline,
                    "sweeps: a sweep file of the same design and seed without the intervention; scenario "
                    "discovery then finds where the intervention fails to beat it, point by point")
        ->check(CLI::ExistingFile);
    return [o]() -> int {
        // ASMSIM_ANALYSIS overrides the analysis/ folder of the source tree this binary was built from.
        const std::string analysis = from_env("ASMSIM_ANALYSIS", ASMSIM_ANALYSIS_DIR);
        const std::string python = from_env("ASMSIM_PYTHON", "/usr/bin/python3");
        if (!std::filesystem::exists(std::filesystem::path(analysis) / "asmsim" / "__main__.py"))
            throw InputError({"ASMSIM_ANALYSIS", 0, 0}, "analysis",
                             "the Python analysis package is not at '" + analysis + "/asmsim'",
                             "set ASMSIM_ANALYSIS to the analysis/ folder of the asmsim sources, or run "
                             "`PYTHONPATH=analysis python3 -m asmsim report FILE -o DIR`");
        const std::string path = from_env("PYTHONPATH", "");
        setenv("PYTHONPATH", (path.empty() ? analysis : analysis + ":" + path).c_str(), 1);
        std::vector<std::string> args{python, "-m", "asmsim", "report", o->file, "-o", o->output,
                                      "--months", std::to_string(o->months), "--figure-format", o->figure_format};
        if (o->overwrite) args.push_back("--overwrite");
        if (!o->baseline.empty()) args.insert(args.end(), {"--baseline", o->baseline});
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        execv(python.c_str(), argv.data());  // returns only on failure
        throw std::runtime_error("cannot run " + python + ": " + std::strerror(errno));
    };
}

}  // namespace asmsim::cli
