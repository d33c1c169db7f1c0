// fast_exp (core/fast_exp.hpp) against std::exp: within 1 ulp over the range the model uses and
// beyond, and std::exp's own answers outside |x| < 700.

#include <catch2/catch.hpp>
#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>

#include <boost/random/mersenne_twister.hpp>
#include <boost/random/uniform_real_distribution.hpp>

#include "core/fast_exp.hpp"

namespace {

// Distance in units in the last place between two positive finite doubles.
std::int64_t ulps_apart(double a, double b) {
    const auto x = std::bit_cast<std::int64_t>(a), y = std::bit_cast<std::int64_t>(b);
    return x > y ? x - y : y - x;
}

}  // namespace

TEST_CASE("fast_exp is within one ulp of std::exp", "[fast_exp]") {
    // std::exp (glibc) is itself within about half an ulp of the exact value; the table method adds
    // at most half an ulp (the rounded table entry) and a little rounding in the polynomial.
    boost::random::mt19937_64 rng(20261127);
    boost::random::uniform_real_distribution<double> model_range(-40.0, 40.0), full_range(-699.9, 699.9);
    std::int64_t worst = 0;
    for (int k = 0; k < 200000; ++k) {
        const double x = k % 2 ? model_range(rng) : full_range(rng);
        worst = std::max(worst, ulps_apart(asmsim::fast_exp(x), std::exp(x)));
    }
    // Near zero, where exp(x) - 1 is tiny, and at the table's steps (multiples of ln 2 / 128).
    for (int k = -2000; k <= 2000; ++k) {
        const double x = k * 1e-6;
        worst = std::max(worst, ulps_apart(asmsim::fast_exp(x), std::exp(x)));
        const double step = k * 0.69314718055994530942 / 128.0;
        worst = std::max(worst, ulps_apart(asmsim::fast_exp(step), std::exp(step)));
    }
    CHECK(worst <= 1);
    CHECK(asmsim::fast_exp(0.0) == 1.0);
    CHECK(asmsim::fast_exp(1.0) == Approx(2.718281828459045).epsilon(1e-15));
}

TEST_CASE("fast_exp gives std::exp's answers for large, infinite and missing arguments", "[fast_exp]") {
    for (double x : {700.0, 709.5, 710.0, -700.0, -745.0, -800.0}) CHECK(asmsim::fast_exp(x) == std::exp(x));
    CHECK(asmsim::fast_exp(std::numeric_limits<double>::infinity()) == std::numeric_limits<double>::infinity());
    CHECK(asmsim::fast_exp(-std::numeric_limits<double>::infinity()) == 0.0);
    CHECK(std::isnan(asmsim::fast_exp(std::numeric_limits<double>::quiet_NaN())));
}
