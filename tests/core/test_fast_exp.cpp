// fast_exp (core/fast_exp.hpp) against std::exp: within 1 ulp over the range the model uses and
// beyond, and std::exp's own answers outside |x| < 700.

#include <catch2/catch.hpp>
#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

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

TEST_CASE("fast_exp_many gives fast_exp's numbers, bit for bit, in and out of range", "[fast_exp]") {
    boost::random::mt19937_64 rng(7);
    boost::random::uniform_real_distribution<double> full_range(-699.9, 699.9);
    std::vector<double> x(1001);  // odd: the vectorised loop's last element is done alone
    for (double& v : x) v = full_range(rng);
    auto same_as_one_by_one = [](const std::vector<double>& args) {
        std::vector<double> out(args.size());
        asmsim::fast_exp_many(args.data(), out.data(), static_cast<std::ptrdiff_t>(args.size()));
        int differ = 0;
        for (std::size_t k = 0; k < args.size(); ++k)
            differ += std::bit_cast<std::uint64_t>(out[k]) != std::bit_cast<std::uint64_t>(asmsim::fast_exp(args[k]));
        return differ;
    };
    CHECK(same_as_one_by_one(x) == 0);
    // Arguments out of range (std::exp's answers) among the others, and in place.
    x[10] = 750.0;
    x[500] = -800.0;
    x[1000] = std::numeric_limits<double>::quiet_NaN();
    std::vector<double> out(x.size());
    asmsim::fast_exp_many(x.data(), out.data(), static_cast<std::ptrdiff_t>(x.size()));
    CHECK(out[10] == std::exp(750.0));
    CHECK(out[500] == std::exp(-800.0));
    CHECK(std::isnan(out[1000]));
    for (std::size_t k : {0, 11, 499, 999}) CHECK(std::bit_cast<std::uint64_t>(out[k]) == std::bit_cast<std::uint64_t>(asmsim::fast_exp(x[k])));
    std::vector<double> in_place = x;
    asmsim::fast_exp_many(in_place.data(), in_place.data(), static_cast<std::ptrdiff_t>(in_place.size()));
    for (std::size_t k = 0; k < 1000; ++k) CHECK(std::bit_cast<std::uint64_t>(in_place[k]) == std::bit_cast<std::uint64_t>(out[k]));
}
