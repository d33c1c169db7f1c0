// asmsim: agent-based simulation of artisanal and small-scale miners' livelihoods.

#include <fstream>
#include <iostream>
#include <map>

#include "cli/commands.hpp"
#include "cli/resources.hpp"
#include "core/input_error.hpp"
#include "core/version.hpp"
#include "io/atomic_output.hpp"
#include "io/hdf5.hpp"
#include "sweep/mpi_session.hpp"

namespace asmsim::cli {
void write_text(const std::string& text, const std::string& path) {
    if (path.empty()) {
        std::cout << text;
        return;
    }
    // Through a partial file renamed into place: a failed write (a full disk) leaves the previous
    // file as it was and no truncated one.
    require_disk_space(path, static_cast<double>(text.size()));
    AtomicOutput output(path, true);
    {
        std::ofstream out(output.partial_path());
        out << text;
        out.flush();
        if (!out) {
            require_disk_space(path, static_cast<double>(text.size()) + 65536.0);  // the usual cause, with numbers
            throw std::runtime_error(path + ": cannot write the file");
        }
    }
    output.commit();
}

int run_with_mpi(const std::function<int(const MpiSession&)>& body) {
    MpiSession mpi;
    if (mpi.size() == 1) return body(mpi);
    try {
        return body(mpi);
    } catch (const InputError& e) {
        if (mpi.rank() == 0) std::cerr << "asmsim: error: " << e.what() << "\n";
        mpi.abort(exit_bad_input);
    } catch (const std::exception& e) {
        std::cerr << "asmsim: error (rank " << mpi.rank() << "): " << e.what() << "\n";
        mpi.abort(exit_failure);
    }
}
}  // namespace asmsim::cli

namespace {
std::string quoted_command_line(int argc, char** argv) {
    std::string line;
    for (int i = 0; i < argc; ++i) {
        std::string arg = argv[i];
        bool plain = !arg.empty() && arg.find_first_of(" \t\"'$\\") == std::string::npos;
        line += (i ? " " : "") + (plain ? arg : "'" + arg + "'");
    }
    return line;
}
}  // namespace

int main(int argc, char** argv) {
    using namespace asmsim;
    h5::disable_library_exit_cleanup();  // before any other HDF5 call
    install_signal_handlers();
    CLI::App app{"asmsim: agent-based simulation of artisanal and small-scale miners' livelihoods"};
    app.set_version_flag("--version", std::string("asmsim ") + asmsim_version() + " (" + asmsim_git_commit() + ")");
    app.require_subcommand(1);

    std::map<std::string, cli::Action> actions;
    actions["run"] = cli::add_run_command(app, quoted_command_line(argc, argv));
    actions["compare"] = cli::add_compare_command(app, quoted_command_line(argc, argv));
    actions["validate"] = cli::add_validate_command(app);
    actions["params"] = cli::add_params_command(app);
    actions["outputs"] = cli::add_outputs_command(app);
    actions["bench"] = cli::add_bench_command(app);
    actions["report"] = cli::add_report_command(app);
    actions["sweep"] = cli::add_sweep_command(app, quoted_command_line(argc, argv));
    actions["analyze"] = cli::add_analyze_command(app);
    actions["merge"] = cli::add_merge_command(app, quoted_command_line(argc, argv));
    actions["calibrate"] = cli::add_calibrate_command(app, quoted_command_line(argc, argv));

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int code = app.exit(e);
        return code == 0 ? cli::exit_ok : cli::exit_bad_input;
    }
    try {
        for (auto* sub : app.get_subcommands()) return actions.at(sub->get_name())();
    } catch (const InputError& e) {
        std::cerr << "asmsim: error: " << e.what() << "\n";
        return cli::exit_bad_input;
    } catch (const std::exception& e) {
        std::cerr << "asmsim: error: " << e.what() << "\n";
        return cli::exit_failure;
    }
    return cli::exit_ok;
}
