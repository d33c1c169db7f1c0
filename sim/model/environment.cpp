#include "model/environment.hpp"

#include <algorithm>
#include <cmath>
#include <string>

namespace asmsim {

EnvironmentModule::EnvironmentModule(const ModelContext& ctx) {
    const ParameterSet& p = ctx.params;
    hg_whole_ore_ = p.real("environment.hg_per_au_whole_ore");
    hg_concentrate_ = p.real("environment.hg_per_au_concentrate");
    mercury_usd_per_g_ = p.real("environment.mercury_usd_per_g");
    for (Commodity c : all_commodities)
        ha_per_g_[index_of(c)] = p.real("environment." + std::string(commodity_name(c)) + "_ha_per_kg") / 1000.0;
    farm_share_ = p.real("environment.farm_share_of_degraded_land");
    restoration_ha_per_month_ = p.real("environment.restoration_ha_per_month");
    restoration_usd_per_ha_ = p.real("environment.restoration_usd_per_ha");
}

// A land-restoration programme restores this month's hectares at the sites it reaches, as far as
// its budget allows; its cost is the programme's, not in restoration_cost_usd.
void EnvironmentModule::restore_by_programme(World& world, Eigen::ArrayXd& restored) const {
    Sites& sites = world.sites;
    const Policy::Restoration& programme = world.policy.restoration;
    ProgrammeAccount& account = world.programmes[programme.account];
    const double usd_per_ha = programme.usd_per_ha * world.price_level;
    for (Eigen::Index s = 0; s < sites.size(); ++s) {
        double ha = std::min(programme.ha_this_month[s], sites.land_degraded_ha[s]);
        if (ha <= 0.0) continue;
        if (usd_per_ha > 0.0 && ha * usd_per_ha > account.remaining_usd())
            ha = std::floor(account.remaining_usd() / usd_per_ha * 1e6) / 1e6;  // what the rest of the budget buys
        if (ha <= 0.0 || !account.try_spend(ha * usd_per_ha)) continue;
        sites.land_degraded_ha[s] -= ha;
        sites.land_restored_ha[s] += ha;
        restored[s] += ha;
        world.tally.land_restored_ha += ha;
    }
}

void EnvironmentModule::begin_pass(int pass, World& world, Results&) {
    if (pass != 0) return;
    const Eigen::Index n_sites = world.sites.size();
    site_degraded_ha_.setZero(n_sites);
    site_farm_ha_.setZero(n_sites);
    site_households_.setZero(n_sites);
    mercury_g_ = 0.0;
}

void EnvironmentModule::visit_rows(int pass, World& world, RowRange rows) {
    Households& h = world.households;
    if (pass == 1) {
        // Farm land lost to mining (pro rata to holdings) and land restored (shared equally), from
        // the per-site figures of end_pass (multiplying by 1 where nothing is lost changes nothing).
        for (Eigen::Index i = rows.begin; i < rows.end; ++i) {
            const int site = h.site[i];
            h.farm_land_ha[i] *= site_keep_[site];
            if (site_gain_ha_[site] > 0.0) h.farm_land_ha[i] += site_gain_ha_[site];
        }
        return;
    }
    const Sites& sites = world.sites;
    const int gold = index_of(Commodity::gold);
    // Mercury, and the land each household's extraction degrades. Constants and the output in locals:
    // the loop's stores could alias them, which would force reloads.
    const double hg_whole_ore = hg_whole_ore_, hg_concentrate = hg_concentrate_, mercury_usd_per_g = mercury_usd_per_g_;
    double mercury_g = mercury_g_;
    for (Eigen::Index i = rows.begin; i < rows.end; ++i) {
        const int site = h.site[i];
        site_farm_ha_[site] += h.farm_land_ha[i];
        site_households_[site] += 1.0;
    }
    producers_.select(rows, [&](Eigen::Index i) { return h.output_g[i] > 0.0; });
    // Mercury per gram of output by (gold or not, processing): 0 where none is used. A household
    // without mercury then adds 0 to the sums and pays 0, which changes nothing, without a branch.
    const double hg_per_g[2][3] = {{0.0, 0.0, 0.0}, {hg_whole_ore, hg_concentrate, 0.0}};
    for (const Eigen::Index i : producers_) {
        const int site = h.site[i];
        const double output_g = h.output_g[i];
        const int mineral = sites.mineral[site];
        site_degraded_ha_[site] += output_g * ha_per_g_[mineral];
        const double hg = output_g * hg_per_g[mineral == gold][h.processing[i]];
        mercury_g += hg;
        // Bought out of cash; beyond it, traders advance the mercury against the gold (not recorded as debt).
        const double cost = std::min(hg * mercury_usd_per_g, std::max(0.0, h.savings_usd[i]));
        h.savings_usd[i] -= cost;
        h.payments_usd[i] += cost;
    }
    mercury_g_ = mercury_g;
}

void EnvironmentModule::end_pass(int pass, World& world, Results&) {
    if (pass != 0) return;
    Sites& sites = world.sites;
    site_degraded_ha_ *= sites.capital_land_factor;  // machines disturb more land per gram (model/deposits.cpp)
    world.tally.mercury_released_kg = mercury_g_ / 1000.0;
    world.tally.land_degraded_ha = site_degraded_ha_.sum();
    sites.land_degraded_ha += site_degraded_ha_;

    // Restoration: spread over sites in proportion to their degraded land.
    const double degraded_total = sites.land_degraded_ha.sum();
    Eigen::ArrayXd restored = Eigen::ArrayXd::Zero(sites.size());
    if (restoration_ha_per_month_ > 0.0 && degraded_total > 0.0) {
        const double fraction = std::min(1.0, restoration_ha_per_month_ / degraded_total);
        restored = sites.land_degraded_ha * fraction;
        sites.land_degraded_ha -= restored;
        sites.land_restored_ha += restored;
        world.tally.land_restored_ha = restored.sum();
        world.tally.restoration_cost_usd = restored.sum() * restoration_usd_per_ha_;
    }
    if (world.policy.restoration.on) restore_by_programme(world, restored);

    // Farm land lost to mining and land restored are the same for every household of a site, so
    // they are computed once per site here and applied per household in pass 1.
    site_keep_.setOnes(sites.size());
    site_gain_ha_.setZero(sites.size());
    for (Eigen::Index s = 0; s < sites.size(); ++s) {
        const double farm = site_farm_ha_[s];
        if (farm > 0.0 && site_degraded_ha_[s] > 0.0)
            site_keep_[s] = std::max(0.0, 1.0 - farm_share_ * site_degraded_ha_[s] / farm);
        if (restored[s] > 0.0) site_gain_ha_[s] = restored[s] / site_households_[s];
    }
}

}  // namespace asmsim
