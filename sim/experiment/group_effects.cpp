#include "experiment/group_effects.hpp"

#include <algorithm>
#include <cmath>

#include "model/commodity.hpp"
#include "model/roles.hpp"

namespace asmsim {

namespace {
enum Grouping : std::size_t { g_all, g_quintile, g_role, g_head, g_mineral, g_site, g_formal };
}

GroupScheme group_scheme(int sites) {
    GroupScheme s;
    s.first.fill(-1);
    auto add = [&](Grouping g, const std::string& label) {
        if (s.first[g] < 0) s.first[g] = static_cast<int>(s.labels.size());
        s.labels.push_back(label);
        s.grouping.push_back(groupings[g]);
    };
    add(g_all, "all");
    for (int q = 1; q <= 5; ++q) add(g_quintile, "wealth_quintile_" + std::to_string(q));
    for (const char* role : role_names) add(g_role, "role_" + std::string(role));
    add(g_head, "head_male");
    add(g_head, "head_female");
    for (Commodity c : all_commodities) add(g_mineral, "mineral_" + std::string(commodity_name(c)));
    if (sites <= max_site_groups)
        for (int site = 0; site < sites; ++site) add(g_site, "site_" + std::to_string(site));
    for (const char* status : {"informal", "applicant", "licensed"}) add(g_formal, "formal_" + std::string(status));
    return s;
}

void GroupScheme::groups_of(const HouseholdBaseline& b, Eigen::Index i, std::vector<int>& out) const {
    out.push_back(first[g_all]);
    out.push_back(first[g_quintile] + b.wealth_quintile[i] - 1);
    out.push_back(first[g_role] + b.role[i]);
    out.push_back(first[g_head] + b.head_female[i]);
    out.push_back(first[g_mineral] + b.mineral[i]);
    if (first[g_site] >= 0) out.push_back(first[g_site] + b.site[i]);
    out.push_back(first[g_formal] + b.legal_status[i]);
}

double change_tolerance(double reference_value) { return 1e-9 * std::max(1.0, std::abs(reference_value)); }

double quantile_sorted(const std::vector<double>& sorted, double p) {
    if (sorted.empty()) return std::nan("");
    const double h = (static_cast<double>(sorted.size()) - 1.0) * p;
    const auto lo = static_cast<std::size_t>(std::floor(h));
    const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
    return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

GroupSample group_sample(const GroupScheme& scheme, const HouseholdBaseline& baseline, const Eigen::ArrayXXd& scenario,
                         const Eigen::ArrayXXd& reference) {
    const auto G = static_cast<Eigen::Index>(scheme.size());
    GroupSample s;
    s.households.assign(scheme.size(), 0.0);
    s.difference.setZero(G, n_panel_outcomes);
    s.higher.setZero(G, n_panel_outcomes);
    s.lower.setZero(G, n_panel_outcomes);
    s.level.setZero(G, n_panel_outcomes);
    std::vector<int> groups;
    Eigen::Array<double, 1, n_panel_outcomes> d, higher, lower, level;
    for (Eigen::Index i = 0; i < scenario.rows(); ++i) {
        // The household's contributions once, then added to each of its groups.
        for (int o = 0; o < n_panel_outcomes; ++o) {
            d[o] = scenario(i, o) - reference(i, o);
            const double tolerance = change_tolerance(reference(i, o));
            higher[o] = d[o] > tolerance ? 1.0 : 0.0;
            lower[o] = d[o] < -tolerance ? 1.0 : 0.0;
            level[o] = scenario(i, o);
        }
        groups.clear();
        scheme.groups_of(baseline, i, groups);
        for (int g : groups) {
            s.households[static_cast<std::size_t>(g)] += 1.0;
            s.difference.row(g) += d;
            s.higher.row(g) += higher;
            s.lower.row(g) += lower;
            s.level.row(g) += level;
        }
    }
    s.quantiles.resize(decile_levels.size(), quantile_outcomes.size());
    s.reference_quantiles.resize(decile_levels.size(), quantile_outcomes.size());
    for (std::size_t q = 0; q < quantile_outcomes.size(); ++q) {
        const auto o = quantile_outcomes[q];
        std::vector<double> a(scenario.col(o).begin(), scenario.col(o).end());
        std::vector<double> b(reference.col(o).begin(), reference.col(o).end());
        std::sort(a.begin(), a.end());
        std::sort(b.begin(), b.end());
        for (std::size_t p = 0; p < decile_levels.size(); ++p) {
            s.quantiles(static_cast<Eigen::Index>(p), static_cast<Eigen::Index>(q)) = quantile_sorted(a, decile_levels[p]);
            s.reference_quantiles(static_cast<Eigen::Index>(p), static_cast<Eigen::Index>(q)) =
                quantile_sorted(b, decile_levels[p]);
        }
    }
    return s;
}

GroupEffects group_effects(const std::vector<GroupSample>& replicates) {
    GroupEffects e;
    if (replicates.empty()) return e;
    const std::size_t G = replicates.front().households.size();
    const std::size_t R = replicates.size();
    auto pooled = [&](const Eigen::ArrayXXd GroupSample::*sums, std::size_t g, int o) {
        std::vector<double> s(R), n(R);
        for (std::size_t r = 0; r < R; ++r) {
            s[r] = (replicates[r].*sums)(static_cast<Eigen::Index>(g), o);
            n[r] = replicates[r].households[g];
        }
        return pooled_mean_ci95(s, n);
    };
    for (auto* table : {&e.effect, &e.share_higher, &e.share_lower, &e.mean})
        table->assign(G, std::vector<MeanInterval>(n_panel_outcomes));
    for (std::size_t g = 0; g < G; ++g)
        for (int o = 0; o < n_panel_outcomes; ++o) {
            const auto k = static_cast<std::size_t>(o);
            e.effect[g][k] = pooled(&GroupSample::difference, g, o);
            e.share_higher[g][k] = pooled(&GroupSample::higher, g, o);
            e.share_lower[g][k] = pooled(&GroupSample::lower, g, o);
            e.mean[g][k] = pooled(&GroupSample::level, g, o);
        }
    e.quantile_effect.assign(decile_levels.size(), std::vector<Difference>(quantile_outcomes.size()));
    for (std::size_t p = 0; p < decile_levels.size(); ++p)
        for (std::size_t q = 0; q < quantile_outcomes.size(); ++q) {
            std::vector<double> a(R), b(R);
            for (std::size_t r = 0; r < R; ++r) {
                a[r] = replicates[r].quantiles(static_cast<Eigen::Index>(p), static_cast<Eigen::Index>(q));
                b[r] = replicates[r].reference_quantiles(static_cast<Eigen::Index>(p), static_cast<Eigen::Index>(q));
            }
            e.quantile_effect[p][q] = compare_paired(a, b);
        }
    return e;
}

}  // namespace asmsim
