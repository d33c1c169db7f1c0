#include "experiment/statistics.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>

#include <boost/math/distributions/students_t.hpp>

namespace asmsim {

double student_t_quantile(double p, double df) {
    if (!(df > 0.0) || !(p > 0.0 && p < 1.0))
        throw std::domain_error("student_t_quantile: needs df > 0 and 0 < p < 1");
    const boost::math::students_t distribution(df);
    return boost::math::quantile(distribution, p);
}

double student_t_975(double df) {
    if (!(df > 0.0)) return 0.0;
    return student_t_quantile(0.975, df);
}

double welch_degrees_of_freedom(double se2_a, int n_a, double se2_b, int n_b) {
    const double total = se2_a + se2_b;
    if (!(total > 0.0) || n_a < 2 || n_b < 2) return std::numeric_limits<double>::quiet_NaN();
    return total * total / (se2_a * se2_a / (n_a - 1) + se2_b * se2_b / (n_b - 1));
}

MeanInterval mean_ci95(const std::vector<double>& values) {
    MeanInterval out;
    out.n = static_cast<int>(values.size());
    if (values.empty()) return out;
    double sum = 0.0;
    for (double v : values) sum += v;
    out.mean = sum / out.n;
    if (out.n < 2) return out;
    double squares = 0.0;
    for (double v : values) squares += (v - out.mean) * (v - out.mean);
    const double sd = std::sqrt(squares / (out.n - 1));
    out.half_width_95 = student_t_975(out.n - 1) * sd / std::sqrt(static_cast<double>(out.n));
    return out;
}

MeanInterval pooled_mean_ci95(const std::vector<double>& sums, const std::vector<double>& counts) {
    MeanInterval out;
    out.n = static_cast<int>(sums.size());
    double total = 0.0, units = 0.0;
    for (std::size_t r = 0; r < sums.size(); ++r) {
        total += sums[r];
        units += counts[r];
    }
    if (!(units > 0.0)) {
        out.mean = out.half_width_95 = std::numeric_limits<double>::quiet_NaN();
        return out;
    }
    out.mean = total / units;
    if (out.n < 2) return out;
    // Residuals of each replicate's sum about the pooled mean; variance of the ratio estimator.
    double squares = 0.0;
    for (std::size_t r = 0; r < sums.size(); ++r) {
        const double z = sums[r] - out.mean * counts[r];
        squares += z * z;
    }
    const double mean_units = units / out.n;
    const double se = std::sqrt(squares / ((out.n - 1.0) * out.n)) / mean_units;
    out.half_width_95 = student_t_975(out.n - 1) * se;
    return out;
}

}  // namespace asmsim
