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
    site_g_per_worker_day_.resize(sites.size());
    for (Eigen::Index s = 0; s < sites.size(); ++s)
        site_g_per_worker_day_[s] = returns_.site_g_per_worker_day(sites.mineral[s], sites.grade(s) * sites.congestion(s));
    for (Eigen::Index i = 0; i < h.size(); ++i) {
        const double z_luck = draw_normal(rng_);  // drawn for every household, to keep the stream aligned
        if (!h.is_mining[i]) continue;
        const int site = h.site[i];
        const double grams = returns_.mining_workers(h, i, world.rainy) * days * site_g_per_worker_day_[site] *
                             returns_.household_factor(h, i, sites.mineral[site]) *
                             mean_one_lognormal(luck_sd_log_, z_luck);
        h.output_g[i] = grams;
        sites.cumulative_output_g[site] += grams;
    }
}

}  // namespace asmsim
