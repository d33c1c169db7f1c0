#pragma once
// Small draws built on Boost.Random that always consume the same number of random numbers, so
// that streams stay aligned between scenarios (common random numbers) whatever the parameters.

#include <cmath>

#include <boost/random/normal_distribution.hpp>
#include <boost/random/uniform_01.hpp>

#include "core/random_streams.hpp"

namespace asmsim {

// Poisson count from one uniform u in [0,1), by inversion of the CDF.
inline int poisson_by_inversion(double mean, double u) {
    double p = std::exp(-mean);
    double cdf = p;
    int k = 0;
    while (u > cdf && k < 1000) {
        ++k;
        p *= mean / k;
        cdf += p;
    }
    return k;
}

// exp(sd z - sd^2/2): a log-normal factor with mean 1, from one standard normal z.
inline double mean_one_lognormal(double sd_log, double z) {
    return std::exp(sd_log * z - 0.5 * sd_log * sd_log);
}

inline double draw_uniform(RandomEngine& rng) { return boost::random::uniform_01<double>()(rng); }
inline double draw_normal(RandomEngine& rng) {
    return boost::random::normal_distribution<double>()(rng);
}

}  // namespace asmsim
