// Named random streams (core/random_streams.hpp): a stream is a pure function of its key, and the
// numbers at a position (entity, month) a pure function of the key and the position.

#include <catch2/catch.hpp>
#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <Random123/philox.h>

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

TEST_CASE("philox_block is Random123's Philox4x32-10", "[random]") {
    // Random123's known-answer vector (kat_vectors: philox4x32 10, counter and key 0).
    const asmsim::RandomBlock zero = asmsim::philox_block({0, 0}, {0, 0, 0, 0});
    CHECK(zero.w == std::array<std::uint32_t, 4>{0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u});
    // And Random123 itself over assorted keys and counters.
    r123::Philox4x32 reference;
    int mismatches = 0;
    for (std::uint32_t k = 0; k < 200; ++k) {
        const std::array<std::uint32_t, 2> key = {k * 2654435761u, ~k};
        const std::array<std::uint32_t, 4> counter = {k, k * 7u + 1u, 0xffffffffu - k, k << 20};
        const r123::Philox4x32::ctr_type c = {{counter[0], counter[1], counter[2], counter[3]}};
        const r123::Philox4x32::key_type kk = {{key[0], key[1]}};
        const r123::Philox4x32::ctr_type r = reference(c, kk);
        const asmsim::RandomBlock ours = asmsim::philox_block(key, counter);
        for (std::size_t j = 0; j < 4; ++j) mismatches += ours.w[j] != r[j] ? 1 : 0;
    }
    CHECK(mismatches == 0);
}

TEST_CASE("a position's numbers do not depend on what was drawn before", "[random]") {
    const StreamKey key{42, "common", 3};
    asmsim::RandomEngine a = make_stream(key, "production"), b = make_stream(key, "production");
    a.seek(17, 5);
    std::vector<std::uint64_t> fresh;
    for (int i = 0; i < 9; ++i) fresh.push_back(a());
    for (int i = 0; i < 1000; ++i) b();  // anything, then the same position
    b.seek(3, 5);
    b();
    b.seek(17, 5);
    std::vector<std::uint64_t> again;
    for (int i = 0; i < 9; ++i) again.push_back(b());
    CHECK(again == fresh);
    // Neighbouring positions give other numbers, and so does the high half of a 64-bit entity.
    for (const auto& [entity, month] : std::vector<std::pair<std::uint64_t, std::uint32_t>>{
             {16, 5}, {18, 5}, {17, 4}, {17, 6}, {17 + (1ull << 32), 5}}) {
        b.seek(entity, month);
        CHECK(b() != fresh[0]);
    }
}

TEST_CASE("words() are the words a seek draws from", "[random]") {
    // Words 2j and 2j + 1 of an entity are the low and high halves of the j-th number after a seek,
    // for every clone of the vectorised loop (the one this machine runs).
    const asmsim::RandomEngine engine = make_stream(StreamKey{9, "common", 0}, "labour");
    const int blocks_per_row = 3;
    const std::ptrdiff_t n = 101;
    std::vector<std::uint32_t> words(static_cast<std::size_t>(4 * blocks_per_row * n));
    engine.words(11, 5000, n, blocks_per_row, words.data());
    auto word = [&](std::ptrdiff_t j, std::ptrdiff_t k) { return static_cast<std::uint64_t>(words[static_cast<std::size_t>(j * n + k)]); };
    asmsim::RandomEngine sought = engine;
    int mismatches = 0;
    for (std::ptrdiff_t k = 0; k < n; ++k) {
        sought.seek(static_cast<std::uint64_t>(5000 + k), 11);
        for (std::ptrdiff_t j = 0; j < 4 * blocks_per_row; j += 2) mismatches += sought() != (word(j, k) | (word(j + 1, k) << 32)) ? 1 : 0;
        // seek with the first block given continues with the same numbers.
        asmsim::RandomEngine given = engine;
        const asmsim::RandomBlock first{{static_cast<std::uint32_t>(word(0, k)), static_cast<std::uint32_t>(word(1, k)),
                                         static_cast<std::uint32_t>(word(2, k)), static_cast<std::uint32_t>(word(3, k))}};
        given.seek(static_cast<std::uint64_t>(5000 + k), 11, first);
        sought.seek(static_cast<std::uint64_t>(5000 + k), 11);
        for (int i = 0; i < 6; ++i) mismatches += given() != sought() ? 1 : 0;
    }
    CHECK(mismatches == 0);
}

TEST_CASE("every instruction-set path of the block loop gives the portable loop's words", "[random]") {
    // Counts that are not multiples of the vector widths (tails), and entities that carry into the
    // high word of the counter.
    using asmsim::PhiloxPath;
    int paths_checked = 0;
    for (const PhiloxPath path : {PhiloxPath::avx2, PhiloxPath::avx512}) {
        if (!asmsim::philox_path_available(path)) continue;
        ++paths_checked;
        for (const std::uint64_t first : {std::uint64_t{0}, std::uint64_t{5000}, (std::uint64_t{1} << 32) - 13}) {
            for (const std::ptrdiff_t n : {std::ptrdiff_t{1}, std::ptrdiff_t{7}, std::ptrdiff_t{8}, std::ptrdiff_t{37}}) {
                const int blocks_per_row = 2;
                std::vector<std::uint32_t> portable(static_cast<std::size_t>(4 * blocks_per_row * n)), fast(portable.size());
                asmsim::philox_words_on(PhiloxPath::portable, 0x01234567u, 0x89abcdefu, 42, first, n, blocks_per_row, portable.data());
                asmsim::philox_words_on(path, 0x01234567u, 0x89abcdefu, 42, first, n, blocks_per_row, fast.data());
                CHECK(fast == portable);
            }
        }
    }
    // The portable loop is itself Random123's Philox4x32-10 (the test above, through seek).
    WARN("instruction-set paths checked on this machine: " << paths_checked);
}
