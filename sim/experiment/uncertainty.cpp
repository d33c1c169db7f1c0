#include "experiment/uncertainty.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

#include <boost/random/uniform_01.hpp>

#include "calibration/calibration_spec.hpp"
#include "core/random_streams.hpp"
#include "experiment/statistics.hpp"

namespace asmsim {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

RandomEngine draw_engine(std::uint64_t seed, const char* module, int draw) {
    RandomEngine engine = make_stream(StreamKey{seed, "uncertainty", 0}, module);
    engine.seek(static_cast<std::uint64_t>(draw), 0);
    return engine;
}

double mean_of(const std::vector<double>& v) {
    return std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
}
double variance_of(const std::vector<double>& v, double mean) {
    double squares = 0.0;
    for (double x : v) squares += (x - mean) * (x - mean);
    return squares / static_cast<double>(v.size() - 1);
}

}  // namespace

std::vector<std::size_t> resample_particles(const std::vector<double>& weights, std::uint64_t seed, int draws) {
    std::vector<double> cumulative(weights.size());
    double total = 0.0;
    for (std::size_t i = 0; i < weights.size(); ++i) {
        if (!(weights[i] >= 0.0) || !std::isfinite(weights[i]))
            throw std::invalid_argument("weight " + std::to_string(i) + " is negative or not a number");
        cumulative[i] = total += weights[i];
    }
    if (!(total > 0.0)) throw std::invalid_argument("the weights are empty or sum to 0");
    std::vector<std::size_t> out;
    for (int d = 0; d < draws; ++d) {
        RandomEngine engine = draw_engine(seed, "posterior_resample", d);
        boost::random::uniform_01<double> uniform;
        const double u = uniform(engine) * total;
        // The first particle whose cumulative weight exceeds u: never one of weight 0.
        const auto it = std::upper_bound(cumulative.begin(), cumulative.end(), u);
        out.push_back(std::min<std::size_t>(static_cast<std::size_t>(it - cumulative.begin()), weights.size() - 1));
        while (weights[out.back()] == 0.0) --out.back();  // u == total exactly (rounding): the last weighted one
    }
    return out;
}

CalibrationPriors load_calibration_priors(const std::string& path) {
    const CalibrationSpec spec = load_calibration(path);
    CalibrationPriors out;
    for (const CalibratedParameter& p : spec.parameters) {
        out.names.push_back(p.name);
        out.units.push_back(p.units.empty() ? "1" : p.units);
        out.priors.push_back(p.prior);
    }
    return out;
}

std::vector<double> prior_draws(const std::vector<Prior>& priors, std::uint64_t seed, int draws) {
    std::vector<double> out;
    out.reserve(priors.size() * static_cast<std::size_t>(std::max(draws, 0)));
    for (int d = 0; d < draws; ++d) {
        RandomEngine engine = draw_engine(seed, "prior_draw", d);
        boost::random::uniform_01<double> uniform;
        for (const Prior& prior : priors) out.push_back(prior.quantile(uniform(engine)));
    }
    return out;
}

CombinedEffect combine_effects(const std::vector<std::vector<double>>& effects) {
    if (effects.empty() || effects.front().empty()) throw std::invalid_argument("combine_effects: no draws or no replicates");
    const std::size_t N = effects.size(), R = effects.front().size();
    std::vector<double> draw_means;
    double within = 0.0;
    for (const auto& replicates : effects) {
        if (replicates.size() != R) throw std::invalid_argument("combine_effects: draws with different replicate counts");
        draw_means.push_back(mean_of(replicates));
        if (R >= 2) within += variance_of(replicates, draw_means.back()) / static_cast<double>(R);
    }
    CombinedEffect c;
    c.mean = mean_of(draw_means);
    c.within_variance = R >= 2 ? within / static_cast<double>(N) : nan;
    c.total_variance = N >= 2 ? variance_of(draw_means, c.mean) : nan;
    if (R >= 2) {
        const double h = student_t_975(static_cast<double>(N * (R - 1))) * std::sqrt(c.within_variance);
        c.stochastic_lower = c.mean - h;
        c.stochastic_upper = c.mean + h;
    } else {
        c.stochastic_lower = c.stochastic_upper = nan;
    }
    if (N < 2) {
        c.between_variance = 0.0;
        c.lower = c.stochastic_lower;
        c.upper = c.stochastic_upper;
        return c;
    }
    c.between_variance = R >= 2 ? std::max(0.0, c.total_variance - c.within_variance) : c.total_variance;
    const double combined = (R >= 2 ? c.within_variance : 0.0) + c.between_variance;
    const double h = student_t_975(static_cast<double>(N - 1)) * std::sqrt(combined);
    c.lower = c.mean - h;
    c.upper = c.mean + h;
    return c;
}

std::vector<double> mid_ranks(const std::vector<double>& values) {
    const std::size_t n = values.size();
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    // NaN after every number; a strict weak order, so the sort is well defined.
    auto less = [&](std::size_t a, std::size_t b) {
        const bool na = std::isnan(values[a]), nb = std::isnan(values[b]);
        if (na || nb) return !na && nb;
        return values[a] < values[b];
    };
    std::stable_sort(order.begin(), order.end(), less);
    std::vector<double> rank(n);
    for (std::size_t i = 0; i < n;) {
        std::size_t j = i + 1;
        while (j < n && !less(order[i], order[j])) ++j;  // order[i..j) tie
        const double shared = (static_cast<double>(i + 1) + static_cast<double>(j)) / 2.0;
        for (std::size_t k = i; k < j; ++k) rank[order[k]] = shared;
        i = j;
    }
    return rank;
}

RankSummary rank_interventions(const std::vector<std::vector<double>>& values, int direction) {
    RankSummary s;
    if (values.empty()) return s;
    const std::size_t K = values.front().size();
    s.first_probability.assign(K, 0.0);
    s.expected_rank.assign(K, 0.0);
    for (const auto& row : values) {
        // Best first: rank the values turned so that smaller is better (NaN stays NaN, last).
        std::vector<double> turned(K);
        for (std::size_t i = 0; i < K; ++i) turned[i] = -direction * row[i];
        std::vector<double> rank = mid_ranks(turned);
        std::size_t tied_first = 0;
        const double best = *std::min_element(rank.begin(), rank.end());
        for (double r : rank) tied_first += r == best;
        for (std::size_t i = 0; i < K; ++i) {
            if (rank[i] == best) s.first_probability[i] += 1.0 / static_cast<double>(tied_first);
            s.expected_rank[i] += rank[i];
        }
        s.rank.push_back(std::move(rank));
    }
    const double N = static_cast<double>(values.size());
    for (std::size_t i = 0; i < K; ++i) {
        s.first_probability[i] /= N;
        s.expected_rank[i] /= N;
    }
    return s;
}

double spearman(const std::vector<double>& x, const std::vector<double>& y) {
    if (x.size() != y.size()) throw std::invalid_argument("spearman: sizes differ");
    if (x.size() < 2) return nan;
    const std::vector<double> rx = mid_ranks(x), ry = mid_ranks(y);
    const double mx = mean_of(rx), my = mean_of(ry);
    double sxy = 0.0, sxx = 0.0, syy = 0.0;
    for (std::size_t i = 0; i < rx.size(); ++i) {
        sxy += (rx[i] - mx) * (ry[i] - my);
        sxx += (rx[i] - mx) * (rx[i] - mx);
        syy += (ry[i] - my) * (ry[i] - my);
    }
    if (!(sxx > 0.0) || !(syy > 0.0)) return nan;
    return sxy / std::sqrt(sxx * syy);
}

}  // namespace asmsim
