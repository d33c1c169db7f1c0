#pragma once
// Subgroup and distributional effects of a scenario against the reference (issue 16.2;
// docs/outputs.md, "/comparison: groups and quantiles"). The statistic of each household is its
// mean of every panel outcome over the last 12 months of a run (model/household_panel.hpp);
// households are paired by row across scenarios (common random numbers) and grouped by the
// reference run's baseline characteristics, so every scenario splits the same households alike.
//
// Per replicate and group: the sum of the households' paired differences, of the indicators that
// the outcome is higher or lower than in the reference, and the group's size. A group's effect is
// the pooled mean over replicates (sum of differences / sum of sizes) with the ratio estimator's
// Student-t interval over replicates (pooled_mean_ci95). Weighted by the groups' sizes, the effects
// of any grouping add up to the effect on all households: sums and sizes add up.
// Quantile effects: per replicate, each decile of the households' statistic in the scenario minus
// the same decile in the reference, with the paired t interval over replicates (compare_paired).

#include <array>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "experiment/comparison.hpp"
#include "experiment/statistics.hpp"
#include "model/household_panel.hpp"

namespace asmsim {

// Site groups are listed for at most this many sites (beyond, the table would be mostly noise).
inline constexpr int max_site_groups = 200;
// The groupings, in the order of the group dimension.
inline constexpr std::array<const char*, 7> groupings = {"all",  "wealth_quintile", "role", "head_gender",
                                                         "mineral", "site",         "formal_status"};

// Every grouping's groups in one list: labels such as "all", "wealth_quintile_1", "role_digger",
// "head_female", "mineral_gold", "site_3", "formal_licensed".
struct GroupScheme {
    std::vector<std::string> labels;
    std::vector<std::string> grouping;  // the grouping of each label
    std::array<int, groupings.size()> first{};  // index of each grouping's first group (-1: not listed)
    // The group of household i in each grouping that is listed (indices into labels), appended to `out`.
    void groups_of(const HouseholdBaseline& baseline, Eigen::Index i, std::vector<int>& out) const;
    std::size_t size() const { return labels.size(); }
};
GroupScheme group_scheme(int sites);

// The deciles of the quantile effects and the outcomes they are computed for.
inline constexpr std::array<double, 9> decile_levels = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9};
inline constexpr std::array<int, 2> quantile_outcomes = {panel_income, panel_consumption};

// A household's outcome counts as higher (lower) than in the reference when the difference exceeds
// this tolerance: relative 1e-9 (at least 1e-9 in the outcome's units), far above rounding and far
// below any change that matters. Households a scenario does not touch differ by exactly 0.
double change_tolerance(double reference_value);

// Quantile p of `values` (sorted in place) with linear interpolation between order statistics
// (numpy's default, R's type 7).
double quantile_sorted(const std::vector<double>& sorted, double p);

// What one replicate of a scenario contributes, against the same replicate of the reference.
struct GroupSample {
    std::vector<double> households;                       // [group]
    Eigen::ArrayXXd difference, higher, lower, level;     // [group, outcome]: sums over the group's households
    Eigen::ArrayXXd quantiles, reference_quantiles;       // [decile, quantile outcome]
};
// `scenario` and `reference`: households x outcomes (HouseholdRecorder::last_year) of replicate r;
// `baseline`: the reference run's baseline of replicate r.
GroupSample group_sample(const GroupScheme& scheme, const HouseholdBaseline& baseline, const Eigen::ArrayXXd& scenario,
                         const Eigen::ArrayXXd& reference);

struct GroupEffects {  // one scenario against the reference, over replicates
    std::vector<std::vector<MeanInterval>> effect, share_higher, share_lower, mean;  // [group][outcome]
    std::vector<std::vector<Difference>> quantile_effect;                             // [decile][quantile outcome]
};
GroupEffects group_effects(const std::vector<GroupSample>& replicates);

struct GroupTable {
    GroupScheme scheme;                   // empty: no group effects
    std::vector<double> households;       // [group]: mean size per replicate
    std::vector<GroupEffects> by_scenario;  // [scenario], the reference first (effects 0)
};

}  // namespace asmsim
