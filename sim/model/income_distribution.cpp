#include "model/income_distribution.hpp"

#include <algorithm>
#include <cmath>

namespace asmsim {

IncomeDistribution::IncomeDistribution() = default;

void IncomeDistribution::clear() {
    bins_.fill(Bin{});
    total_persons_ = total_income_ = 0.0;
}

double IncomeDistribution::bin_lower(int b) const {
    if (b == 0) return 0.0;
    const int octave = (b - 1) / bins_per_octave, step = (b - 1) % bins_per_octave;
    return std::ldexp(1.0 + static_cast<double>(step) / bins_per_octave, octave + lowest_exponent);
}

double IncomeDistribution::quantile(double q) const {
    if (total_persons_ <= 0.0) return 0.0;
    const double target = std::clamp(q, 0.0, 1.0) * total_persons_;
    double below = 0.0;
    for (int b = 0; b < n_bins; ++b) {
        if (bins_[b].persons <= 0.0) continue;
        if (below + bins_[b].persons >= target) {
            const double fraction = (target - below) / bins_[b].persons;
            if (b == 0) return fraction * lowest;
            if (b == n_bins - 1) return bins_[b].income / bins_[b].persons;
            const double lo = bin_lower(b), hi = bin_lower(b + 1);
            return lo + (hi - lo) * fraction;
        }
        below += bins_[b].persons;
    }
    return bin_lower(n_bins - 1);
}

double IncomeDistribution::gini() const {
    // Grouped-data Gini: 1 - sum_k f_k (Y_{k-1} + Y_k), f population shares, Y cumulative income shares.
    if (total_persons_ <= 0.0 || total_income_ <= 0.0) return 0.0;
    double cumulative = 0.0, sum = 0.0;
    for (int b = 0; b < n_bins; ++b) {
        if (bins_[b].persons <= 0.0) continue;
        const double before = cumulative;
        cumulative += bins_[b].income / total_income_;
        sum += bins_[b].persons / total_persons_ * (before + cumulative);
    }
    return 1.0 - sum;
}

}  // namespace asmsim
