// Logistic yes/no draws: uniform_below_logistic agrees with the exact logistic (its shortcut bound
// never says "no" to a draw below it), and LogisticThreshold, which evaluates it once for many
// draws, gives the same answer for every draw.

#include <catch2/catch.hpp>
#include <cmath>

#include <boost/random/mersenne_twister.hpp>
#include <boost/random/uniform_real_distribution.hpp>

#include "core/draws.hpp"

using asmsim::LogisticThreshold;
using asmsim::uniform_below_logistic;

TEST_CASE("LogisticThreshold decides every draw as uniform_below_logistic does", "[draws][logistic]") {
    boost::random::mt19937_64 rng(20261127);
    boost::random::uniform_real_distribution<double> logit(-25.0, 25.0), unit(0.0, 1.0);
    int yes = 0, no = 0;
    for (int k = 0; k < 2000; ++k) {
        const double x = k < 3 ? (k == 0 ? 0.0 : k == 1 ? -1.15 : 30.0) : logit(rng);
        const LogisticThreshold threshold(x);
        const double p = 1.0 / (1.0 + std::exp(-x));
        for (int j = 0; j < 200; ++j) {
            // Uniform draws, and draws within a few ulps of the probability (where rounding decides).
            const double u = j % 2 == 0 ? unit(rng) : std::nextafter(p, j % 4 == 1 ? 0.0 : 1.0) + (j % 8 - 4) * 1e-17;
            const bool expected = uniform_below_logistic(u, x);
            INFO("x " << x << ", u " << u);
            REQUIRE(threshold.below(u) == expected);
            // The shortcut is exact away from the probability's last bits.
            if (std::abs(u - p) > 1e-12) REQUIRE(expected == (u < p));
            (expected ? yes : no) += 1;
        }
    }
    CHECK(yes > 10000);
    CHECK(no > 10000);
}
