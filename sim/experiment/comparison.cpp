#include "experiment/comparison.hpp"

#include <cmath>
#include <stdexcept>

#include "experiment/statistics.hpp"

namespace asmsim {

namespace {
double variance(const std::vector<double>& x, double mean) {
    double s = 0.0;
    for (double v : x) s += (v - mean) * (v - mean);
    return x.size() > 1 ? s / static_cast<double>(x.size() - 1) : 0.0;
}
}  // namespace

Difference compare_paired(const std::vector<double>& scenario, const std::vector<double>& reference) {
    if (scenario.size() != reference.size()) throw std::invalid_argument("compare_paired: sizes differ");
    Difference d;
    const MeanInterval s = mean_ci95(scenario), b = mean_ci95(reference);
    std::vector<double> paired;
    for (std::size_t r = 0; r < scenario.size(); ++r) paired.push_back(scenario[r] - reference[r]);
    const MeanInterval p = mean_ci95(paired);
    d.scenario_mean = s.mean;
    d.reference_mean = b.mean;
    d.difference = p.mean;
    d.paired_half_width = p.half_width_95;
    // Welch: standard error from both variances, Welch-Satterthwaite degrees of freedom.
    const double n = static_cast<double>(scenario.size());
    const double a = variance(scenario, s.mean) / n, c = variance(reference, b.mean) / n;
    if (n > 1 && a + c > 0.0) {
        const double df = (a + c) * (a + c) / (a * a / (n - 1) + c * c / (n - 1));
        d.unpaired_half_width = student_t_975(std::max(1, static_cast<int>(std::floor(df)))) * std::sqrt(a + c);
    }
    return d;
}

}  // namespace asmsim
