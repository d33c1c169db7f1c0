#pragma once
// Small draws built on Boost.Random that always consume the same number of random numbers, so
// that streams stay aligned between scenarios (common random numbers) whatever the parameters.

#include <algorithm>
#include <cmath>
#include <cstdint>

#include <boost/random/normal_distribution.hpp>
#include <boost/random/uniform_01.hpp>

#include "core/fast_exp.hpp"
#include "core/random_streams.hpp"

namespace asmsim {

// Poisson count by inversion, with the draw's position inside the chosen count's probability
// mass (itself uniform in [0, 1) given the count), for decisions that follow from it.
struct PoissonDraw {
    int count;
    double residual;
};
inline PoissonDraw poisson_with_residual(double mean, double u) {
    double p = std::exp(-mean);
    double cdf = p;
    int k = 0;
    while (u > cdf && k < 1000) {
        ++k;
        p *= mean / k;
        cdf += p;
    }
    const double residual = p > 0.0 ? (u - (cdf - p)) / p : 0.0;
    return {k, std::clamp(residual, 0.0, std::nextafter(1.0, 0.0))};
}

// Poisson count from one uniform u in [0,1), by inversion of the CDF.
inline int poisson_by_inversion(double mean, double u) { return poisson_with_residual(mean, u).count; }

// u < 1 / (1 + exp(-x)), decided without the exp in most cases: for x <= 0,
// exp(x) <= 1 / (1 - x + x^2/2 - x^3/6) bounds the logistic from above, so a draw at or above the
// bound is a "no" (the usual case for rare events). The exp is fast_exp (within 1 ulp).
inline bool uniform_below_logistic(double u, double x) {
    if (x <= 0.0 && u * (1.0 - x + 0.5 * x * x - x * x * x / 6.0) >= 1.0) return false;
    return u < 1.0 / (1.0 + fast_exp(-x));
}

// uniform_below_logistic for one x and many draws, with the bound and the logistic computed once:
// below(u) == uniform_below_logistic(u, x) for every u (the same expressions, evaluated once).
class LogisticThreshold {
public:
    explicit LogisticThreshold(double x)
        : bounded_(x <= 0.0), bound_(1.0 - x + 0.5 * x * x - x * x * x / 6.0), logistic_(1.0 / (1.0 + fast_exp(-x))) {}
    bool below(double u) const { return !(bounded_ && u * bound_ >= 1.0) && u < logistic_; }

private:
    bool bounded_;
    double bound_, logistic_;
};

// exp(sd z - sd^2/2): a log-normal factor with mean 1, from one standard normal z (fast_exp,
// within 1 ulp of the exact exponential).
inline double mean_one_lognormal(double sd_log, double z) {
    return fast_exp(sd_log * z - 0.5 * sd_log * sd_log);
}

inline double draw_uniform(RandomEngine& rng) { return boost::random::uniform_01<double>()(rng); }

// Two independent uniforms in [0, 1) with 32-bit resolution from one 64-bit draw: enough for
// yes/no decisions and choices, at half the cost.
struct UniformPair {
    double first, second;
};
inline UniformPair draw_uniform_pair(RandomEngine& rng) {
    const std::uint64_t bits = rng();
    constexpr double scale = 1.0 / 4294967296.0;  // 2^-32
    return {static_cast<double>(bits & 0xffffffffu) * scale, static_cast<double>(bits >> 32) * scale};
}
// One uniform with 32-bit resolution per household, for households visited in row order: two
// households share one 64-bit draw (household 2k takes its low half, 2k + 1 its high half), which
// halves the cost of a yes/no draw. Make a new one for each month's loop, so that every month starts
// on a fresh draw and household i always reads the same half.
class PairedUniforms {
public:
    explicit PairedUniforms(RandomEngine& rng) : rng_(rng) {}
    double next() {
        if (high_half_next_) {
            high_half_next_ = false;
            return pair_.second;
        }
        pair_ = draw_uniform_pair(rng_);
        high_half_next_ = true;
        return pair_.first;
    }
    // The same numbers for row i of a loop that visits every row in order from 0 (next() for each):
    // the row's parity says which half, so no flag is kept between rows (cheaper in hot loops).
    double for_row(std::int64_t i) {
        if (i % 2 == 0) {
            pair_ = draw_uniform_pair(rng_);
            return pair_.first;
        }
        return pair_.second;
    }

private:
    RandomEngine& rng_;
    UniformPair pair_{};
    bool high_half_next_ = false;
};

inline double draw_normal(RandomEngine& rng) {
    return boost::random::normal_distribution<double>()(rng);
}

}  // namespace asmsim
