// THE ORDER OF A MONTH. This is the only place that says which process runs when; every month
// runs these modules once, top to bottom, each over all households. docs/model.md
// ("Process overview and scheduling") describes the same list; `asmsim run --print-plan` prints it.

#include "model/month_plan.hpp"

#include "model/consumption.hpp"
#include "model/environment.hpp"
#include "model/expectations.hpp"
#include "model/finance.hpp"
#include "model/formalisation.hpp"
#include "model/labour.hpp"
#include "model/month_start.hpp"
#include "model/monthly_outputs.hpp"
#include "model/other_income.hpp"
#include "model/prices.hpp"
#include "model/production.hpp"
#include "model/safety.hpp"
#include "model/selling.hpp"
#include "model/technology.hpp"

namespace asmsim {

MonthPlan build_month_plan(const ModelContext& ctx) {
    MonthPlan plan;
    plan.push_back(std::make_unique<MonthStartModule>(ctx));      //  1. clear flows; season; grades; recovery
    plan.push_back(std::make_unique<PriceModule>(ctx));           //  2. world prices
    plan.push_back(std::make_unique<ExpectationsModule>(ctx));    //  3. adaptive price expectations
    plan.push_back(std::make_unique<LabourModule>(ctx));          //  4. entry, exit, migration
    plan.push_back(std::make_unique<FormalisationModule>(ctx));   //  5. licences: expiry, queue, applications
    plan.push_back(std::make_unique<TechnologyModule>(ctx));      //  6. equipment and mercury-free adoption
    plan.push_back(std::make_unique<ProductionModule>(ctx));      //  7. mining output, depletion
    plan.push_back(std::make_unique<SafetyModule>(ctx));          //  8. injuries and fatalities
    plan.push_back(std::make_unique<SellingModule>(ctx));         //  9. inspections, sales by channel
    plan.push_back(std::make_unique<EnvironmentModule>(ctx));     // 10. mercury, land, restoration
    plan.push_back(std::make_unique<OtherIncomeModule>(ctx));     // 11. farm and off-farm income
    plan.push_back(std::make_unique<FinanceModule>(ctx));         // 12. interest, savings groups, repayment, default
    plan.push_back(std::make_unique<ConsumptionModule>(ctx));     // 13. borrowing for subsistence, consumption
    plan.push_back(std::make_unique<MonthlyOutputsModule>(ctx));  // 14. record outputs
    return plan;
}

}  // namespace asmsim
