#pragma once
// Person-weighted distribution of per-capita income in one month, kept as a fine log-spaced
// histogram so that quantiles and the Gini index cost O(households) rather than a sort.
// Resolution: 128 bins per decade from 0.01 to 1e6 USD (bin width 1.8%); incomes in one bin are
// treated as equal for the Gini index and interpolated log-linearly for quantiles.

#include <vector>

namespace asmsim {

class IncomeDistribution {
public:
    IncomeDistribution();
    void clear();
    void add(double income_per_capita_usd, double persons);
    double quantile(double q) const;  // q in [0, 1]
    double gini() const;
    double persons() const { return total_persons_; }

private:
    static constexpr int bins_per_decade = 128;
    static constexpr double lowest = 0.01;
    static constexpr int decades = 8;
    static constexpr int n_bins = bins_per_decade * decades + 2;  // [0, lowest), log bins, [1e6, inf)
    int bin_of(double y) const;
    double bin_lower(int b) const;
    std::vector<double> persons_, income_;  // per bin: persons, and sum of persons x income
    double total_persons_ = 0.0, total_income_ = 0.0;
};

}  // namespace asmsim
