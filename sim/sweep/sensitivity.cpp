#include "sweep/sensitivity.hpp"

#include <algorithm>
#include <cmath>
#include <functional>

#include <boost/random/uniform_int_distribution.hpp>

#include "core/random_streams.hpp"

namespace asmsim {

namespace {

double quantile(std::vector<double> values, double q) {
    values.erase(std::remove_if(values.begin(), values.end(), [](double v) { return std::isnan(v); }), values.end());
    if (values.empty()) return std::nan("");
    std::sort(values.begin(), values.end());
    const double position = q * static_cast<double>(values.size() - 1);
    const auto below = static_cast<std::size_t>(std::floor(position));
    const auto above = std::min(values.size() - 1, below + 1);
    return values[below] + (position - static_cast<double>(below)) * (values[above] - values[below]);
}

// Estimates `count` statistics on the units (rows or trajectories) given, and percentile
// bootstrap intervals from resampling the units with replacement.
std::vector<Interval> with_bootstrap(int units, int count,
                                     const std::function<std::vector<double>(const std::vector<int>&)>& estimate,
                                     const BootstrapOptions& options) {
    std::vector<int> all(static_cast<std::size_t>(units));
    for (int u = 0; u < units; ++u) all[static_cast<std::size_t>(u)] = u;
    const std::vector<double> point = estimate(all);
    std::vector<std::vector<double>> draws(static_cast<std::size_t>(count));
    RandomEngine engine = make_stream(StreamKey{options.seed, "sweep_analysis", 0}, "bootstrap");
    std::vector<int> sample(static_cast<std::size_t>(units));
    for (int b = 0; b < options.resamples && units > 0; ++b) {
        boost::random::uniform_int_distribution<int> pick(0, units - 1);
        for (auto& s : sample) s = pick(engine);
        const std::vector<double> values = estimate(sample);
        for (int k = 0; k < count; ++k) draws[static_cast<std::size_t>(k)].push_back(values[static_cast<std::size_t>(k)]);
    }
    std::vector<Interval> out(static_cast<std::size_t>(count));
    const double tail = (1.0 - options.confidence) / 2.0;
    for (int k = 0; k < count; ++k) {
        auto& o = out[static_cast<std::size_t>(k)];
        o.estimate = point[static_cast<std::size_t>(k)];
        o.low = quantile(draws[static_cast<std::size_t>(k)], tail);
        o.high = quantile(draws[static_cast<std::size_t>(k)], 1.0 - tail);
    }
    return out;
}

}  // namespace

SobolIndices sobol_indices(const std::vector<double>& y, int base_samples, int d, bool second_order,
                           const BootstrapOptions& bootstrap) {
    const int blocks = second_order ? 2 * d + 2 : d + 2;
    auto f = [&](int row, int block) { return y[static_cast<std::size_t>(row) * blocks + block]; };
    std::vector<int> rows;  // base rows whose points all ran
    for (int j = 0; j < base_samples; ++j) {
        bool ok = true;
        for (int k = 0; k < blocks; ++k) ok = ok && std::isfinite(f(j, k));
        if (ok) rows.push_back(j);
    }
    const int pairs = second_order ? d * d : 0;
    const int count = 2 * d + pairs;
    // Estimates on the rows selected (indices into `rows`).
    auto estimate = [&](const std::vector<int>& picks) {
        std::vector<double> out(static_cast<std::size_t>(count), std::nan(""));
        const double n = static_cast<double>(picks.size());
        if (picks.size() < 2) return out;
        double sum = 0.0, sum_sq = 0.0;
        for (int p : picks) {
            const int j = rows[static_cast<std::size_t>(p)];
            for (double v : {f(j, 0), f(j, d + 1)}) {
                sum += v;
                sum_sq += v * v;
            }
        }
        const double mean = sum / (2.0 * n);
        const double variance = sum_sq / (2.0 * n) - mean * mean;
        if (!(variance > 0.0)) return out;
        // Centred values: the same expectations, a far smaller estimator variance when the
        // output's mean is large against its spread.
        auto g = [&](int row, int block) { return f(row, block) - mean; };
        for (int i = 0; i < d; ++i) {
            double first = 0.0, total = 0.0;
            for (int p : picks) {
                const int j = rows[static_cast<std::size_t>(p)];
                const double a = g(j, 0), b = g(j, d + 1), ab = g(j, 1 + i);
                first += b * (ab - a);
                total += (a - ab) * (a - ab);
            }
            out[static_cast<std::size_t>(i)] = first / n / variance;
            out[static_cast<std::size_t>(d + i)] = total / n / (2.0 * variance);
        }
        if (second_order) {
            for (int i = 0; i < d; ++i)
                for (int k = i + 1; k < d; ++k) {
                    double joint = 0.0;
                    for (int p : picks) {
                        const int j = rows[static_cast<std::size_t>(p)];
                        joint += g(j, d + 2 + i) * g(j, 1 + k) - g(j, 0) * g(j, d + 1);
                    }
                    out[static_cast<std::size_t>(2 * d + i * d + k)] =
                        joint / n / variance - out[static_cast<std::size_t>(i)] - out[static_cast<std::size_t>(k)];
                }
        }
        return out;
    };
    const std::vector<Interval> all = with_bootstrap(static_cast<int>(rows.size()), count, estimate, bootstrap);
    SobolIndices out;
    out.rows_used = static_cast<int>(rows.size());
    out.first_order.assign(all.begin(), all.begin() + d);
    out.total.assign(all.begin() + d, all.begin() + 2 * d);
    if (second_order) out.second_order.assign(all.begin() + 2 * d, all.end());
    {
        double sum = 0.0, sum_sq = 0.0;
        for (int j : rows)
            for (double v : {f(j, 0), f(j, d + 1)}) {
                sum += v;
                sum_sq += v * v;
            }
        const double n2 = 2.0 * static_cast<double>(rows.size());
        out.variance = rows.empty() ? std::nan("") : sum_sq / n2 - (sum / n2) * (sum / n2);
    }
    return out;
}

MorrisIndices morris_indices(const std::vector<double>& y, const std::vector<double>& unit, const std::vector<int>& changed,
                             int d, const BootstrapOptions& bootstrap) {
    const int steps = d + 1;
    const int trajectories = static_cast<int>(y.size()) / steps;
    // ee[t][i]: elementary effect of parameter i in trajectory t
    std::vector<std::vector<double>> ee;
    for (int t = 0; t < trajectories; ++t) {
        std::vector<double> effects(static_cast<std::size_t>(d), std::nan(""));
        bool ok = true;
        for (int k = 1; k < steps; ++k) {
            const int point = t * steps + k;
            const int i = changed[static_cast<std::size_t>(point)];
            const double du = unit[static_cast<std::size_t>(point) * d + i] - unit[static_cast<std::size_t>(point - 1) * d + i];
            const double dy = y[static_cast<std::size_t>(point)] - y[static_cast<std::size_t>(point - 1)];
            ok = ok && std::isfinite(dy);
            effects[static_cast<std::size_t>(i)] = dy / du;
        }
        if (ok) ee.push_back(effects);
    }
    auto estimate = [&](const std::vector<int>& picks) {
        std::vector<double> out(static_cast<std::size_t>(d), 0.0);
        for (int p : picks)
            for (int i = 0; i < d; ++i) out[static_cast<std::size_t>(i)] += std::abs(ee[static_cast<std::size_t>(p)][static_cast<std::size_t>(i)]);
        for (auto& v : out) v /= static_cast<double>(std::max<std::size_t>(1, picks.size()));
        return out;
    };
    MorrisIndices out;
    out.trajectories_used = static_cast<int>(ee.size());
    out.mu_star = with_bootstrap(out.trajectories_used, d, estimate, bootstrap);
    for (int i = 0; i < d; ++i) {
        double sum = 0.0, sum_sq = 0.0;
        for (const auto& e : ee) sum += e[static_cast<std::size_t>(i)];
        const double n = static_cast<double>(ee.size());
        const double mean = sum / n;
        for (const auto& e : ee) sum_sq += (e[static_cast<std::size_t>(i)] - mean) * (e[static_cast<std::size_t>(i)] - mean);
        out.mu.push_back(ee.empty() ? std::nan("") : mean);
        out.sigma.push_back(ee.size() < 2 ? std::nan("") : std::sqrt(sum_sq / (n - 1.0)));
    }
    return out;
}

}  // namespace asmsim
