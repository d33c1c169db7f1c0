#pragma once
// Household-level records of one run (issue 16, points 1 and 2; docs/outputs.md, "/panel"):
//  - the baseline characteristics of every household, recorded before the first month runs
//    (its role at the end of month 0, when roles are first drawn), which define the groups of the
//    comparison's subgroup effects;
//  - the panel: the outcomes of the panel households (all, or a sample) at the months chosen by
//    `outputs.panel_months`;
//  - on request (asmsim compare), each household's mean of every outcome over the last 12 months
//    of the run, the statistic of the subgroup and quantile effects.
// Recording reads the world and draws nothing the model draws: a run with a panel gives the same
// results as one without. The sample of panel rows comes from its own stream, the same in every
// replicate and scenario, so household row h is the same household everywhere.

#include <array>
#include <cstdint>
#include <vector>

#include <Eigen/Core>

#include "core/parameters.hpp"
#include "core/random_streams.hpp"
#include "model/world.hpp"

namespace asmsim {

// The outcomes recorded per household, in the order of the panel's variables.
enum PanelOutcome : int {
    panel_income = 0,       // income per person
    panel_consumption = 1,  // consumption per person
    panel_poor = 2,         // 1 when per-capita income is below the poverty line
    panel_savings = 3,
    panel_debt = 4,
    panel_licensed = 5,     // 1 when licensed (formal)
    panel_injuries = 6,     // new injuries this month
};
inline constexpr int n_panel_outcomes = 7;
struct PanelOutcomeInfo {
    const char* name;
    const char* units;
    const char* long_name;
};
extern const std::array<PanelOutcomeInfo, n_panel_outcomes> panel_outcome_info;

// Baseline characteristics of every household (all rows of the world).
struct HouseholdBaseline {
    ArrayXi64 id;
    Eigen::ArrayXi size_persons;
    Eigen::ArrayXi head_female;      // 1 when the head is a woman
    Eigen::ArrayXi role;             // Role code: the higher of the men's and the women's role, end of month 0
    Eigen::ArrayXd wealth_usd;       // savings + livestock - debt
    Eigen::ArrayXi wealth_quintile;  // 1 (poorest fifth) .. 5, ranked over all households (ties by row)
    Eigen::ArrayXi mineral;          // Commodity of the household's site
    Eigen::ArrayXi site;
    Eigen::ArrayXi legal_status;     // LegalStatus
    Eigen::Index size() const { return id.size(); }
};

class HouseholdRecorder {
public:
    HouseholdRecorder() = default;
    // `initial`: the world before month 0 runs. Throws InputError for a panel month past the run.
    HouseholdRecorder(const ParameterSet& params, const StreamKey& key, const World& initial);

    // Keep each household's mean of every outcome over the last 12 months; `initial` is the world
    // before month 0 runs (the baseline is recorded from it if the panel did not already).
    void keep_last_year(const World& initial);
    // After month `month` has run (its flows are in the world).
    void record(const World& world, int month);

    const HouseholdBaseline& baseline() const { return baseline_; }  // empty without panel or statistics
    bool has_panel() const { return !months_.empty(); }
    const std::vector<std::int64_t>& panel_months() const { return months_; }
    const std::vector<std::int64_t>& panel_rows() const { return rows_; }  // ascending
    // Outcome o of the panel: months x panel rows, column-major (a household's months are
    // contiguous: the C order of a (household, month) block).
    const Eigen::ArrayXXd& panel(int outcome) const { return panel_[static_cast<std::size_t>(outcome)]; }
    // households x outcomes: mean over the last 12 months; empty unless keep_last_year() was called.
    const Eigen::ArrayXXd& last_year() const { return last_year_; }

    // Outcome o of household i in this month's world.
    double outcome(const World& world, Eigen::Index i, int o) const;

private:
    // Only runs that keep a panel or household statistics hold the baseline (44 bytes a household).
    void record_baseline(const World& initial);

    HouseholdBaseline baseline_;
    std::vector<std::int64_t> months_, rows_;
    std::array<Eigen::ArrayXXd, n_panel_outcomes> panel_;
    Eigen::ArrayXXd last_year_;
    int run_months_ = 0;
    double poverty_line_usd_per_person_month_ = 0.0;  // at month-0 prices
};

// The months of `outputs.panel_months` ("none", "all" or a list) for a run of `months` months,
// ascending and without repeats; throws InputError for a month past the run.
std::vector<std::int64_t> panel_months(const std::string& text, int months);

// `count` distinct rows out of `n` (all when count is 0 or >= n), ascending, drawn from `rng`.
std::vector<std::int64_t> sample_rows(std::int64_t n, std::int64_t count, RandomEngine& rng);

}  // namespace asmsim
