#include "model/mining_returns.hpp"

#include <algorithm>
#include <string>

namespace asmsim {

MiningReturns::MiningReturns(const ParameterSet& p) {
    days_dry_ = p.real("production.mining_days_per_month");
    days_rainy_ = days_dry_ * p.real("seasons.rainy_mining_days_factor");
    rainy_fraction_ = static_cast<double>(p.integer("seasons.rainy_months")) / 12.0;
    days_year_ = days_dry_ * (1.0 - rainy_fraction_) + days_rainy_ * rainy_fraction_;
    farm_share_dry_ = p.real("seasons.farm_labour_share_dry");
    farm_share_rainy_ = p.real("seasons.farm_labour_share_rainy");
    female_effort_ = p.real("labour.female_mining_effort");
    for (Commodity c : all_commodities) {
        const std::string m(commodity_name(c));
        output_per_day_[index_of(c)] = p.real("production." + m + ".output_g_per_worker_day");
        informal_share_[index_of(c)] = p.real("selling." + m + ".informal_price_share");
    }
    semi_factor_ = p.real("production.semi_mechanised_factor");
    mercury_free_gain_ = p.real("technology.mercury_free_recovery_gain");
    digger_share_ = p.real("production.digger_share");
    formal_share_ = p.real("selling.formal_price_share");
    royalty_ = p.real("selling.royalty_rate");
    levy_ = p.real("formalisation.cooperative_levy");
    tied_discount_ = p.real("selling.tied_discount");
}

double MiningReturns::mining_workers(const Households& h, Eigen::Index i, bool rainy) const {
    const double able = h.male_workers[i] + female_effort_ * h.female_workers[i] - h.injured_workers[i];
    return std::max(0.0, able) * (1.0 - (rainy ? farm_share_rainy_ : farm_share_dry_));
}

double MiningReturns::mining_workers_year(const Households& h, Eigen::Index i) const {
    return mining_workers(h, i, false) * (1.0 - rainy_fraction_) + mining_workers(h, i, true) * rainy_fraction_;
}

double MiningReturns::output_g_per_worker_day(int mineral, int semi_mechanised, int processing, double skill,
                                              double grade) const {
    double out = output_per_day_[mineral] * skill * grade;
    if (semi_mechanised) out *= semi_factor_;
    if (mineral == index_of(Commodity::gold) && processing == mercury_free) out *= 1.0 + mercury_free_gain_;
    return out;
}

double MiningReturns::formal_price_share(bool cooperative) const {
    return formal_share_ * (1.0 - royalty_) * (cooperative ? 1.0 - levy_ : 1.0);
}

double MiningReturns::price_share_now(const Households& h, Eigen::Index i, int mineral) const {
    if (h.debt_usd(i, trader) > 0.0) return tied_price_share(mineral);
    if (h.legal_status[i] == licensed) return formal_price_share(h.in_cooperative[i] != 0);
    return informal_price_share(mineral);
}

double MiningReturns::expected_output_g(const World& world, Eigen::Index i, int site) const {
    const Households& h = world.households;
    return mining_workers_year(h, i) * days_year_ *
           output_g_per_worker_day(world.sites.mineral[site], h.semi_mechanised[i], h.processing[i], h.skill[i],
                                   world.sites.grade(site) * world.sites.congestion(site));
}

double MiningReturns::expected_income_usd(const World& world, Eigen::Index i, int site, double price_share) const {
    return expected_output_g(world, i, site) * world.expected_price_usd_per_g[world.sites.mineral[site]] *
           price_share * digger_share_;
}

}  // namespace asmsim
