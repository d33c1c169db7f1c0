#include "sweep/analyze.hpp"

#include <algorithm>
#include <cstdio>
#include <numeric>
#include <stdexcept>

#include "core/input_error.hpp"

namespace asmsim {

bool has_indices(const std::string& design) { return design == "sobol" || design == "morris"; }

SweepAnalysis analyze_sweep(const SweepForAnalysis& sweep, BootstrapOptions bootstrap) {
    if (!has_indices(sweep.design))
        throw InputError({}, "", "a " + sweep.design + " design has no sensitivity indices", "use a sobol or morris design");
    for (int s : sweep.status)
        if (s == 2)
            throw std::runtime_error("this file is one shard of a sweep: combine the shards with 'asmsim merge' first");
    bootstrap.seed = sweep.seed;
    SweepAnalysis out;
    out.method = sweep.design;
    out.bootstrap = bootstrap;
    for (const auto& y : sweep.mean) {
        if (sweep.design == "sobol")
            out.sobol.push_back(sobol_indices(y, sweep.base_samples, sweep.randomisations, sweep.parameters,
                                              sweep.second_order, bootstrap.confidence));
        else
            out.morris.push_back(morris_indices(y, sweep.unit, sweep.changed, sweep.parameters, bootstrap));
    }
    return out;
}

std::string ranked_table(const SweepForAnalysis& sweep, const SweepAnalysis& analysis) {
    std::string text;
    char line[512];
    const int level = static_cast<int>(analysis.bootstrap.confidence * 100 + 0.5);
    for (std::size_t s = 0; s < sweep.statistic_names.size(); ++s) {
        std::vector<int> order(static_cast<std::size_t>(sweep.parameters));
        std::iota(order.begin(), order.end(), 0);
        std::snprintf(line, sizeof line, "\n%s [%s]\n", sweep.statistic_names[s].c_str(), sweep.statistic_units[s].c_str());
        text += line;
        if (analysis.method == "sobol") {
            const SobolIndices& x = analysis.sobol[s];
            std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return x.total[a].estimate > x.total[b].estimate; });
            std::snprintf(line, sizeof line,
                          "  %-44s %22s %22s   (%d%% t intervals over %d randomisations, %d base rows)\n", "parameter",
                          "first order S1", "total ST", level, sweep.randomisations, x.rows_used);
            text += line;
            for (int i : order) {
                const Interval& f = x.first_order[static_cast<std::size_t>(i)];
                const Interval& t = x.total[static_cast<std::size_t>(i)];
                std::snprintf(line, sizeof line, "  %-44s %6.3f [%6.3f, %6.3f] %6.3f [%6.3f, %6.3f]\n",
                              sweep.parameter_names[static_cast<std::size_t>(i)].c_str(), f.estimate, f.low, f.high,
                              t.estimate, t.low, t.high);
                text += line;
            }
            if (sweep.second_order) {
                // Pairs ranked by S2 (Saltelli 2002).
                std::vector<std::pair<int, int>> pairs;
                for (int i = 0; i < sweep.parameters; ++i)
                    for (int j = i + 1; j < sweep.parameters; ++j) pairs.emplace_back(i, j);
                auto s2 = [&](const std::pair<int, int>& p) -> const Interval& {
                    return x.second_order[static_cast<std::size_t>(p.first * sweep.parameters + p.second)];
                };
                std::stable_sort(pairs.begin(), pairs.end(), [&](const auto& a, const auto& b) { return s2(a).estimate > s2(b).estimate; });
                std::snprintf(line, sizeof line, "  %-67s %22s\n", "parameter pair", "second order S2");
                text += line;
                for (const auto& p : pairs) {
                    const Interval& v = s2(p);
                    const std::string name = sweep.parameter_names[static_cast<std::size_t>(p.first)] + " x " +
                                             sweep.parameter_names[static_cast<std::size_t>(p.second)];
                    std::snprintf(line, sizeof line, "  %-67s %6.3f [%6.3f, %6.3f]\n", name.c_str(), v.estimate, v.low, v.high);
                    text += line;
                }
            }
        } else {
            const MorrisIndices& x = analysis.morris[s];
            std::stable_sort(order.begin(), order.end(),
                             [&](int a, int b) { return x.mu_star[a].estimate > x.mu_star[b].estimate; });
            std::snprintf(line, sizeof line, "  %-44s %30s %11s %11s   (%d trajectories)\n", "parameter", "mu* [interval]",
                          "mu", "sigma", x.trajectories_used);
            text += line;
            for (int i : order) {
                const auto k = static_cast<std::size_t>(i);
                std::snprintf(line, sizeof line, "  %-44s %10.4g [%8.4g, %8.4g] %11.4g %11.4g\n",
                              sweep.parameter_names[k].c_str(), x.mu_star[k].estimate, x.mu_star[k].low,
                              x.mu_star[k].high, x.mu[k], x.sigma[k]);
                text += line;
            }
        }
    }
    return text;
}

}  // namespace asmsim
