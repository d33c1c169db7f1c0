#pragma once
// Combines the shard files of one sweep (`asmsim sweep --shard i/n`) into one file with every
// point, as an unsharded run would have written it. Streams blocks of points, so memory does
// not grow with the sweep.

#include <string>
#include <vector>

namespace asmsim {

// Checks the shards belong to one sweep (same fingerprint) and cover every shard once; writes
// the combined file to `output` (a new file). Throws std::runtime_error otherwise.
void merge_sweep_files(const std::vector<std::string>& shards, const std::string& output, const std::string& command_line);

}  // namespace asmsim
