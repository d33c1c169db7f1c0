#include "model/other_income.hpp"

#include <algorithm>

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

void OtherIncomeModule::step(World& world, Results&) {
    Households& h = world.households;
    const double farm_share = world.rainy ? farm_share_rainy_ : farm_share_dry_;
    const double farm_usd_per_ha = farm_usd_per_ha_ * world.price_level;
    const double wage_usd = wage_usd_ * world.price_level;
    const double job_wage_usd = world.policy.jobs.wage_usd_month * world.price_level;
    const bool jobs_on = world.policy.jobs.on;  // off: every job_workers is 0, and is not read
    for (Eigen::Index i = 0; i < h.size(); ++i) {
        // One shock to the local economy of the household moves its farm and off-farm income alike.
        const double luck = mean_one_lognormal(sd_log_, draw_normal(rng_));
        // Workers in a programme job (alternative livelihoods) are paid its wage and do nothing else.
        const int job_workers = jobs_on ? h.job_workers[i] : 0;
        const double able = std::max(0, h.workers(i) - h.injured_workers[i] - job_workers);
        const double needed = h.farm_land_ha[i] * workers_per_ha_;
        const double farm_workers = h.is_mining[i] ? farm_share * able : std::min(able, needed);
        const double worked_share = needed > 0.0 ? std::min(1.0, farm_workers / needed) : 0.0;
        // In locals, stored once: the stores could alias the columns read, which would force reloads.
        const double farm_income = h.farm_land_ha[i] * farm_usd_per_ha * worked_share * luck;
        const double offfarm_workers = h.is_mining[i] ? 0.0 : able - farm_workers;
        double offfarm_income = offfarm_workers * wage_usd * luck;
        if (job_workers > 0) offfarm_income += job_workers * job_wage_usd;
        h.farm_income_usd[i] = farm_income;
        h.offfarm_income_usd[i] = offfarm_income;
        h.savings_usd[i] += farm_income + offfarm_income;
    }
}

}  // namespace asmsim
