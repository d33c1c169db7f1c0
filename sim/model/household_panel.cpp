#include "model/household_panel.hpp"

#include <algorithm>
#include <numeric>
#include <stdexcept>

#include "core/draws.hpp"
#include "core/input_error.hpp"

namespace asmsim {

const std::array<PanelOutcomeInfo, n_panel_outcomes> panel_outcome_info = {{
    {"income_usd_per_capita", "USD/person/month", "household income (mining, farm, off-farm) per member in the month"},
    {"consumption_usd_per_capita", "USD/person/month", "household consumption per member in the month"},
    {"poor", "1", "1 when the household's per-capita income is below the poverty line (welfare.poverty_line_usd_per_person_day)"},
    {"savings_usd", "USD", "cash held at the end of the month"},
    {"debt_usd", "USD", "debt to all lenders at the end of the month"},
    {"licensed", "1", "1 when the household mines with a licence (formal)"},
    {"injuries", "injuries/month", "injuries among the household's miners in the month"},
}};

namespace {
constexpr double days_per_month = 365.25 / 12.0;  // as monthly_outputs
}

std::vector<std::int64_t> panel_months(const std::string& text, int months) {
    std::vector<std::int64_t> out;
    if (text == "none") return out;
    if (text == "all") {
        out.resize(static_cast<std::size_t>(months));
        std::iota(out.begin(), out.end(), std::int64_t{0});
        return out;
    }
    out = parse_index_list(text).value_or(std::vector<std::int64_t>{});
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    if (!out.empty() && out.back() >= months)
        throw InputError({}, "outputs.panel_months",
                         "month " + std::to_string(out.back()) + " is past the run's last month " + std::to_string(months - 1),
                         "months count from 0; the run has simulation.months = " + std::to_string(months));
    return out;
}

std::vector<std::int64_t> sample_rows(std::int64_t n, std::int64_t count, RandomEngine& rng) {
    std::vector<std::int64_t> rows(static_cast<std::size_t>(n));
    std::iota(rows.begin(), rows.end(), std::int64_t{0});
    if (count <= 0 || count >= n) return rows;
    // Partial Fisher-Yates: the first `count` places end up a simple random sample.
    for (std::int64_t j = 0; j < count; ++j) {
        const auto pick = j + std::min(n - j - 1, static_cast<std::int64_t>(draw_uniform(rng) * static_cast<double>(n - j)));
        std::swap(rows[static_cast<std::size_t>(j)], rows[static_cast<std::size_t>(pick)]);
    }
    rows.resize(static_cast<std::size_t>(count));
    std::sort(rows.begin(), rows.end());
    return rows;
}

HouseholdRecorder::HouseholdRecorder(const ParameterSet& params, const StreamKey& key, const World& initial)
    : run_months_(static_cast<int>(params.integer("simulation.months"))),
      poverty_line_usd_per_person_month_(params.real("welfare.poverty_line_usd_per_person_day") * days_per_month) {
    months_ = asmsim::panel_months(params.text("outputs.panel_months"), run_months_);
    if (months_.empty()) return;
    record_baseline(initial);
    // Replicate 0's stream whatever the replicate: the same rows in every replicate and scenario.
    RandomEngine rng = make_stream(StreamKey{key.master_seed, key.stream_group, 0}, "household_panel");
    rows_ = sample_rows(initial.households.size(), params.integer("outputs.panel_households"), rng);
    for (auto& values : panel_) values.setZero(static_cast<Eigen::Index>(months_.size()), static_cast<Eigen::Index>(rows_.size()));
}

void HouseholdRecorder::keep_last_year(const World& initial) {
    if (initial.month != 0) throw std::logic_error("household statistics must be asked for before the first month");
    if (baseline_.size() == 0) record_baseline(initial);
    last_year_.setZero(baseline_.size(), n_panel_outcomes);
}

void HouseholdRecorder::record_baseline(const World& initial) {
    const Households& h = initial.households;
    const Eigen::Index n = h.size();
    HouseholdBaseline& b = baseline_;
    b.id = h.id;
    b.size_persons = h.size_persons;
    b.head_female = h.head_female.cast<int>();
    b.role.setZero(n);  // set at the end of month 0
    b.wealth_usd.resize(n);
    b.mineral.resize(n);
    for (Eigen::Index i = 0; i < n; ++i) {
        b.wealth_usd[i] = h.savings_usd[i] + h.livestock_usd[i] - h.total_debt_usd(i);
        b.mineral[i] = initial.sites.mineral[h.site[i]];
    }
    b.site = h.site;
    b.legal_status = h.legal_status.cast<int>();
    // Quintiles by rank: equal fifths whatever the ties (ties ranked by row).
    std::vector<Eigen::Index> order(static_cast<std::size_t>(n));
    std::iota(order.begin(), order.end(), Eigen::Index{0});
    std::stable_sort(order.begin(), order.end(), [&](Eigen::Index a, Eigen::Index c) { return b.wealth_usd[a] < b.wealth_usd[c]; });
    b.wealth_quintile.resize(n);
    for (Eigen::Index rank = 0; rank < n; ++rank)
        b.wealth_quintile[order[static_cast<std::size_t>(rank)]] = 1 + static_cast<int>(5 * rank / n);
}

double HouseholdRecorder::outcome(const World& world, Eigen::Index i, int o) const {
    const Households& h = world.households;
    const int size = h.size_persons[i];
    switch (o) {
        case panel_income: return size > 0 ? h.income_usd(i) / size : 0.0;
        case panel_consumption: return size > 0 ? h.consumption_usd[i] / size : 0.0;
        case panel_poor:  // as poverty_headcount: below the line at this month's prices
            return size > 0 && h.income_usd(i) < poverty_line_usd_per_person_month_ * world.price_level * size ? 1.0 : 0.0;
        case panel_savings: return h.savings_usd[i];
        case panel_debt: return h.total_debt_usd(i);
        case panel_licensed: return h.legal_status[i] == licensed ? 1.0 : 0.0;
        case panel_injuries: return h.new_injuries[i];
        default: return 0.0;
    }
}

void HouseholdRecorder::record(const World& world, int month) {
    const Households& h = world.households;
    if (month == 0 && baseline_.size() == h.size())
        for (Eigen::Index i = 0; i < h.size(); ++i) baseline_.role[i] = std::max(h.role_male[i], h.role_female[i]);
    // The panel: the chosen months, the chosen rows.
    const auto at = std::lower_bound(months_.begin(), months_.end(), month);
    if (at != months_.end() && *at == month) {
        const auto column = static_cast<Eigen::Index>(at - months_.begin());
        for (std::size_t k = 0; k < rows_.size(); ++k)
            for (int o = 0; o < n_panel_outcomes; ++o)
                panel_[static_cast<std::size_t>(o)](column, static_cast<Eigen::Index>(k)) =
                    outcome(world, static_cast<Eigen::Index>(rows_[k]), o);
    }
    // The last 12 months (or the whole run when shorter), as the comparison's statistic.
    const int window = std::min(12, run_months_);
    if (last_year_.size() == 0 || month < run_months_ - window) return;
    for (int o = 0; o < n_panel_outcomes; ++o)
        for (Eigen::Index i = 0; i < h.size(); ++i) last_year_(i, o) += outcome(world, i, o) / window;
}

}  // namespace asmsim
