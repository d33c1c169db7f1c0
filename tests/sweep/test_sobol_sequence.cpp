// The Sobol' sequence against known points (the values of an independent implementation of the
// same Joe-Kuo direction numbers, scipy.stats.qmc.Sobol(scramble=False)), and its balance.
#include <catch2/catch.hpp>

#include <stdexcept>

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
