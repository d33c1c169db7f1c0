#include "core/random_streams.hpp"

#include <array>

#include <boost/random/seed_seq.hpp>

namespace asmsim {

std::uint64_t stable_hash(std::string_view text) {
    std::uint64_t h = 14695981039346656037ull;
    for (unsigned char c : text) {
        h ^= c;
        h *= 1099511628211ull;
    }
    return h;
}

RandomEngine make_stream(const StreamKey& key, std::string_view module) {
    auto lo = [](std::uint64_t x) { return static_cast<std::uint32_t>(x & 0xffffffffu); };
    auto hi = [](std::uint64_t x) { return static_cast<std::uint32_t>(x >> 32); };
    const std::uint64_t group = stable_hash(key.stream_group);
    const std::uint64_t name = stable_hash(module);
    std::array<std::uint32_t, 8> words = {lo(key.master_seed), hi(key.master_seed), lo(group),
                                          hi(group),           lo(key.replicate),   hi(key.replicate),
                                          lo(name),            hi(name)};
    boost::random::seed_seq seq(words.begin(), words.end());
    return RandomEngine(seq);
}

}  // namespace asmsim
