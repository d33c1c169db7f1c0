// Discounting and the cost-benefit of a scenario against the reference (docs/model.md 7.17,
// "Discounted cost-benefit").

#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "experiment/cost_benefit.hpp"

using namespace asmsim;

TEST_CASE("Present value of a monthly annuity matches the annuity-due formula", "[cost_benefit]") {
    // A payment P at the start of each of n months, monthly factor v = (1 + r)^(-1/12):
    //   PV = P (1 - v^n) / (1 - v).
    // P = 100, n = 12, r = 10%/yr: v^12 = 1/1.1, 1 - v^12 = 0.0909091, 1 - v = 0.00791121,
    //   PV = 100 x 0.0909091 / 0.00791121 = 1149.1397 (Python: 1149.1396920239774).
    CHECK(present_value(std::vector<double>(12, 100.0), 0.10) == Approx(1149.1396920239774).epsilon(1e-12));
    // P = 50, n = 120 (ten years), r = 12%/yr: PV = 3606.6780 (Python: 3606.6780236968166).
    CHECK(present_value(std::vector<double>(120, 50.0), 0.12) == Approx(3606.6780236968166).epsilon(1e-12));
    // Undiscounted: the plain sum.
    CHECK(present_value(std::vector<double>(12, 100.0), 0.0) == Approx(1200.0).epsilon(1e-15));
    // One payment a year from now is worth 1 / (1 + r).
    std::vector<double> one(13, 0.0);
    one[12] = 1.0;
    CHECK(present_value(one, 0.10) == Approx(1.0 / 1.1).epsilon(1e-13));
    CHECK(discount_factor(12, 0.10) == Approx(1.0 / 1.1).epsilon(1e-15));
    CHECK(discount_factor(0, 0.10) == 1.0);
}

TEST_CASE("Cost-benefit: net fiscal cost, benefit-cost ratio and NPV follow from the paired samples", "[cost_benefit]") {
    // Two replicates; scenario costs 100 (40 to government), raises revenue by 10 and consumption by 90.
    std::vector<CostBenefitSample> ref(2), s(2);
    for (int r = 0; r < 2; ++r) {
        ref[static_cast<std::size_t>(r)] = {0.0, 0.0, 50.0 + r, 1000.0 + r, 1200.0 + r, 30.0 + r, 5.0 + r};
        s[static_cast<std::size_t>(r)] = {100.0, 40.0, 60.0 + r, 1090.0 + r, 1300.0 + r, 26.0 + r, 4.0 + r};
    }
    const CostBenefit c = cost_benefit(s, ref);
    CHECK(c.cost_usd.mean == 100.0);
    CHECK(c.cost_government_usd.mean == 40.0);
    CHECK(c.cost_implementer_usd.mean == 60.0);
    CHECK(c.fiscal_revenue_change_usd.mean == Approx(10.0));
    CHECK(c.net_fiscal_cost_usd.mean == Approx(90.0));
    CHECK(c.consumption_benefit_usd.mean == Approx(90.0));
    CHECK(c.income_benefit_usd.mean == Approx(100.0));
    CHECK(c.net_present_value_usd.mean == Approx(0.0).margin(1e-12));
    CHECK(c.benefit_cost_ratio.ratio == Approx(0.9));
    CHECK(c.poverty_years_avoided.mean == Approx(4.0));
    CHECK(c.usd_per_poverty_year_avoided.ratio == Approx(25.0));
    CHECK(c.usd_per_kg_mercury_avoided.ratio == Approx(100.0));
    // Without programme cost there is no cost per gain (it would read as free).
    const CostBenefit free = cost_benefit(ref, ref);
    CHECK(std::isnan(free.usd_per_poverty_year_avoided.ratio));
    CHECK(std::isnan(free.usd_per_kg_mercury_avoided.ratio));
    // Identical replicates: the paired intervals have zero width.
    CHECK(c.consumption_benefit_usd.half_width_95 == Approx(0.0).margin(1e-12));
}
