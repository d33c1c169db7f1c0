#pragma once
// Every random number in asmsim comes from a stream named by
//   (master seed, stream group, replicate, module).
// A run draws from nothing else, so its results do not depend on thread count, MPI rank or the
// order in which runs execute. Scenarios in the same stream group (the default: all of them)
// draw the same numbers in each module, which gives common random numbers for comparisons.

#include <cstdint>
#include <string>
#include <string_view>

#include <boost/random/mersenne_twister.hpp>

namespace asmsim {

using RandomEngine = boost::random::mt19937_64;

struct StreamKey {
    std::uint64_t master_seed = 0;
    std::string stream_group;  // scenarios sharing a group share random numbers
    std::uint64_t replicate = 0;
};

// 64-bit FNV-1a: a fixed, platform-independent hash for names in stream keys.
std::uint64_t stable_hash(std::string_view text);

// The engine of one module in one run, seeded through boost::random::seed_seq.
RandomEngine make_stream(const StreamKey& key, std::string_view module);

}  // namespace asmsim
