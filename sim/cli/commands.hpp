#pragma once
// asmsim's subcommands. Each registers its options on the CLI11 app; the work happens in
// experiment/, io/ and scenario/, so these files stay thin.

#include <CLI/CLI.hpp>

#include <functional>
#include <string>

namespace asmsim {
class MpiSession;
}

namespace asmsim::cli {

// A subcommand's action; returns the process exit code.
using Action = std::function<int()>;

Action add_run_command(CLI::App& app, const std::string& command_line);
Action add_compare_command(CLI::App& app, const std::string& command_line);
Action add_validate_command(CLI::App& app);
Action add_params_command(CLI::App& app);
Action add_bench_command(CLI::App& app);
Action add_outputs_command(CLI::App& app);
Action add_report_command(CLI::App& app);  // runs the Python package's report (analysis/asmsim)
Action add_sweep_command(CLI::App& app, const std::string& command_line);
Action add_analyze_command(CLI::App& app);
Action add_merge_command(CLI::App& app, const std::string& command_line);
Action add_calibrate_command(CLI::App& app, const std::string& command_line);

// Writes `text` to the file `path`, or to standard output when `path` is empty.
void write_text(const std::string& text, const std::string& path);

// Runs `body` (sweep, calibrate) in an MPI session: as it is in a single process; over ranks, an
// error on any rank is printed (an input error by rank 0 only, as every rank meets it) and stops
// every rank (MPI_Abort) with exit code 2 (input) or 1.
int run_with_mpi(const std::function<int(const MpiSession&)>& body);

// Exit codes shared by all subcommands.
inline constexpr int exit_ok = 0;
inline constexpr int exit_failure = 1;     // the run itself failed
inline constexpr int exit_bad_input = 2;   // the user's input is wrong; nothing was written

}  // namespace asmsim::cli
