#include "model/mining_returns.hpp"

#include <algorithm>
#include <string>

#include "model/traders.hpp"

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
    tied_discount_ = p.real("selling.tied_discount");
    const TraderMarket market(p);
    const auto informal_buyers = static_cast<int>(p.integer("traders.informal_buyers_per_site"));
    const auto all_buyers = informal_buyers + static_cast<int>(p.integer("traders.formal_buyers_per_site"));
    for (Commodity c : all_commodities) {
        const std::string m(commodity_name(c));
        output_per_day_[index_of(c)] = p.real("production." + m + ".output_g_per_worker_day");
        informal_share_[index_of(c)] = market.normal_informal_share(index_of(c), informal_buyers);
        tied_share_[index_of(c)] = informal_share_[index_of(c)] * (1.0 - tied_discount_);
    }
    semi_factor_ = p.real("production.semi_mechanised_factor");
    mercury_free_gain_ = p.real("technology.mercury_free_recovery_gain");
    digger_share_ = p.real("production.digger_share");
    royalty_ = p.real("selling.royalty_rate");
    licensed_informal_penalty_ = market.licensed_informal_penalty(p.real("enforcement.inspection_rate_monthly"));
    // Normal times, gold (the formal channel's usual mineral).
    formal_net_ = std::max(0.0, market.normal_formal_share_before_royalty(gold_, all_buyers) - royalty_);
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
