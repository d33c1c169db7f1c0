// THE ORDER OF A MONTH. This is the only place that says which process runs when; every month
// runs these modules once, top to bottom, each over all households. docs/model.md
// ("Process overview and scheduling") describes the same list; `asmsim run --print-plan` prints it.

#include "model/month_plan.hpp"

#include "interventions/interventions_module.hpp"
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
#include "model/role_mobility.hpp"
#include "model/safety.hpp"
#include "model/selling.hpp"
#include "model/site_pay.hpp"
#include "model/technology.hpp"

namespace asmsim {

MonthPlan build_month_plan(const ModelContext& ctx) {
    MonthPlan plan;
    plan.push_back(std::make_unique<MonthStartModule>(ctx));      //  1. clear flows; season; grades; recovery
    plan.push_back(std::make_unique<PriceModule>(ctx));           //  2. world prices
    plan.push_back(std::make_unique<ExpectationsModule>(ctx));    //  3. adaptive price expectations
    plan.push_back(std::make_unique<InterventionsModule>(ctx));   //  4. programmes set this month's levers
    plan.push_back(std::make_unique<LabourModule>(ctx));          //  5. entry, exit, migration
    plan.push_back(std::make_unique<RoleMobilityModule>(ctx));    //  5b. roles: first role, leavers, steps up
    plan.push_back(std::make_unique<FormalisationModule>(ctx));   //  6. licences: expiry, queue, applications
    plan.push_back(std::make_unique<TechnologyModule>(ctx));      //  7. equipment and mercury-free adoption
    plan.push_back(std::make_unique<ProductionModule>(ctx));      //  8. mining output, depletion
    plan.push_back(std::make_unique<SafetyModule>(ctx));          //  9. injuries and fatalities
    plan.push_back(std::make_unique<SellingModule>(ctx));         // 10. inspections, sales by channel
    plan.push_back(std::make_unique<SitePayModule>(ctx));         // 10b. pool by site, costs, pay by role, steps down
    plan.push_back(std::make_unique<EnvironmentModule>(ctx));     // 11. mercury, land, restoration
    plan.push_back(std::make_unique<OtherIncomeModule>(ctx));     // 12. farm and off-farm income
    plan.push_back(std::make_unique<FinanceModule>(ctx));         // 13. interest, savings groups, repayment, default
    plan.push_back(std::make_unique<ConsumptionModule>(ctx));     // 14. borrowing for subsistence, consumption
    plan.push_back(std::make_unique<MonthlyOutputsModule>(ctx));  // 15. record outputs
    return plan;
}

}  // namespace asmsim
