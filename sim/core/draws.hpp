#pragma once
// Small draws built on Boost.Random. Each household's draws in a module and month start from its
// own position of the module's stream (RandomEngine::seek), so they are the same between scenarios
// (common random numbers) whatever other households draw.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

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
inline double uniform_from_word(std::uint32_t word) { return static_cast<double>(word) * 0x1p-32; }
inline UniformPair draw_uniform_pair(RandomEngine& rng) {
    const std::uint64_t bits = rng();
    return {uniform_from_word(static_cast<std::uint32_t>(bits)), uniform_from_word(static_cast<std::uint32_t>(bits >> 32))};
}

// The first 4 x blocks_per_row words of a run of households (RandomEngine::words), in a buffer
// reused by the calls of one thread.
inline const std::uint32_t* household_words(const RandomEngine& rng, int month, std::ptrdiff_t first, std::ptrdiff_t n,
                                            int blocks_per_row) {
    thread_local std::vector<std::uint32_t> words;
    words.resize(static_cast<std::size_t>(4 * n * blocks_per_row));
    rng.words(static_cast<std::uint32_t>(month), static_cast<std::uint64_t>(first), n, blocks_per_row, words.data());
    return words.data();
}

// per_row uniforms with 32-bit resolution for each of the n households first .. first + n - 1 in
// month: out[k * per_row + j] is the j-th of household first + k, the same number as the j-th
// 32-bit half of its draws after rng.seek(first + k, month) (the first of draw_uniform_pair's
// pair is j = 0, its second j = 1, ...). The Philox blocks of all the households are computed in
// one vectorised loop.
inline void draw_household_uniforms(const RandomEngine& rng, int month, std::ptrdiff_t first, std::ptrdiff_t n,
                                    int per_row, double* out) {
    const std::uint32_t* words = household_words(rng, month, first, n, (per_row + 3) / 4);
    for (int j = 0; j < per_row; ++j)
        for (std::ptrdiff_t k = 0; k < n; ++k) out[k * per_row + j] = uniform_from_word(words[j * n + k]);
}

// The j-th of draw_household_uniforms's numbers for one household, computed alone (one scalar Philox
// block): the same number, whatever per_row the block call would have used. For modules that use a
// household's draw only when something rare happens to it (an injury, a licence's expiry, a review).
inline double household_uniform(const RandomEngine& rng, int month, std::ptrdiff_t household, int j) {
    const RandomBlock block = rng.block(static_cast<std::uint64_t>(household), static_cast<std::uint32_t>(month),
                                        static_cast<std::uint32_t>(j / 4));
    return uniform_from_word(block.w[static_cast<std::size_t>(j % 4)]);
}

inline double draw_normal(RandomEngine& rng) {
    return boost::random::normal_distribution<double>()(rng);
}

// n mean-one log-normal factors for the households first .. first + n - 1 in month:
// out[k] = mean_one_lognormal(sd_log, z_k), with z_k the first standard normal of household first + k
// (draw_normal after rng.seek(first + k, month)). The households' first blocks come from one
// vectorised loop; then the draws and the exponentials (vectorised, fast_exp_many) in tight loops.
// Flattened: the normal distribution's call is inlined into the loop.
//
// Boost's normal is a ziggurat (boost/random/normal_distribution.hpp, Boost 1.74): from the first
// 64-bit draw u it takes the layer and sign from the low 8 bits and a fraction from the bits above,
// and returns at once when the point falls inside the layer's rectangle (about 99% of draws). That
// first step is repeated here, in the same arithmetic, without going through the engine; the other
// draws call Boost itself. A test compares every number with draw_normal over 100,000 households, so
// a Boost whose ziggurat differs would fail it.
[[gnu::flatten]] inline void draw_mean_one_lognormals(RandomEngine& rng, int month, std::ptrdiff_t first, double sd_log,
                                                      double* out, std::ptrdiff_t n) {
    const std::uint32_t* words = household_words(rng, month, first, n, 1);
    const double* const table_x = boost::random::detail::normal_table<double>::table_x;
    for (std::ptrdiff_t k = 0; k < n; ++k) {
        std::uint64_t u = static_cast<std::uint64_t>(words[k]) | (static_cast<std::uint64_t>(words[n + k]) << 32);
        const int bucket = static_cast<int>(u & 0xff);
        u &= ~(std::uint64_t{1} << 11);  // Boost's int_float_pair clears this bit (a 56-bit fraction, 53 digits kept)
        const double fraction = static_cast<double>(u >> 8) * 0x1p-56;
        const int layer = bucket >> 1;
        const double x = fraction * table_x[layer];
        if (x < table_x[layer + 1]) {
            out[k] = x * ((bucket & 1) * 2 - 1) * 1.0 + 0.0;  // normal_distribution's z x sigma + mean, as Boost
            continue;
        }
        const RandomBlock block{{words[k], words[n + k], words[2 * n + k], words[3 * n + k]}};
        rng.seek(static_cast<std::uint64_t>(first + k), static_cast<std::uint32_t>(month), block);
        out[k] = draw_normal(rng);
    }
    for (std::ptrdiff_t k = 0; k < n; ++k) out[k] = mean_one_lognormal_exponent(sd_log, out[k]);
    fast_exp_many(out, out, n);
}

}  // namespace asmsim
