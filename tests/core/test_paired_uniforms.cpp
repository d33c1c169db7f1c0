// draw_paired_uniforms (core/draws.hpp): one 32-bit uniform per household, two households per 64-bit draw.

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <algorithm>
#include <vector>

#include "core/draws.hpp"
#include "core/random_streams.hpp"

namespace {
asmsim::RandomEngine test_stream() { return asmsim::make_stream(asmsim::StreamKey{2026, "test", 0}, "paired"); }

// n paired uniforms from rng.
std::vector<double> paired(asmsim::RandomEngine& rng, std::ptrdiff_t n) {
    std::vector<double> u(static_cast<std::size_t>(n));
    asmsim::draw_paired_uniforms(rng, u.data(), n);
    return u;
}
}  // namespace

TEST_CASE("paired uniforms: row 2k gets the low half of draw k, 2k + 1 the high", "[draws]") {
    asmsim::RandomEngine a = test_stream(), b = test_stream();
    const std::vector<double> u = paired(a, 2000);
    int mismatches = 0;
    for (int k = 0; k < 1000; ++k) {
        const std::uint64_t bits = b();
        mismatches += u[2 * k] != static_cast<double>(bits & 0xffffffffu) / 4294967296.0 ? 1 : 0;
        mismatches += u[2 * k + 1] != static_cast<double>(bits >> 32) / 4294967296.0 ? 1 : 0;
    }
    CHECK(mismatches == 0);
    // An odd number of rows leaves the last high half unused; the next call starts on the next draw.
    const std::vector<double> month1 = paired(a, 1);
    const std::vector<double> month2 = paired(a, 1);
    const std::uint64_t first = b(), second = b();
    CHECK(month1[0] == static_cast<double>(first & 0xffffffffu) / 4294967296.0);
    CHECK(month2[0] == static_cast<double>(second & 0xffffffffu) / 4294967296.0);
}

TEST_CASE("paired uniforms: blocks that start at even rows give the numbers of one block", "[draws]") {
    asmsim::RandomEngine a = test_stream(), b = test_stream();
    const std::vector<double> whole = paired(a, 2001);  // an odd count: the last high half is unused
    std::vector<double> blocks;
    for (std::ptrdiff_t begin = 0; begin < 2001; begin += 64) {
        const std::vector<double> block = paired(b, std::min<std::ptrdiff_t>(64, 2001 - begin));
        blocks.insert(blocks.end(), block.begin(), block.end());
    }
    CHECK(blocks == whole);
    int distinct_neighbours = 0;
    for (std::size_t i = 1; i < whole.size(); ++i) distinct_neighbours += whole[i] != whole[i - 1] ? 1 : 0;
    CHECK(distinct_neighbours == 2000);
    CHECK(a() == b());  // both engines have made the same number of draws
}

TEST_CASE("paired uniforms are uniform and neighbouring halves uncorrelated", "[draws]") {
    // 200,000 values (100,000 pairs), fixed seed. Mean: standard error 0.29 / sqrt(2e5) = 0.00065,
    // tolerance 0.003 (4.6 standard errors). Decile counts: expected 20,000 each, standard deviation
    // about 134, tolerance 700 (5.2 sd). Correlation of the two halves: standard error
    // 1 / sqrt(1e5) = 0.0032, tolerance 0.015 (4.7 se).
    asmsim::RandomEngine rng = test_stream();
    const int n_pairs = 100000;
    const std::vector<double> u = paired(rng, 2 * n_pairs);
    double sum = 0, sum_first = 0, sum_second = 0, sum_product = 0, sum_sq_first = 0, sum_sq_second = 0;
    std::vector<int> deciles(10, 0);
    bool in_range = true;
    for (int k = 0; k < n_pairs; ++k) {
        const double x = u[2 * static_cast<std::size_t>(k)], y = u[2 * static_cast<std::size_t>(k) + 1];
        in_range = in_range && x >= 0.0 && x < 1.0 && y >= 0.0 && y < 1.0;
        sum += x + y;
        ++deciles[static_cast<int>(x * 10)];
        ++deciles[static_cast<int>(y * 10)];
        sum_first += x;
        sum_second += y;
        sum_product += x * y;
        sum_sq_first += x * x;
        sum_sq_second += y * y;
    }
    CHECK(in_range);
    CHECK(sum / (2.0 * n_pairs) == Approx(0.5).margin(0.003));
    for (int count : deciles) CHECK(count == Approx(20000).margin(700));
    const double n = n_pairs;
    const double cov = sum_product / n - (sum_first / n) * (sum_second / n);
    const double var_first = sum_sq_first / n - (sum_first / n) * (sum_first / n);
    const double var_second = sum_sq_second / n - (sum_second / n) * (sum_second / n);
    CHECK(cov / std::sqrt(var_first * var_second) == Approx(0.0).margin(0.015));
}
