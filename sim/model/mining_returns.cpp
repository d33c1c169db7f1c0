#include "model/mining_returns.hpp"

#include <string>

namespace asmsim {

MiningReturns::MiningReturns(const ParameterSet& p) {
    days_dry_ = p.real("production.mining_days_per_month");
    days_rainy_ = days_dry_ * p.real("seasons.rainy_mining_days_factor");
    const double rainy_fraction = static_cast<double>(p.integer("seasons.rainy_months")) / 12.0;
    days_year_ = days_dry_ * (1.0 - rainy_fraction) + days_rainy_ * rainy_fraction;
    mine_share_dry_ = 1.0 - p.real("seasons.farm_labour_share_dry");
    mine_share_rainy_ = 1.0 - p.real("seasons.farm_labour_share_rainy");
    mine_share_year_ = mine_share_dry_ * (1.0 - rainy_fraction) + mine_share_rainy_ * rainy_fraction;
    female_effort_ = p.real("labour.female_mining_effort");
    const double tied_discount = p.real("selling.tied_discount");
    for (Commodity c : all_commodities) {
        const std::string m(commodity_name(c));
        output_per_day_[index_of(c)] = p.real("production." + m + ".output_g_per_worker_day");
        informal_share_[index_of(c)] = p.real("selling." + m + ".informal_price_share");
        tied_share_[index_of(c)] = informal_share_[index_of(c)] * (1.0 - tied_discount);
    }
    semi_factor_ = p.real("production.semi_mechanised_factor");
    mercury_free_gain_ = p.real("technology.mercury_free_recovery_gain");
    digger_share_ = p.real("production.digger_share");
    formal_share_ = p.real("selling.formal_price_share");
    royalty_ = p.real("selling.royalty_rate");
    formal_net_ = formal_share_ * (1.0 - royalty_);
    cooperative_levy_ = p.real("formalisation.cooperative_levy");
    formal_net_coop_ = formal_net_ * (1.0 - cooperative_levy_);
}

void MiningReturns::refresh_site_yields(World& world) const {
    Sites& s = world.sites;
    for (Eigen::Index k = 0; k < s.size(); ++k)
        s.g_per_worker_day[k] =
            site_g_per_worker_day(s.mineral[k], s.grade(k) * s.congestion(k) * s.capital_output_factor[k]);
}

}  // namespace asmsim
