#include "model/production.hpp"

#include "core/draws.hpp"

namespace asmsim {

ProductionModule::ProductionModule(const ModelContext& ctx)
    : rng_(ctx.stream("production")), returns_(ctx.params), luck_sd_log_(ctx.params.real("production.output_sd_log")) {}

void ProductionModule::step(World& world, Results&) {
    Households& h = world.households;
    Sites& sites = world.sites;
    const double days = returns_.days(world.rainy);
    // This month's crowding of each site, from who mines now.
    sites.miners.setZero();
    for (Eigen::Index i = 0; i < h.size(); ++i)
        if (h.is_mining[i]) sites.miners[h.site[i]] += returns_.mining_workers(h, i, world.rainy);
    for (Eigen::Index i = 0; i < h.size(); ++i) {
        const double luck = mean_one_lognormal(luck_sd_log_, draw_normal(rng_));  // drawn for every household
        if (!h.is_mining[i]) continue;
        const int site = h.site[i];
        const double grams = returns_.mining_workers(h, i, world.rainy) * days *
                             returns_.output_g_per_worker_day(world.sites.mineral[site], h.semi_mechanised[i],
                                                              h.processing[i], h.skill[i],
                                                              sites.grade(site) * sites.congestion(site)) *
                             luck;
        h.output_g[i] = grams;
        sites.cumulative_output_g[site] += grams;
    }
}

}  // namespace asmsim
