#pragma once
// Summarises the month into the outputs written to /timeseries (docs/outputs.md). It reads the
// household columns and the month's tally and changes nothing.

#include <array>
#include <cstdint>
#include <vector>

#include "model/context.hpp"
#include "model/income_distribution.hpp"
#include "model/module.hpp"
#include "model/row_selection.hpp"

namespace asmsim {

class MonthlyOutputsModule final : public Module {
public:
    explicit MonthlyOutputsModule(const ModelContext& ctx);
    std::string_view name() const override { return "monthly_outputs"; }
    std::string_view summary() const override {
        return "record the month's outputs: participation, legal status, production by channel, income "
               "distribution, poverty by head gender, finance, mercury, land, injuries, fiscal revenue";
    }
    PassKind pass_kind(int) const override { return PassKind::rows; }
    void begin_pass(int, World& world, Results& results) override;
    void visit_rows(int, World& world, RowRange rows) override;    // sums over households
    void end_pass(int, World& world, Results& results) override;   // the month's outputs

private:
    int declare(const std::string& name, const std::string& units, const std::string& long_name);

    Results& results_;
    double poverty_line_usd_per_person_month_, female_mining_effort_;
    IncomeDistribution distribution_;
    IncomeDistribution consumption_distribution_;  // per-capita consumption, person-weighted
    RowList miners_;  // scratch: the block's mining households
    // The month's sums over households, added block by block in row order.
    struct Sums {
        std::int64_t persons = 0, mining_households = 0, men_miners = 0, poor = 0, poor_households = 0, in_trader_debt = 0;
        std::int64_t job_workers = 0, vsla_members = 0, semi = 0, gold_households = 0, mercury_free_households = 0;
        // Counts for women-headed households; those of men-headed ones follow by difference (exact).
        std::int64_t female_head_households = 0, female_head_persons = 0, female_head_poor = 0;
        double women_miners = 0;
        double miners_by_status[3] = {0, 0, 0};
        double output_value = 0, output_value_licensed = 0;  // formalisation: output at world prices
        std::array<double, n_commodities> production{}, miners_by_mineral{}, income_by_mineral{};
        double mining_income = 0, total_income = 0, savings = 0, debt = 0;
        std::array<double, n_lenders> debt_by_lender{};
        // Per head gender: both sums take every household, the other gender's adding 0.0 (exact), so
        // that they stay in registers instead of being indexed.
        double income_male_head = 0, income_female_head = 0, savings_male_head = 0, savings_female_head = 0;
        double debt_male_head = 0, debt_female_head = 0;
        // Consumption smoothing (7.14): consumption, poverty by consumption, assets, credit limit.
        double consumption = 0, livestock = 0, permanent_income = 0;
        std::int64_t poor_by_consumption = 0, at_limit = 0;
        std::int64_t miner_persons = 0, miner_poor_income = 0, miner_poor_consumption = 0;
    } sums_;
    // Output columns, by name in step(); kept in one map-free list for speed.
    struct Ids {
        int n_households, n_persons, n_mining_households, n_miners, n_women_miners, women_share_of_miners;
        int new_mining_entries, new_mining_exits;
        int n_miners_informal, n_miners_applicant, n_miners_licensed, formal_share, licence_queue;
        int formal_output_share;  // formalisation
        int new_applications, new_licences, new_renewals, new_lapses, new_inspections;
        std::array<int, n_commodities> production_g, sold_formal_g, sold_informal_g, sold_tied_g, sold_programme_g, confiscated_g,
            mining_income_per_miner, miners_by_mineral, production_per_miner;
        int mining_income_usd;
        int mean_income, median_income, p10_income, p90_income, gini, poverty, n_poor_households;
        std::array<int, 2> mean_income_by_head, poverty_by_head, mean_savings_by_head, mean_debt_by_head;
        int mean_savings, mean_debt;
        std::array<int, n_lenders> mean_debt_by_lender, new_loans;
        int share_in_trader_debt, new_defaults, written_off_usd, interest_usd, vsla_members;
        int semi_mechanised_share, mercury_free_share, new_adoptions_semi, new_adoptions_mercury_free;
        int mercury_released_kg, land_degraded_ha, land_degraded_total_ha, land_restored_ha, restoration_cost_usd;
        int new_injuries, new_injuries_informal, new_injuries_licensed, new_fatalities;
        int exposure_informal, exposure_licensed;
        int fiscal_revenue_usd, royalties_usd, licence_fees_usd, fines_usd, informal_payments_usd;
        int new_leases, n_programme_jobs, programme_cost;
        int mean_consumption, p10_consumption, median_consumption, p90_consumption, poverty_consumption,
            poverty_income, poverty_miners_income, poverty_miners_consumption, share_at_limit, mean_livestock,
            mean_permanent_income;
    } id_{};
};

}  // namespace asmsim
