#pragma once
// Person-weighted distribution of per-capita income in one month, kept as a fine histogram so
// that quantiles and the Gini index cost O(households) rather than a sort. Bins: 64 per octave
// (each octave split into 64 equal steps, so a bin is at most 1.6% wide) from 2^-7 (0.0078) USD up
// to 2^20 (about 1e6) USD, plus one bin below and one above; quantiles interpolate linearly within
// a bin and the Gini index treats incomes in one bin as equal.

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>

namespace asmsim {

class IncomeDistribution {
public:
    IncomeDistribution();
    void clear();
    // The totals over households added so far, held by the caller while it adds a run of households:
    // in a local they stay in registers, where the object's own would be reloaded and stored after
    // each bin's store (a chain through memory; about 5% of the outputs' perf samples). Each add
    // still adds to them in household order, so the sums are the same.
    struct Totals {
        double persons = 0.0, income = 0.0;
    };
    Totals totals() const { return {total_persons_, total_income_}; }
    void set_totals(const Totals& t) {
        total_persons_ = t.persons;
        total_income_ = t.income;
    }
    // Inline: called once per household every month. `totals` is this object's totals() until set_totals.
    void add(double y, double persons, Totals& totals) {
        if (persons <= 0.0) return;
        Bin& bin = bins_[bin_of(y)];
        bin.persons += persons;
        bin.income += persons * y;
        totals.persons += persons;
        totals.income += persons * y;
    }
    double quantile(double q) const;  // q in [0, 1]
    double gini() const;

private:
    static constexpr int bits_per_octave = 6;
    static constexpr int bins_per_octave = 1 << bits_per_octave;
    static constexpr int lowest_exponent = -7;
    static constexpr double lowest = 1.0 / 128.0;  // 2^lowest_exponent
    static constexpr int octaves = 27;
    static constexpr int n_bins = bins_per_octave * octaves + 2;  // [0, lowest), octave bins, top
    int bin_of(double y) const {
        if (!(y >= lowest)) return 0;
        // The binary exponent and the top six mantissa bits of y / 2^lowest_exponent name the bin.
        const auto bits = std::bit_cast<std::uint64_t>(y);
        const int exponent = static_cast<int>((bits >> 52) & 0x7ff) - 1023 - lowest_exponent;
        const int step = static_cast<int>((bits >> (52 - bits_per_octave)) & (bins_per_octave - 1));
        return std::min(1 + exponent * bins_per_octave + step, n_bins - 1);
    }
    double bin_lower(int b) const;
    // A bin's two sums side by side (one cache line), in an array held in the object (no pointer to
    // reload after each store).
    struct Bin {
        double persons = 0.0, income = 0.0;  // persons, and sum of persons x income
    };
    std::array<Bin, n_bins> bins_{};
    double total_persons_ = 0.0, total_income_ = 0.0;
};

}  // namespace asmsim
