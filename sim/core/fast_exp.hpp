#pragma once
// exp(x) inline, within 1 unit in the last place (ulp) of the exact value for |x| < 700 and
// std::exp beyond (tests/core/test_fast_exp.cpp checks it against std::exp at 2 ulp). The household
// loops take one or two exponentials per household-month (log-normal factors, logistic choices);
// glibc's exp, a call through a wrapper, cost about 50 instructions each, this about 20.
//
// Method (the usual table method): x = (k / 128) ln 2 + r with k an integer and |r| <= ln 2 / 256,
// so exp(x) = 2^(k / 128) exp(r): 2^(j / 128) for j = 0..127 comes from a table (each entry
// rounded to the nearest double), the power of two from k / 128 goes straight into the exponent
// bits, and exp(r) - 1 is its Taylor polynomial of degree 5 (truncation below 2e-18 for |r| <= ln 2 / 256).

#include <array>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>

namespace asmsim {

namespace fast_exp_detail {
inline constexpr int table_bits = 7;
inline constexpr int table_size = 1 << table_bits;
// 2^(j / 128), computed in extended precision and rounded once to double.
inline const std::array<double, table_size> powers_of_two = [] {
    std::array<double, table_size> t{};
    for (int j = 0; j < table_size; ++j)
        t[j] = static_cast<double>(std::exp2(static_cast<long double>(j) / table_size));
    return t;
}();
}  // namespace fast_exp_detail

// The method for |x| < 700, without a branch (so that loops over many arguments are vectorised).
inline double fast_exp_in_range(double x) {
    using namespace fast_exp_detail;
    constexpr double per_step = table_size / 0.69314718055994530942;  // 128 / ln 2
    // ln 2 / 128 in two parts; the first has 32 significant bits, so k times it is exact (|k| < 2^17).
    constexpr double step_hi = 6.93147180369123816490e-01 / table_size;
    constexpr double step_lo = 1.90821492927058770002e-10 / table_size;
    // Adding 1.5 * 2^52 rounds x * 128 / ln 2 to the nearest integer k, left in the low bits.
    constexpr double round_shift = 6755399441055744.0;
    const double shifted = x * per_step + round_shift;
    // k in two's complement (negative k wraps around; only its low bits and multiples of 128 are used).
    const std::uint64_t k = std::bit_cast<std::uint64_t>(shifted) - std::bit_cast<std::uint64_t>(round_shift);
    const double kd = shifted - round_shift;
    const double r = (x - kd * step_hi) - kd * step_lo;
    const double r2 = r * r;
    const double poly = r + r2 * (0.5 + r * (1.0 / 6.0) + r2 * (1.0 / 24.0 + r * (1.0 / 120.0)));
    // 2^(k / 128): the table entry for k mod 128, with floor(k / 128) added to its exponent
    // (k - k mod 128 is 128 floor(k / 128), so shifting it by 52 - 7 puts floor(k / 128) at bit 52).
    constexpr std::uint64_t low_bits = table_size - 1;
    const double scale = std::bit_cast<double>(std::bit_cast<std::uint64_t>(powers_of_two[k & low_bits]) +
                                               ((k & ~low_bits) << (52 - table_bits)));
    return scale + scale * poly;
}

inline double fast_exp(double x) {
    if (!(std::fabs(x) < 700.0)) return std::exp(x);  // overflow, underflow, infinities and NaN
    return fast_exp_in_range(x);
}

// out[k] = fast_exp(x[k]) for k < n (out may be x). Where every argument is in range, one loop
// without branches, which the compiler vectorises (the same operations, so the same numbers).
inline void fast_exp_many(const double* x, double* out, std::ptrdiff_t n) {
    // Whether every |x| < 700, from the bit patterns, in a form the compiler vectorises (a loop of
    // comparisons is not): non-negative doubles order as their patterns, NaN above infinity, and
    // pattern(700) - 1 - pattern(|x|) wraps around to a number with the top bit set exactly when
    // |x| >= 700 or x is NaN.
    constexpr std::uint64_t magnitude_bits = ~(std::uint64_t{1} << 63);
    constexpr std::uint64_t below_700 = std::bit_cast<std::uint64_t>(700.0) - 1;
    std::uint64_t wrapped = 0;
    for (std::ptrdiff_t k = 0; k < n; ++k) wrapped |= below_700 - (std::bit_cast<std::uint64_t>(x[k]) & magnitude_bits);
    if ((wrapped >> 63) == 0) {
        for (std::ptrdiff_t k = 0; k < n; ++k) out[k] = fast_exp_in_range(x[k]);
    } else {
        for (std::ptrdiff_t k = 0; k < n; ++k) out[k] = fast_exp(x[k]);
    }
}

}  // namespace asmsim
