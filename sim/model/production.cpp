#include "model/production.hpp"

#include "core/draws.hpp"

namespace asmsim {

ProductionModule::ProductionModule(const ModelContext& ctx)
    : rng_(ctx.stream("production")), returns_(ctx.params), luck_sd_log_(ctx.params.real("production.output_sd_log")) {}

void ProductionModule::step(World& world, Results&) {
    Households& h = world.households;
    Sites& sites = world.sites;
    const double days = returns_.days(world.rainy);
    miners_now_.setZero(sites.size());
    // Copies in locals: the loop's stores to output and site sums could alias the members, which
    // the compiler would otherwise reload every household (same numbers).
    const MiningReturns returns = returns_;
    const double luck_sd_log = luck_sd_log_;
    const bool rainy = world.rainy;
    for (Eigen::Index i = 0; i < h.size(); ++i) {
        const double z_luck = draw_normal(rng_);  // drawn for every household, to keep the stream aligned
        if (!h.is_mining[i]) {
            h.output_g[i] = 0.0;  // written for every household, so the month's start need not clear it
            continue;
        }
        const int site = h.site[i];
        const double workers = returns.mining_workers(h, i, rainy);
        miners_now_[site] += workers;
        const double grams = workers * days * sites.g_per_worker_day[site] *
                             returns.household_factor(h, i, sites.mineral[site]) *
                             mean_one_lognormal(luck_sd_log, z_luck);
        h.output_g[i] = grams;
        sites.cumulative_output_g[site] += grams;
    }
    sites.miners.swap(miners_now_);  // next month's crowding
}

}  // namespace asmsim
