#include "sweep/sweep_runner.hpp"

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <exception>
#include <mutex>
#include <thread>

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

    std::atomic<std::size_t> next{0};
    std::mutex journal_mutex;
    std::exception_ptr failure;
    RunnerReport report;
    auto worker = [&] {
        for (std::size_t k = next++; k < todo.size(); k = next++) {
            const PointResult result = model.run(todo[k]);
            std::lock_guard<std::mutex> lock(journal_mutex);
            if (failure) return;
            try {
                journal.append(result);
            } catch (...) {
                failure = std::current_exception();  // a journal that cannot be written stops the sweep
                next = todo.size();
                return;
            }
            ++report.ran;
            report.failed += !result.ok();
            progress.tick(!result.ok());
            if (kill_after >= 0 && report.ran >= kill_after) ::kill(::getpid(), SIGKILL);
        }
    };
    const int n = std::max(1, std::min<int>(threads, static_cast<int>(todo.size())));
    if (n == 1) {
        worker();
    } else {
        std::vector<std::thread> pool;
        for (int t = 0; t < n; ++t) pool.emplace_back(worker);
        for (auto& thread : pool) thread.join();
    }
    if (failure) std::rethrow_exception(failure);
    return report;
}

}  // namespace asmsim
