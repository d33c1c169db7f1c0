#include "model/other_income.hpp"

#include "core/draws.hpp"

namespace asmsim {

OtherIncomeModule::OtherIncomeModule(const ModelContext& ctx)
    : rng_(ctx.stream("other_income")),
      farm_usd_(ctx.params.real("income.farm_usd_per_household_month")),
      offfarm_usd_per_worker_(ctx.params.real("income.offfarm_usd_per_worker_month")),
      sd_log_(ctx.params.real("income.sd_log")) {}

void OtherIncomeModule::step(World& world, Results&) {
    Households& h = world.households;
    for (Eigen::Index i = 0; i < h.size(); ++i) {
        const double farm_factor = mean_one_lognormal(sd_log_, draw_normal(rng_));
        const double offfarm_factor = mean_one_lognormal(sd_log_, draw_normal(rng_));
        h.farm_income_usd[i] = farm_usd_ * farm_factor;
        h.offfarm_income_usd[i] =
            h.is_mining[i] ? 0.0 : h.adult_workers[i] * offfarm_usd_per_worker_ * offfarm_factor;
    }
}

}  // namespace asmsim
