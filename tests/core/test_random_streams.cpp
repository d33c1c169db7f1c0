// Named random streams (core/random_streams.hpp): a stream is a pure function of its key.

#include <catch2/catch.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "core/random_streams.hpp"

using asmsim::make_stream;
using asmsim::StreamKey;

namespace {

std::vector<std::uint64_t> first_draws(const StreamKey& key, const std::string& module,
                                       int n = 64) {
    asmsim::RandomEngine engine = make_stream(key, module);
    std::vector<std::uint64_t> out;
    for (int i = 0; i < n; ++i) out.push_back(engine());
    return out;
}

}  // namespace

TEST_CASE("FNV-1a 64 hash of known strings", "[random]") {
    CHECK(asmsim::stable_hash("") == 14695981039346656037ull);
    CHECK(asmsim::stable_hash("a") == 0xaf63dc4c8601ec8cull);
    CHECK(asmsim::stable_hash("foobar") == 0x85944171f73967e8ull);
    CHECK(asmsim::stable_hash("prices.gold") != asmsim::stable_hash("prices.tin"));
}

TEST_CASE("the same key and module give the same sequence", "[random]") {
    const StreamKey key{42, "common", 3};
    CHECK(first_draws(key, "prices.gold") == first_draws(key, "prices.gold"));
    // A copy of the key, built separately, names the same stream.
    StreamKey copy;
    copy.master_seed = 42;
    copy.stream_group = std::string("com") + "mon";
    copy.replicate = 3;
    CHECK(first_draws(copy, "prices.gold") == first_draws(key, "prices.gold"));
}

TEST_CASE("changing any part of the key or the module changes the sequence", "[random]") {
    const StreamKey base{42, "common", 3};
    const auto reference = first_draws(base, "production");

    CHECK(first_draws(StreamKey{43, "common", 3}, "production") != reference);
    CHECK(first_draws(StreamKey{42, "other", 3}, "production") != reference);
    CHECK(first_draws(StreamKey{42, "", 3}, "production") != reference);
    CHECK(first_draws(StreamKey{42, "common", 4}, "production") != reference);
    CHECK(first_draws(StreamKey{42, "common", 3}, "consumption") != reference);
    // The high halves of the 64-bit seed and replicate matter too.
    CHECK(first_draws(StreamKey{42 + (1ull << 32), "common", 3}, "production") != reference);
    CHECK(first_draws(StreamKey{42, "common", 3 + (1ull << 32)}, "production") != reference);

    // Streams of different modules share no leading values (they are not shifted copies).
    const auto other = first_draws(base, "prices.gold");
    int shared = 0;
    for (auto x : other)
        for (auto y : reference) shared += x == y ? 1 : 0;
    CHECK(shared == 0);
}
