// THE ORDER OF A MONTH. This is the only place that says which process runs when; every month
// runs these modules once, top to bottom, each over all households. docs/model.md
// ("Process overview and scheduling") describes the same list; `asmsim run --print-plan` prints it.
// A line marked [slot] takes the modules a layer above sim/model supplies (model/plan_slots.hpp):
// the interventions plug in there from outside; sim/model includes nothing from sim/interventions.

#include "model/month_plan.hpp"

#include "model/consumption.hpp"
#include "model/deposits.hpp"
#include "model/environment.hpp"
#include "model/expectations.hpp"
#include "model/finance.hpp"
#include "model/formalisation.hpp"
#include "model/labour.hpp"
#include "model/migration.hpp"
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
#include "model/traders.hpp"

namespace asmsim {

namespace {
// Appends the slot's modules (none when the slot is empty).
void plug(MonthPlan& plan, const PlanSlots::Maker& slot, const ModelContext& ctx) {
    if (slot) slot(ctx, plan);
}
}  // namespace

MonthPlan build_month_plan(const ModelContext& ctx) {
    MonthPlan plan;
    plan.push_back(std::make_unique<MonthStartModule>(ctx));      //  1. clear flows; season; grades; recovery
    plan.push_back(std::make_unique<PriceModule>(ctx));           //  2. world prices
    plan.push_back(std::make_unique<ExpectationsModule>(ctx));    //  3. adaptive price expectations
    plug(plan, ctx.inputs.plan_slots.levers, ctx);                //  4. [slot] programmes set this month's levers
    plan.push_back(std::make_unique<LabourModule>(ctx));          //  5. entry, exit, migration
    plan.push_back(std::make_unique<RoleMobilityModule>(ctx));    //  5b. roles: first role, leavers, steps up
    plan.push_back(std::make_unique<FormalisationModule>(ctx));   //  6. licences: expiry, queue, applications
    plan.push_back(std::make_unique<MigrationModule>(ctx));       //  6b. miners move between sites (after 6 writes payments)
    plan.push_back(std::make_unique<TechnologyModule>(ctx));      //  7. equipment and mercury-free adoption
    plan.push_back(std::make_unique<ProductionModule>(ctx));      //  8. mining output, depletion
    plan.push_back(std::make_unique<SafetyModule>(ctx));          //  9. injuries and fatalities
    plan.push_back(std::make_unique<TradersModule>(ctx));         //  9b. traders: exports, credit lines, buyers' cash and prices
    plan.push_back(std::make_unique<SellingModule>(ctx));         // 10. inspections, sales by channel
    plan.push_back(std::make_unique<SitePayModule>(ctx));         // 10b. pool by site, costs, pay by role, steps down
    plan.push_back(std::make_unique<EnvironmentModule>(ctx));     // 11. mercury, land, restoration
    plan.push_back(std::make_unique<DepositsModule>(ctx));        // 11b. site capital; discoveries of new deposits
    plan.push_back(std::make_unique<OtherIncomeModule>(ctx));     // 12. farm and off-farm income
    plan.push_back(std::make_unique<FinanceModule>(ctx));         // 13. interest, savings groups, repayment, default
    plan.push_back(std::make_unique<ConsumptionModule>(ctx));     // 14. learn permanent income; livestock; borrowing for subsistence; buffer-stock consumption
    plan.push_back(std::make_unique<MonthlyOutputsModule>(ctx));  // 15. record outputs
    return plan;
}

}  // namespace asmsim
