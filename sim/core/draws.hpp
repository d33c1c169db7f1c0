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
inline double mean_one_lognormal_exponent(double sd_log, double z) { return sd_log * z - 0.5 * sd_log * sd_log; }
inline double mean_one_lognormal(double sd_log, double z) { return fast_exp(mean_one_lognormal_exponent(sd_log, z)); }

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
// One uniform with 32-bit resolution for each of n rows, two rows per 64-bit draw: row 2k takes the
// low half of draw k and row 2k + 1 its high half, which halves the cost of yes/no draws. For a
// block of rows that starts at an even row, out[k] is the block's k-th row's; with an odd n the
// last draw's high half is unused, so the next call starts on a fresh draw.
inline void draw_paired_uniforms(RandomEngine& rng, double* out, std::ptrdiff_t n) {
    for (std::ptrdiff_t k = 0; k < n; k += 2) {
        const UniformPair pair = draw_uniform_pair(rng);
        out[k] = pair.first;
        if (k + 1 < n) out[k + 1] = pair.second;
    }
}

inline double draw_normal(RandomEngine& rng) {
    return boost::random::normal_distribution<double>()(rng);
}

// n mean-one log-normal factors, out[k] = mean_one_lognormal(sd_log, z_k), from the next n standard
// normals z_k of rng (the numbers of n calls of draw_normal, in order). Tight loops, the draws and
// then the exponentials (vectorised, fast_exp_many), where inside a household's turn each would wait
// for its draw. Flattened: the normal distribution's call is inlined into the loop.
[[gnu::flatten]] inline void draw_mean_one_lognormals(RandomEngine& rng, double sd_log, double* out, std::ptrdiff_t n) {
    for (std::ptrdiff_t k = 0; k < n; ++k) out[k] = draw_normal(rng);
    for (std::ptrdiff_t k = 0; k < n; ++k) out[k] = mean_one_lognormal_exponent(sd_log, out[k]);
    fast_exp_many(out, out, n);
}

}  // namespace asmsim
