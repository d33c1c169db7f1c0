#pragma once
// Discounted cost-benefit of a scenario against the reference (issue 16.3; docs/model.md 7.17,
// "Discounted cost-benefit"). Every flow is monthly; month t of the run is discounted to month 0.

#include <string>
#include <vector>

#include "experiment/comparison.hpp"
#include "experiment/statistics.hpp"

namespace asmsim {

// Discount factor of month t at an annual rate: (1 + rate)^(-t / 12). Month 0 counts in full.
double discount_factor(int month, double rate_annual);

// Present value in month 0 of the monthly flow `monthly[t]`, t = 0, 1, ...: sum of
// monthly[t] * discount_factor(t, rate_annual).
double present_value(const std::vector<double>& monthly, double rate_annual);

// What one replicate of one scenario contributes, each a present value in month 0 (USD unless said).
struct CostBenefitSample {
    double cost_usd = 0.0;             // programme cost, all programmes
    double cost_government_usd = 0.0;  // the part government pays (each programme's government_share)
    double fiscal_revenue_usd = 0.0;   // royalties, licence fees and fines collected
    double consumption_usd = 0.0;      // households' total consumption
    double income_usd = 0.0;           // households' total income
    double poverty_person_years = 0.0; // person-years below the income poverty line (discounted like money)
    double mercury_kg = 0.0;           // mercury released (discounted like money)
};

// The scenario's cost-benefit against the reference, each with a paired 95% interval over replicates.
struct CostBenefit {
    MeanInterval cost_usd, cost_implementer_usd, cost_government_usd;
    MeanInterval fiscal_revenue_change_usd;  // scenario - reference
    MeanInterval net_fiscal_cost_usd;        // cost - change in fiscal revenue
    MeanInterval consumption_benefit_usd;    // scenario - reference
    MeanInterval income_benefit_usd;         // scenario - reference
    MeanInterval net_present_value_usd;      // consumption benefit - net fiscal cost
    MeanInterval poverty_years_avoided;      // reference - scenario
    MeanInterval mercury_avoided_kg;         // reference - scenario
    Ratio benefit_cost_ratio;                // consumption benefit / cost (Fieller)
    Ratio usd_per_poverty_year_avoided;      // cost / poverty-years avoided (Fieller); NaN without cost
    Ratio usd_per_kg_mercury_avoided;        // cost / mercury avoided (Fieller); NaN without cost
};

// `s[r]` and `ref[r]` are replicate r of the scenario and of the reference (same random numbers).
CostBenefit cost_benefit(const std::vector<CostBenefitSample>& s, const std::vector<CostBenefitSample>& ref);

}  // namespace asmsim
