#include "experiment/cost_benefit.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>

namespace asmsim {

double discount_factor(int month, double rate_annual) {
    return std::pow(1.0 + rate_annual, -static_cast<double>(month) / 12.0);
}

double present_value(const std::vector<double>& monthly, double rate_annual) {
    // The factor is built by multiplication, month by month, from the monthly factor.
    const double per_month = std::pow(1.0 + rate_annual, -1.0 / 12.0);
    double factor = 1.0, total = 0.0;
    for (double flow : monthly) {
        total += flow * factor;
        factor *= per_month;
    }
    return total;
}

CostBenefit cost_benefit(const std::vector<CostBenefitSample>& s, const std::vector<CostBenefitSample>& ref) {
    if (s.size() != ref.size() || s.empty()) throw std::invalid_argument("cost_benefit: sizes differ or empty");
    std::vector<double> cost, implementer, government, revenue, net_fiscal, consumption, income, npv, poverty, mercury;
    for (std::size_t r = 0; r < s.size(); ++r) {
        const CostBenefitSample &a = s[r], &b = ref[r];
        cost.push_back(a.cost_usd);
        government.push_back(a.cost_government_usd);
        implementer.push_back(a.cost_usd - a.cost_government_usd);
        revenue.push_back(a.fiscal_revenue_usd - b.fiscal_revenue_usd);
        net_fiscal.push_back(cost.back() - revenue.back());
        consumption.push_back(a.consumption_usd - b.consumption_usd);
        income.push_back(a.income_usd - b.income_usd);
        npv.push_back(consumption.back() - net_fiscal.back());
        poverty.push_back(b.poverty_person_years - a.poverty_person_years);
        mercury.push_back(b.mercury_kg - a.mercury_kg);
    }
    CostBenefit c;
    c.cost_usd = mean_ci95(cost);
    c.cost_implementer_usd = mean_ci95(implementer);
    c.cost_government_usd = mean_ci95(government);
    c.fiscal_revenue_change_usd = mean_ci95(revenue);
    c.net_fiscal_cost_usd = mean_ci95(net_fiscal);
    c.consumption_benefit_usd = mean_ci95(consumption);
    c.income_benefit_usd = mean_ci95(income);
    c.net_present_value_usd = mean_ci95(npv);
    c.poverty_years_avoided = mean_ci95(poverty);
    c.mercury_avoided_kg = mean_ci95(mercury);
    c.benefit_cost_ratio = ratio_of_means(consumption, cost);
    c.usd_per_poverty_year_avoided = ratio_of_means(cost, poverty);
    c.usd_per_kg_mercury_avoided = ratio_of_means(cost, mercury);
    // A scenario without programme cost (the reference; a royalty cut) has no cost per gain: 0 USD per
    // poverty-year would read as free, while its cost is in the net fiscal cost.
    if (!(c.cost_usd.mean > 0.0)) {
        const double nan = std::numeric_limits<double>::quiet_NaN();
        c.usd_per_poverty_year_avoided = c.usd_per_kg_mercury_avoided = Ratio{nan, nan, nan};
    }
    return c;
}

}  // namespace asmsim
