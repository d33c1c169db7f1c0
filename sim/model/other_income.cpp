#include "model/other_income.hpp"

#include <algorithm>

#include "core/choose.hpp"
#include "core/draws.hpp"

namespace asmsim {

OtherIncomeModule::OtherIncomeModule(const ModelContext& ctx) : rng_(ctx.stream("other_income")) {
    const ParameterSet& p = ctx.params;
    farm_usd_per_ha_ = p.real("labour.farm_usd_per_ha_month");
    workers_per_ha_ = p.real("labour.farm_workers_per_ha");
    wage_usd_ = p.real("labour.offfarm_usd_per_worker_month");
    sd_log_ = p.real("labour.income_sd_log");
    farm_share_dry_ = p.real("seasons.farm_labour_share_dry");
    farm_share_rainy_ = p.real("seasons.farm_labour_share_rainy");
}

void OtherIncomeModule::visit_rows(int, World& world, RowRange rows) {
    Households& h = world.households;
    const double farm_share = world.rainy ? farm_share_rainy_ : farm_share_dry_;
    const double farm_usd_per_ha = farm_usd_per_ha_ * world.price_level;
    const double wage_usd = wage_usd_ * world.price_level;
    const double job_wage_usd = world.policy.jobs.wage_usd_month * world.price_level;
    const bool jobs_on = world.policy.jobs.on;  // off: every job_workers is 0, and is not read
    const bool transfers_on = world.policy.cash_transfer.on;  // off: paid is not read (may be empty)
    const double transfer_usd = world.policy.cash_transfer.usd_month * world.price_level;
    const ArrayXflag& h_paid = world.policy.cash_transfer.paid;
    // One shock to the local economy of the household moves its farm and off-farm income alike.
    luck_.resize(static_cast<std::size_t>(rows.end - rows.begin));
    draw_mean_one_lognormals(rng_, world.month, rows.begin, sd_log_, luck_.data(), rows.end - rows.begin);
    for (Eigen::Index i = rows.begin; i < rows.end; ++i) {
        const double luck = luck_[static_cast<std::size_t>(i - rows.begin)];
        // Workers in a programme job (alternative livelihoods) are paid its wage and do nothing else.
        const int job_workers = jobs_on ? h.job_workers[i] : 0;
        const double able = std::max(0, h.workers(i) - h.injured_workers[i] - job_workers);
        const double needed = h.farm_land_ha[i] * workers_per_ha_;
        // Both sides computed and one chosen, without branches (mining and land differ at random
        // between neighbouring rows); where there is no land the quotient is not used.
        const bool mining = h.is_mining[i] != 0;
        const double farm_workers = choose(mining, farm_share * able, std::min(able, needed));
        const double worked_share = choose(needed > 0.0, std::min(1.0, farm_workers / needed), 0.0);
        // In locals, stored once: the stores could alias the columns read, which would force reloads.
        const double farm_income = h.farm_land_ha[i] * farm_usd_per_ha * worked_share * luck;
        const double offfarm_workers = choose(mining, 0.0, able - farm_workers);
        double offfarm_income = offfarm_workers * wage_usd * luck;
        if (job_workers > 0) offfarm_income += job_workers * job_wage_usd;
        if (transfers_on && h_paid[i]) offfarm_income += transfer_usd;  // cash transfer (benchmark programme)
        h.farm_income_usd[i] = farm_income;
        h.offfarm_income_usd[i] = offfarm_income;
        h.savings_usd[i] += farm_income + offfarm_income;
    }
}

}  // namespace asmsim
