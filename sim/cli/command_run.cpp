// `asmsim run`: one scenario, R replicates, one HDF5 file, a summary table.

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <mutex>

#include "cli/commands.hpp"
#include "cli/resources.hpp"
#include "core/input_error.hpp"
#include "experiment/replicates.hpp"
#include "experiment/statistics.hpp"
#include "io/atomic_output.hpp"
#include "io/run_file.hpp"

namespace asmsim::cli {

namespace {

struct RunOptions {
    std::string scenario;
    std::string output;
    int replicates = 1;
    int threads = 0;         // 0: all hardware threads
    std::int64_t seed = -1;  // -1: the scenario's random.seed
    std::vector<std::string> overrides;
    bool overwrite = false;
    bool print_plan = false;
    bool quiet = false;
    double max_memory_gb = 0;  // 0: what the system has available
};

// Mean over the last 12 months (or all months of a shorter run) of every output.
std::vector<double> last_year_means(const Results& results) {
    const int months = results.months();
    const int window = std::min(12, months);
    std::vector<double> means;
    for (int j = 0; j < static_cast<int>(results.specs().size()); ++j)
        means.push_back(results.values().col(j).tail(window).mean());
    return means;
}

// The outputs the summary table shows; every output is in the file (`asmsim outputs` lists them).
const char* const summary_outputs[] = {"price_gold_usd_per_g",
                                       "n_mining_households",
                                       "n_miners",
                                       "women_share_of_miners",
                                       "formal_share",
                                       "licence_queue",
                                       "production_gold_g",
                                       "production_cobalt_g",
                                       "production_tin_g",
                                       "mean_income_usd_per_capita",
                                       "median_income_usd_per_capita",
                                       "gini_income",
                                       "poverty_headcount",
                                       "poverty_headcount_female_head",
                                       "poverty_headcount_male_head",
                                       "mean_savings_usd",
                                       "mean_debt_usd",
                                       "share_in_trader_debt",
                                       "new_defaults",
                                       "mercury_released_kg",
                                       "land_degraded_ha",
                                       "new_injuries",
                                       "new_fatalities",
                                       "fiscal_revenue_usd"};

void print_summary(const ResolvedScenario& scenario, const Results& first,
                   const std::vector<std::vector<double>>& per_replicate, int months) {
    const int window = std::min(12, months);
    std::printf(
        "\nScenario '%s': mean of the last %d months over %zu replicates (95%% interval of the "
        "mean)\n",
        scenario.name.c_str(), window, per_replicate.size());
    std::printf("  %-32s %-18s %14s %14s\n", "output", "units", "mean", "+/- 95%");
    for (const char* name : summary_outputs) {
        const int j = first.find(name);
        if (j < 0) continue;
        std::vector<double> values;
        for (const auto& replicate : per_replicate)
            values.push_back(replicate[static_cast<std::size_t>(j)]);
        MeanInterval m = mean_ci95(values);
        std::printf("  %-32s %-18s %14.6g %14.3g\n", name,
                    first.specs()[static_cast<std::size_t>(j)].units.c_str(), m.mean,
                    m.half_width_95);
    }
    std::printf("  (%zu outputs in all: 'asmsim outputs' lists them)\n", first.specs().size());
}

int run(const RunOptions& o, const std::string& command_line) {
    std::vector<std::string> overrides = o.overrides;
    if (o.seed >= 0) overrides.push_back("random.seed=" + std::to_string(o.seed));
    // An empty path would mean the schema's defaults inside the library; on the command line it is a mistake.
    if (o.scenario.empty()) require_input_file(o.scenario, "scenario file", max_toml_bytes);
    PreparedScenario prepared = prepare_scenario(o.scenario, overrides);  // bad input stops here
    const ParameterSet& params = *prepared.scenario.params;

    if (o.print_plan) {
        Simulation probe(prepared.scenario.params, prepared.inputs, StreamKey{});
        std::cout << describe_month_plan(probe.plan());
        return exit_ok;
    }
    if (o.output.empty()) {
        std::cerr << "asmsim: error: run needs an output file: -o OUT.h5 (or --print-plan)\n";
        return exit_bad_input;
    }

    ReplicateOptions options;
    options.seed = static_cast<std::uint64_t>(params.integer("random.seed"));
    options.replicates = o.replicates;
    options.threads = o.threads > 0 ? o.threads : hardware_threads();

    // Refused before any work when it cannot fit: simulations in flight, and the file (each
    // replicate's monthly series and households' final state).
    const double households = static_cast<double>(params.integer("simulation.households"));
    const double months = static_cast<double>(params.integer("simulation.months"));
    require_memory(o.scenario, "the run (" + std::to_string(std::min(options.threads, o.replicates)) + " simulations of " +
                                   std::to_string(static_cast<long long>(households)) + " households in flight)",
                   simulations_memory_bytes(std::min(options.threads, o.replicates), households), o.max_memory_gb,
                   "use fewer --threads or fewer households");
    require_disk_space(o.output, o.replicates * (months * monthly_outputs_per_run * series_bytes_per_value +
                                                 households * run_file_bytes_per_household + panel_bytes_per_run(params)));
    AtomicOutput output(o.output, o.overwrite);  // refuses an existing file before any work
    RunMetadata metadata;
    metadata.scenario_name = prepared.scenario.name;
    metadata.scenario_description = prepared.scenario.description;
    metadata.scenario_toml = prepared.scenario.to_toml();
    metadata.command_line = command_line;
    metadata.seed = options.seed;
    metadata.stream_group = params.text("random.stream_group");
    metadata.replicates = o.replicates;
    metadata.months = static_cast<int>(params.integer("simulation.months"));
    metadata.households = params.integer("simulation.households");
    metadata.start = prepared.inputs->start;
    RunFileWriter writer(output.partial_path(), metadata);

    const bool tty = isatty(STDERR_FILENO);
    const auto started = std::chrono::steady_clock::now();
    std::mutex mutex;
    int finished = 0;
    std::vector<std::vector<double>> per_replicate(static_cast<std::size_t>(o.replicates));
    std::unique_ptr<Results> first;
    if (!o.quiet)
        std::fprintf(stderr,
                     "asmsim: %s: %d replicate(s) x %lld households x %d months on %d thread(s)\n",
                     prepared.scenario.name.c_str(), o.replicates,
                     static_cast<long long>(metadata.households), metadata.months,
                     std::min(options.threads, o.replicates));

    try {
        run_replicates(prepared, options, [&](int r, const Simulation& simulation) {
            writer.write_replicate(r, simulation.results(), simulation.world().households);
            writer.write_panel(r, simulation.households_record());
            std::lock_guard<std::mutex> lock(mutex);
            per_replicate[static_cast<std::size_t>(r)] = last_year_means(simulation.results());
            if (!first) first = std::make_unique<Results>(simulation.results());
            ++finished;
            const double seconds =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
            const int step = std::max(1, o.replicates / 10);
            if (!o.quiet && (tty || finished % step == 0 || finished == o.replicates)) {
                const double left = seconds / finished * (o.replicates - finished);
                std::fprintf(
                    stderr, "%sasmsim: %d/%d replicates done, %.1f s elapsed, about %.0f s left%s",
                    tty ? "\r" : "", finished, o.replicates, seconds, left, tty ? "   " : "\n");
                if (tty && finished == o.replicates) std::fprintf(stderr, "\n");
            }
        });
    } catch (const InputError& e) {
        prepared.scenario.rethrow_located(e);  // name the scenario line that set the key, if any
    }
    writer.close();
    output.commit();
    if (!o.quiet) {
        print_summary(prepared.scenario, *first, per_replicate, metadata.months);
        std::printf("\nWrote %s\n", o.output.c_str());
    }
    return exit_ok;
}

}  // namespace

Action add_run_command(CLI::App& app, const std::string& command_line) {
    auto* cmd =
        app.add_subcommand("run", "Run a scenario's replicates and write them to one HDF5 file");
    auto o = std::make_shared<RunOptions>();
    cmd->add_option("scenario", o->scenario, "scenario file (TOML)")->required();
    cmd->add_option("-o,--output", o->output, "HDF5 file to write (required unless --print-plan)");
    cmd->add_option("-r,--replicates", o->replicates, "independent replicates (default 1)")
        ->check(CLI::Range(1, 1000000));
    cmd->add_option("-t,--threads", o->threads,
                    "worker threads (default: all cores); results do not depend on it")
        ->check(CLI::Range(1, 4096));
    cmd->add_option("--seed", o->seed, "master seed (default: the scenario's random.seed)")
        ->check(CLI::Range(std::int64_t{0}, std::int64_t{9'007'199'254'740'992}));
    cmd->add_option("--set", o->overrides,
                    "override a parameter, e.g. --set simulation.months=240 (repeatable)");
    cmd->add_flag("--overwrite", o->overwrite, "replace the output file if it exists");
    cmd->add_flag("--print-plan", o->print_plan, "print the month's process order and exit");
    cmd->add_flag("-q,--quiet", o->quiet, "print nothing but errors");
    add_max_memory_option(cmd, o->max_memory_gb);
    return [o, command_line] { return run(*o, command_line); };
}

}  // namespace asmsim::cli
