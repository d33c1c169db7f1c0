#include "experiment/comparison.hpp"

#include <cmath>
#include <cstdio>
#include <limits>
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
        const int k = static_cast<int>(scenario.size());
        const double df = welch_degrees_of_freedom(a, k, c, k);  // exact, not floored
        d.unpaired_half_width = student_t_975(df) * std::sqrt(a + c);
    }
    return d;
}

Ratio ratio_of_means(const std::vector<double>& x, const std::vector<double>& y) {
    if (x.size() != y.size() || x.empty()) throw std::invalid_argument("ratio_of_means: sizes differ or empty");
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double n = static_cast<double>(x.size());
    double mx = 0.0, my = 0.0;
    for (std::size_t r = 0; r < x.size(); ++r) {
        mx += x[r] / n;
        my += y[r] / n;
    }
    Ratio out{my > 0.0 ? mx / my : nan, nan, nan};
    if (!(my > 0.0) || x.size() < 2) return out;
    // Variances and covariance of the two means.
    double vxx = 0.0, vyy = 0.0, vxy = 0.0;
    for (std::size_t r = 0; r < x.size(); ++r) {
        vxx += (x[r] - mx) * (x[r] - mx);
        vyy += (y[r] - my) * (y[r] - my);
        vxy += (x[r] - mx) * (y[r] - my);
    }
    vxx /= (n - 1) * n;
    vyy /= (n - 1) * n;
    vxy /= (n - 1) * n;
    // Fieller: the R with (mx - R my)^2 <= t^2 (vxx - 2 R vxy + R^2 vyy), a quadratic a R^2 + b R + c <= 0.
    const double t2 = std::pow(student_t_975(static_cast<double>(x.size()) - 1.0), 2);
    const double a = my * my - t2 * vyy;
    const double b = -2.0 * (mx * my - t2 * vxy);
    const double c = mx * mx - t2 * vxx;
    const double discriminant = b * b - 4.0 * a * c;
    if (a <= 0.0 || discriminant < 0.0) return out;  // the denominator could be 0: no finite interval
    out.low = (-b - std::sqrt(discriminant)) / (2.0 * a);
    out.high = (-b + std::sqrt(discriminant)) / (2.0 * a);
    return out;
}

std::string ratio_text(const Ratio& r, const MeanInterval& gain) {
    char text[96];
    if (!std::isfinite(r.ratio)) {
        const bool gain_possible = gain.n >= 2 && gain.mean + gain.half_width_95 > 0.0;
        return gain_possible ? "n/a (mean gain <= 0, CI has gains)" : "n/a (no gain)";
    }
    if (std::isfinite(r.low))
        std::snprintf(text, sizeof text, "%.4g [%.4g, %.4g]", r.ratio, r.low, r.high);
    else
        std::snprintf(text, sizeof text, "%.4g [unbounded]", r.ratio);
    return text;
}

}  // namespace asmsim
