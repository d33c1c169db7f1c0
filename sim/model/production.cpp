#include "model/production.hpp"

#include <string>

#include "core/draws.hpp"

namespace asmsim {

ProductionModule::ProductionModule(const ModelContext& ctx) : rng_(ctx.stream("production")) {
    days_per_month_ = ctx.params.real("production.mining_days_per_month");
    luck_sd_log_ = ctx.params.real("production.output_sd_log");
    for (Commodity c : all_commodities) {
        const std::string m(commodity_name(c));
        output_g_per_worker_day_[index_of(c)] =
            ctx.params.real("production." + m + ".output_g_per_worker_day");
        price_share_[index_of(c)] = ctx.params.real("selling." + m + ".price_share");
    }
}

void ProductionModule::step(World& world, Results&) {
    Households& h = world.households;
    std::array<double, n_commodities> received_usd_per_g;
    for (int c = 0; c < n_commodities; ++c)
        received_usd_per_g[c] = world.price_usd_per_g[c] * price_share_[c];

    for (Eigen::Index i = 0; i < h.size(); ++i) {
        const double luck = mean_one_lognormal(luck_sd_log_, draw_normal(rng_));  // drawn for all
        if (!h.is_mining[i]) {
            h.output_g[i] = 0.0;
            h.mining_income_usd[i] = 0.0;
            continue;
        }
        const int mineral = world.sites.mineral[h.site[i]];
        const double output = h.adult_workers[i] * days_per_month_ *
                              output_g_per_worker_day_[mineral] * h.skill[i] * luck;
        h.output_g[i] = output;
        h.mining_income_usd[i] = output * received_usd_per_g[mineral];
    }
}

}  // namespace asmsim
