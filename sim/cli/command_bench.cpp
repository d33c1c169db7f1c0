// `asmsim bench`: the model's speed and memory without output (docs/performance.md).

#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <memory>

#include "cli/commands.hpp"
#include "experiment/replicates.hpp"

namespace asmsim::cli {

namespace {
struct BenchOptions {
    std::int64_t households = 100000;
    int months = 120;
    int threads = 1;
    int replicates = 0;  // 0: one per thread
    std::string scenario;
    std::int64_t rows_per_block = Simulation::default_rows_per_block;
};

double peak_rss_mb() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_maxrss) / 1024.0;  // Linux reports KiB
}

int bench(const BenchOptions& o) {
    const int replicates = o.replicates > 0 ? o.replicates : o.threads;
    std::vector<std::string> overrides = {"simulation.households=" + std::to_string(o.households),
                                          "simulation.months=" + std::to_string(o.months)};
    PreparedScenario prepared = prepare_scenario(o.scenario, overrides);
    ReplicateOptions options;
    options.seed = static_cast<std::uint64_t>(prepared.scenario.params->integer("random.seed"));
    options.replicates = replicates;
    options.threads = o.threads;
    options.rows_per_block = o.rows_per_block;
    const auto started = std::chrono::steady_clock::now();
    run_replicates(prepared, options, [](int, const Simulation&) {});
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    const double steps = static_cast<double>(o.households) * o.months * replicates;
    std::printf("scenario: %s, households: %lld, months: %d, replicates: %d, threads: %d, rows per block: %lld, "
                "seconds: %.3f\n",
                prepared.scenario.name.c_str(), static_cast<long long>(o.households), o.months, replicates,
                o.threads, static_cast<long long>(o.rows_per_block), seconds);
    std::printf("household_steps_per_s: %.4g\n", steps / seconds);
    std::printf("peak_rss_mb: %.1f\n", peak_rss_mb());
    return exit_ok;
}
}  // namespace

Action add_bench_command(CLI::App& app) {
    auto* cmd = app.add_subcommand("bench", "Time the model (initialisation and months, no output)");
    auto o = std::make_shared<BenchOptions>();
    cmd->add_option("--households", o->households, "households per replicate")->check(CLI::Range(1, 50'000'000));
    cmd->add_option("--months", o->months, "months")->check(CLI::Range(1, 1200));
    cmd->add_option("--threads", o->threads, "worker threads")->check(CLI::Range(1, 4096));
    cmd->add_option("--replicates", o->replicates, "replicates (default: one per thread)")->check(CLI::Range(1, 100000));
    cmd->add_option("--scenario", o->scenario, "scenario to time (default: every parameter at its default)");
    cmd->add_option("--rows-per-block", o->rows_per_block,
                    "households per block of a pass over households (for tuning: results do not depend on it)")
        ->check(CLI::Range(std::int64_t{2}, std::int64_t{1} << 40))
        ->check([](const std::string& text) { return std::stoll(text) % 2 == 0 ? "" : "must be even"; });
    return [o] { return bench(*o); };
}

}  // namespace asmsim::cli
