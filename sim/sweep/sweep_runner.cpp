#include "sweep/sweep_runner.hpp"

#include <signal.h>
#include <unistd.h>

#include <cstdlib>
#include <mutex>

#include "core/parallel_for.hpp"
#include "core/random_streams.hpp"
#include "core/version.hpp"

namespace asmsim {

std::uint64_t sweep_fingerprint(const std::string& sweep_toml, const std::string& scenario_toml, int points) {
    return stable_hash("asmsim sweep journal 1\n" + std::string(asmsim_version()) + "\n" + asmsim_git_commit() + "\n" +
                       std::to_string(points) + "\n" + sweep_toml + "\n" + scenario_toml);
}

bool shard_owns_point(int point, int shard_index, int shard_count) { return point % shard_count == shard_index; }

bool owns_point(int point, int shard_index, int shard_count, int rank, int ranks) {
    return shard_owns_point(point, shard_index, shard_count) && (point / shard_count) % ranks == rank;
}

RunnerReport run_points(const PointModel& model, const std::vector<int>& todo, int threads, JournalWriter& journal,
                        Progress& progress) {
    // Test hook for crash recovery: ASMSIM_SWEEP_KILL_AFTER=k kills this process with SIGKILL
    // right after its k-th journal record, as kill -9 would.
    long kill_after = -1;
    if (const char* hook = std::getenv("ASMSIM_SWEEP_KILL_AFTER")) kill_after = std::atol(hook);

    // Points are handed out by parallel_for, which stops handing them out after the first
    // exception and rethrows it once every thread has stopped. A journal that cannot be written
    // stops the sweep: the runs still in flight then finish but are not recorded after it.
    std::mutex journal_mutex;
    bool journal_failed = false;
    RunnerReport report;
    parallel_for(todo.size(), threads, [&](std::size_t k) {
        const PointResult result = model.run(todo[k]);
        std::lock_guard<std::mutex> lock(journal_mutex);
        if (journal_failed) return;
        try {
            journal.append(result);
        } catch (...) {
            journal_failed = true;
            throw;
        }
        ++report.ran;
        report.failed += !result.ok();
        progress.tick(!result.ok());
        if (kill_after >= 0 && report.ran >= kill_after) ::kill(::getpid(), SIGKILL);
    });
    return report;
}

}  // namespace asmsim
