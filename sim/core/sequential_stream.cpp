#include "core/sequential_stream.hpp"

#include <array>
#include <cstdint>

#include <boost/random/seed_seq.hpp>

namespace asmsim {

SequentialEngine make_sequential_stream(const StreamKey& key, std::string_view name) {
    auto lo = [](std::uint64_t x) { return static_cast<std::uint32_t>(x & 0xffffffffu); };
    auto hi = [](std::uint64_t x) { return static_cast<std::uint32_t>(x >> 32); };
    const std::uint64_t group = stable_hash(key.stream_group);
    const std::uint64_t hashed = stable_hash(name);
    std::array<std::uint32_t, 8> words = {lo(key.master_seed), hi(key.master_seed), lo(group),
                                          hi(group),           lo(key.replicate),   hi(key.replicate),
                                          lo(hashed),          hi(hashed)};
    boost::random::seed_seq seq(words.begin(), words.end());
    return SequentialEngine(seq);
}

}  // namespace asmsim
