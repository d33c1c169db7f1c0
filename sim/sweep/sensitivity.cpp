#include "sweep/sensitivity.hpp"

#include <algorithm>
#include <cmath>
#include <functional>

#include <boost/random/uniform_int_distribution.hpp>

#include "core/sequential_stream.hpp"
#include "experiment/statistics.hpp"

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
    SequentialEngine engine = make_sequential_stream(StreamKey{options.seed, "sweep_analysis", 0}, "bootstrap");
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

std::vector<double> sobol_estimates(const std::vector<double>& f, int rows, int d, bool second_order) {
    const int blocks = second_order ? 2 * d + 2 : d + 2;
    const int count = second_order ? 2 * d + d * d : 2 * d;
    std::vector<double> out(static_cast<std::size_t>(count), std::nan(""));
    if (rows < 2) return out;
    auto at = [&](int row, int block) { return f[static_cast<std::size_t>(row) * blocks + block]; };
    const double n = static_cast<double>(rows);
    double centre = 0.0;
    for (int j = 0; j < rows; ++j)
        for (int k = 0; k < blocks; ++k) centre += at(j, k);
    centre /= n * blocks;
    auto g = [&](int row, int block) { return at(row, block) - centre; };
    const int B = blocks - 1;
    double sum = 0.0, sum_sq = 0.0;
    for (int j = 0; j < rows; ++j)
        for (double v : {g(j, 0), g(j, B)}) {
            sum += v;
            sum_sq += v * v;
        }
    const double mean = sum / (2.0 * n);
    const double variance = sum_sq / (2.0 * n) - mean * mean;
    if (!(variance > 0.0)) return out;
    for (int i = 0; i < d; ++i) {
        double first = 0.0, total = 0.0;
        for (int j = 0; j < rows; ++j) {
            const double a = g(j, 0), b = g(j, B), ab = g(j, 1 + i);
            first += b * (ab - a);
            total += (a - ab) * (a - ab);
        }
        out[static_cast<std::size_t>(i)] = first / n / variance;
        out[static_cast<std::size_t>(d + i)] = total / n / (2.0 * variance);
    }
    if (second_order)
        for (int i = 0; i < d; ++i)
            for (int k = i + 1; k < d; ++k) {
                double joint = 0.0;
                for (int j = 0; j < rows; ++j) joint += g(j, d + 1 + i) * g(j, 1 + k) - g(j, 0) * g(j, B);
                out[static_cast<std::size_t>(2 * d + i * d + k)] =
                    joint / n / variance - out[static_cast<std::size_t>(i)] - out[static_cast<std::size_t>(k)];
            }
    return out;
}

Interval t_interval(const std::vector<double>& values, double confidence) {
    Interval out{std::nan(""), std::nan(""), std::nan("")};
    double sum = 0.0;
    int n = 0;
    for (double v : values)
        if (std::isfinite(v)) {
            sum += v;
            ++n;
        }
    if (n == 0) return out;
    out.estimate = sum / n;
    if (n < 2) return out;
    double squares = 0.0;
    for (double v : values)
        if (std::isfinite(v)) squares += (v - out.estimate) * (v - out.estimate);
    const double half = student_t_quantile(0.5 + confidence / 2.0, n - 1.0) * std::sqrt(squares / (n - 1.0) / n);
    out.low = out.estimate - half;
    out.high = out.estimate + half;
    return out;
}

SobolIndices sobol_indices(const std::vector<double>& y, int base_samples, int randomisations, int d, bool second_order,
                           double confidence) {
    const int blocks = second_order ? 2 * d + 2 : d + 2;
    const int count = second_order ? 2 * d + d * d : 2 * d;
    SobolIndices out;
    std::vector<std::vector<double>> estimates;  // [r][index]
    double sum = 0.0, sum_sq = 0.0;
    for (int r = 0; r < randomisations; ++r) {
        std::vector<double> f;  // the randomisation's rows whose points all ran
        int rows = 0;
        for (int j = r * base_samples; j < (r + 1) * base_samples; ++j) {
            const auto first = y.begin() + static_cast<std::ptrdiff_t>(j) * blocks;
            if (!std::all_of(first, first + blocks, [](double v) { return std::isfinite(v); })) continue;
            f.insert(f.end(), first, first + blocks);
            ++rows;
            for (double v : {first[0], first[blocks - 1]}) {
                sum += v;
                sum_sq += v * v;
            }
        }
        out.rows_used += rows;
        estimates.push_back(sobol_estimates(f, rows, d, second_order));
        out.randomisations_used += std::isfinite(estimates.back()[static_cast<std::size_t>(d)]) ? 1 : 0;
    }
    const double n2 = 2.0 * out.rows_used;
    out.variance = out.rows_used ? sum_sq / n2 - (sum / n2) * (sum / n2) : std::nan("");
    std::vector<Interval> all(static_cast<std::size_t>(count));
    for (int k = 0; k < count; ++k) {
        std::vector<double> values;
        for (const auto& e : estimates) values.push_back(e[static_cast<std::size_t>(k)]);
        all[static_cast<std::size_t>(k)] = t_interval(values, confidence);
    }
    out.first_order.assign(all.begin(), all.begin() + d);
    out.total.assign(all.begin() + d, all.begin() + 2 * d);
    if (second_order) out.second_order.assign(all.begin() + 2 * d, all.end());
    for (const auto& e : estimates) {
        out.first_order_by_randomisation.emplace_back(e.begin(), e.begin() + d);
        out.total_by_randomisation.emplace_back(e.begin() + d, e.begin() + 2 * d);
        if (second_order) out.second_order_by_randomisation.emplace_back(e.begin() + 2 * d, e.end());
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
