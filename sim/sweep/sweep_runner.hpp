#pragma once
// Runs the points of a sweep on threads, appending each finished point to the journal as it
// completes. Points are handed out in increasing order; each point's result depends only on the
// point, never on the thread, so the journal content per point is identical however it is run.

#include <cstdint>
#include <string>
#include <vector>

#include "sweep/journal.hpp"
#include "sweep/point_model.hpp"
#include "sweep/progress.hpp"

namespace asmsim {

struct RunnerReport {
    int ran = 0, failed = 0;
};

RunnerReport run_points(const PointModel& model, const std::vector<int>& todo, int threads, JournalWriter& journal,
                        Progress& progress);

// Identifies a sweep's results: sweep file text, resolved scenario, asmsim version and commit.
// Journals and files of a sweep carry it; resume and merge refuse anything else.
std::uint64_t sweep_fingerprint(const std::string& sweep_toml, const std::string& scenario_toml, int points);

// Which points a process runs: shard i of n takes points p with p % n == i; within a shard,
// MPI rank k of K takes every K-th of them.
bool owns_point(int point, int shard_index, int shard_count, int rank, int ranks);
bool shard_owns_point(int point, int shard_index, int shard_count);

}  // namespace asmsim
