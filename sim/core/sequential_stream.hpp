#pragma once
// Streams for draws that belong to no household, site or month: a sweep's design and the bootstrap
// of its analysis. They are one sequence each, so they keep Boost's MT19937-64 (as before the model
// moved to Philox, core/random_streams.hpp): sweep designs and intervals stay as they were.

#include <string_view>

#include <boost/random/mersenne_twister.hpp>

#include "core/random_streams.hpp"

namespace asmsim {

using SequentialEngine = boost::random::mt19937_64;

// Seeded through boost::random::seed_seq with the low and high halves of the master seed, of the
// FNV-1a hashes of the stream group and of the name, and of the replicate.
SequentialEngine make_sequential_stream(const StreamKey& key, std::string_view name);

}  // namespace asmsim
