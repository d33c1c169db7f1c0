// THE ORDER OF A MONTH. This is the only place that says which process runs when; every month
// runs these modules once, top to bottom, each over all households. docs/model.md
// ("Process overview and scheduling") describes the same list; `asmsim run --print-plan` prints it.

#include "model/month_plan.hpp"

#include "model/consumption.hpp"
#include "model/monthly_outputs.hpp"
#include "model/other_income.hpp"
#include "model/prices.hpp"
#include "model/production.hpp"

namespace asmsim {

MonthPlan build_month_plan(const ModelContext& ctx) {
    MonthPlan plan;
    plan.push_back(std::make_unique<PriceModule>(ctx));           // 1. world prices
    plan.push_back(std::make_unique<ProductionModule>(ctx));      // 2. mining output and sales
    plan.push_back(std::make_unique<OtherIncomeModule>(ctx));     // 3. farm and off-farm income
    plan.push_back(std::make_unique<ConsumptionModule>(ctx));     // 4. consumption and savings
    plan.push_back(std::make_unique<MonthlyOutputsModule>(ctx));  // 5. record outputs
    return plan;
}

}  // namespace asmsim
