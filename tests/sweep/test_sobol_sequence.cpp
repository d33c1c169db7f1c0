// The Sobol' sequence against known points (the values of an independent implementation of the
// same Joe-Kuo direction numbers, scipy.stats.qmc.Sobol(scramble=False)), and its balance.
#include <catch2/catch.hpp>

#include <set>
#include <stdexcept>
#include <utility>

#include "sweep/sobol_sequence.hpp"

using namespace asmsim;

TEST_CASE("Sobol' sequence: first points of the first dimensions", "[sweep][sobol]") {
    const SobolSequence s(4);
    const double expected[8][4] = {{0, 0, 0, 0},           {0.5, 0.5, 0.5, 0.5},       {0.75, 0.25, 0.25, 0.25},
                                   {0.25, 0.75, 0.75, 0.75}, {0.375, 0.375, 0.625, 0.875}, {0.875, 0.875, 0.125, 0.375},
                                   {0.625, 0.125, 0.875, 0.625}, {0.125, 0.625, 0.375, 0.125}};
    for (int n = 0; n < 8; ++n) {
        const auto x = s.point(static_cast<std::uint64_t>(n));
        for (int d = 0; d < 4; ++d) CHECK(x[static_cast<std::size_t>(d)] == expected[n][d]);
    }
}

TEST_CASE("Sobol' sequence: points in high dimensions match the Joe-Kuo reference", "[sweep][sobol]") {
    const SobolSequence s(128);
    // point -> coordinates of dimensions 1, 2, 3, 20, 64, 128
    struct Row {
        int n;
        double x[6];
    };
    const Row rows[] = {{5, {0.875, 0.875, 0.125, 0.625, 0.625, 0.125}},
                        {100, {0.4140625, 0.2578125, 0.7734375, 0.3359375, 0.6484375, 0.4609375}},
                        {1023, {0.0009765625, 0.7529296875, 0.6123046875, 0.3193359375, 0.0400390625, 0.7001953125}}};
    const int dims[] = {0, 1, 2, 19, 63, 127};
    for (const auto& row : rows) {
        const auto x = s.point(static_cast<std::uint64_t>(row.n));
        for (int k = 0; k < 6; ++k) {
            INFO("point " << row.n << ", dimension " << dims[k] + 1);
            CHECK(x[static_cast<std::size_t>(dims[k])] == row.x[k]);
        }
    }
}

TEST_CASE("Sobol' sequence: every dimension is balanced over the first 2^m points", "[sweep][sobol]") {
    const SobolSequence s(128);
    const int n = 1024;
    std::vector<int> below(128, 0), quarter(128, 0);
    for (int i = 0; i < n; ++i) {
        const auto x = s.point(static_cast<std::uint64_t>(i));
        for (int d = 0; d < 128; ++d) {
            REQUIRE(x[static_cast<std::size_t>(d)] >= 0.0);
            REQUIRE(x[static_cast<std::size_t>(d)] < 1.0);
            below[static_cast<std::size_t>(d)] += x[static_cast<std::size_t>(d)] < 0.5;
            quarter[static_cast<std::size_t>(d)] += x[static_cast<std::size_t>(d)] < 0.25;
        }
    }
    for (int d = 0; d < 128; ++d) {
        INFO("dimension " << d + 1);
        CHECK(below[static_cast<std::size_t>(d)] == n / 2);
        CHECK(quarter[static_cast<std::size_t>(d)] == n / 4);
    }
}

TEST_CASE("Sobol' sequence: dimensions outside 1..128 are refused", "[sweep][sobol]") {
    CHECK_THROWS_AS(SobolSequence(0), std::invalid_argument);
    CHECK_THROWS_AS(SobolSequence(129), std::invalid_argument);
}

namespace {
// A word source for scrambles: a fixed linear congruential generator (test only).
struct Words {
    std::uint64_t state;
    std::uint32_t operator()() {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<std::uint32_t>(state >> 32);
    }
};
}  // namespace

TEST_CASE("Scrambled Sobol': the identity scramble changes nothing", "[sweep][sobol]") {
    const SobolSequence s(5);
    SobolSequence::Scramble identity = SobolSequence::draw_scramble(5, [] { return 0u; });  // L = I, e = 0
    const SobolSequence same = s.scrambled(identity);
    for (std::uint64_t i = 0; i < 64; ++i) CHECK(same.point(i) == s.point(i));
}

TEST_CASE("Scrambled Sobol': points move, and the net structure stays", "[sweep][sobol]") {
    const int m = 6, n = 1 << m;
    const SobolSequence s(4);
    const SobolSequence x = s.scrambled(SobolSequence::draw_scramble(4, Words{42}));
    int moved = 0;
    for (int i = 0; i < n; ++i) moved += x.point(static_cast<std::uint64_t>(i)) != s.point(static_cast<std::uint64_t>(i));
    CHECK(moved == n);
    // Dimensions 1 and 2 of Sobol' are a (0, m, 2)-net: every box [a/2^k, (a+1)/2^k) x
    // [b/2^(m-k), (b+1)/2^(m-k)) holds exactly one of the first 2^m points; scrambling keeps it.
    for (int k = 0; k <= m; ++k) {
        std::set<std::pair<int, int>> boxes;
        for (int i = 0; i < n; ++i) {
            const auto p = x.point(static_cast<std::uint64_t>(i));
            boxes.insert({static_cast<int>(p[0] * (1 << k)), static_cast<int>(p[1] * (1 << (m - k)))});
        }
        INFO("k = " << k);
        CHECK(boxes.size() == static_cast<std::size_t>(n));
    }
}

TEST_CASE("Scrambled Sobol': each point is uniform over scrambles", "[sweep][sobol]") {
    // The digital shift makes every point uniform on [0, 1): over 2000 scrambles the first point
    // (the origin before scrambling) has mean 1/2 and a quarter of the draws below 1/4 (binomial sd 0.0097).
    const SobolSequence s(3);
    Words words{7};
    double sum = 0.0;
    int low = 0;
    const int scrambles = 2000;
    for (int r = 0; r < scrambles; ++r) {
        const double v = s.scrambled(SobolSequence::draw_scramble(3, words)).point(0)[2];
        sum += v;
        low += v < 0.25;
    }
    CHECK(sum / scrambles == Approx(0.5).margin(0.02));
    CHECK(static_cast<double>(low) / scrambles == Approx(0.25).margin(0.04));
}
