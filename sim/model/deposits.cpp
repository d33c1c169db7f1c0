#include "model/deposits.hpp"

#include <algorithm>
#include <cmath>

#include "core/draws.hpp"

namespace asmsim {

CapitalRule::CapitalRule(const ParameterSet& p)
    : digger_share_(p.real("production.digger_share")),
      invest_share_(p.real("capital.invest_share")),
      depreciation_monthly_(1.0 - std::pow(1.0 - p.real("capital.depreciation_annual"), 1.0 / 12.0)),
      usd_per_worker_ref_(p.real("capital.usd_per_worker_ref")),
      output_gain_max_(p.real("capital.output_gain_max")),
      land_gain_max_(p.real("capital.land_gain_max")) {}

DepositsModule::DepositsModule(const ModelContext& ctx)
    : rng_(ctx.stream("deposits")), returns_(ctx.params), capital_(ctx.params) {
    const ParameterSet& p = ctx.params;
    wage_usd_ = p.real("labour.offfarm_usd_per_worker_month");
    smoothing_ = 1.0 / static_cast<double>(p.integer("capital.return_memory_months"));
    // Finds per effective worker-month. The rate is stated per site and decade at the site's reference
    // workforce, the one that defines the depletion scale (half the site's households at the start,
    // initialisation.cpp): a site's deposit and its chance of renewal then scale together with the
    // households simulated per site, and renewal relative to depletion does not depend on that number.
    const double households_per_site =
        static_cast<double>(p.integer("simulation.households")) / static_cast<double>(p.integer("simulation.sites"));
    const double reference_workers =
        std::max(1e-9, 0.5 * households_per_site *
                           std::max(1.0, p.real("households.adult_worker_share") * p.real("households.size_mean")));
    discovery_per_worker_month_ = p.real("deposits.discoveries_per_site_decade") / 120.0 / reference_workers;
    grade_sd_log_ = p.real("sites.grade_sd_log");
    reserve_left_ = std::round(p.real("deposits.reserve_per_site") * static_cast<double>(p.integer("simulation.sites")));

    Results& r = ctx.results;
    id_.active_sites = r.declare("n_active_sites", "sites", "sites where anyone mined this month");
    id_.discoveries = r.declare("new_discoveries", "deposits/month", "new deposits found and brought into work");
    id_.reserve = r.declare("undiscovered_deposits", "deposits", "workable deposits in the area not yet found");
    id_.mean_grade = r.declare("mean_site_grade", "1", "mean ore grade index over all sites, after this month's extraction");
    id_.mean_grade_worked = r.declare("mean_grade_worked", "1", "ore grade index averaged over miners (weighted by effective workers)");
    id_.miners_cv = r.declare("site_miners_cv", "1", "dispersion of miners between sites: standard deviation over mean of effective workers per site");
    id_.capital = r.declare("capital_stock_usd", "USD (month-0 prices)", "sponsors' equipment at all sites (pumps, crushers, excavators)");
    id_.investment = r.declare("capital_investment_usd", "USD/month", "new site equipment bought this month");
    id_.capital_per_miner = r.declare("capital_per_miner_usd", "USD (month-0 prices)/person", "site equipment per effective mining worker");
    id_.land_per_miner = r.declare("land_per_miner_ha", "ha/person/month", "land degraded this month per effective mining worker");
    id_.output_factor = r.declare("capital_output_factor_mean", "1", "output per worker-day from site capital, averaged over miners");
}

// Sponsors' surplus at a site is the part of the value of its output that does not go to the
// miners' households. They invest a share of it when diggers' pay per worker has beaten the outside
// wage over about a year: I = invest_share x surplus x clamp(smoothed pay ratio - 1, 0, 1).
void DepositsModule::invest(World& world, const Eigen::ArrayXd& extracted_g) {
    Sites& s = world.sites;
    const double wage = wage_usd_ * world.price_level;
    double investment_usd = 0.0;
    for (Eigen::Index k = 0; k < s.size(); ++k) {
        const int mineral = s.mineral[k];
        const double value = extracted_g[k] * world.price_usd_per_g[mineral] * returns_.informal_price_share(mineral);
        const double workers = s.miners[k];
        const double pay_ratio = capital_.pay_ratio(value, workers, wage);
        s.pay_ratio_smoothed[k] = world.month == 0 ? pay_ratio
                                                   : s.pay_ratio_smoothed[k] + smoothing_ * (pay_ratio - s.pay_ratio_smoothed[k]);
        const double invest_usd = capital_.investment_usd(value, s.pay_ratio_smoothed[k]);
        const double invest_real = invest_usd / world.price_level;
        // Month 0: the area has been mined for years; its capital starts at the level that month-0
        // investment sustains against depreciation (the steady state), not at zero.
        if (world.month == 0 && capital_.depreciation_monthly() > 0.0) s.capital_usd[k] = capital_.steady_stock(invest_real);
        else s.capital_usd[k] = s.capital_usd[k] * (1.0 - capital_.depreciation_monthly()) + invest_real;
        investment_usd += invest_usd;
        const double saturation = capital_.saturation(s.capital_usd[k], workers);
        s.capital_output_factor[k] = capital_.output_factor(saturation);
        s.capital_land_factor[k] = capital_.land_factor(saturation);
    }
    world.tally.capital_investment_usd = investment_usd;
}

// Each site's miners prospect: a new deposit is found with probability 1 - exp(-rate x workers).
// Its grade is a fresh draw from the sites' grade distribution; it is worked (and leaves the
// reserve) only when richer than what is left of the current deposit, and then replaces it.
// Two numbers per site every month, whatever happens, from the site's own position in the stream.
void DepositsModule::discover(World& world) {
    Sites& s = world.sites;
    draws_.resize(2 * s.size());
    for (Eigen::Index k = 0; k < s.size(); ++k) {
        rng_.seek(static_cast<std::uint64_t>(k), static_cast<std::uint32_t>(world.month));
        draws_[2 * k] = draw_uniform(rng_);
        draws_[2 * k + 1] = draw_normal(rng_);
    }
    for (Eigen::Index k = 0; k < s.size(); ++k) {
        if (reserve_left_ < 1.0) break;
        const double chance = 1.0 - std::exp(-discovery_per_worker_month_ * s.miners[k]);
        if (draws_[2 * k] >= chance) continue;
        const double grade_new = mean_one_lognormal(grade_sd_log_, draws_[2 * k + 1]);
        const double grade_left = s.grade_initial[k] * std::exp(-s.cumulative_output_g[k] / s.depletion_scale_g[k]);
        if (grade_new <= grade_left) continue;
        s.grade_initial[k] = grade_new;
        s.cumulative_output_g[k] = 0.0;
        reserve_left_ -= 1.0;
        ++world.tally.discoveries;
    }
}

void DepositsModule::step(World& world, Results& results) {
    Sites& s = world.sites;
    const Eigen::ArrayXd extracted = (s.cumulative_output_g - s.extracted_last_g).max(0.0);
    invest(world, extracted);
    discover(world);
    s.extracted_last_g = s.cumulative_output_g;

    const int m = world.month;
    const double workers = s.miners.sum();
    const Eigen::ArrayXd grade = s.grade_initial * (-s.cumulative_output_g / s.depletion_scale_g).exp();
    int active = 0;
    for (Eigen::Index k = 0; k < s.size(); ++k) active += s.miners[k] > 0.0;
    const double mean_workers = workers / static_cast<double>(s.size());
    const double sd_workers = std::sqrt((s.miners - mean_workers).square().mean());
    results.set(id_.active_sites, m, active);
    results.set(id_.discoveries, m, world.tally.discoveries);
    results.set(id_.reserve, m, reserve_left_);
    results.set(id_.mean_grade, m, grade.mean());
    results.set(id_.mean_grade_worked, m, workers > 0.0 ? (grade * s.miners).sum() / workers : 0.0);
    results.set(id_.miners_cv, m, mean_workers > 0.0 ? sd_workers / mean_workers : 0.0);
    results.set(id_.capital, m, s.capital_usd.sum());
    results.set(id_.investment, m, world.tally.capital_investment_usd);
    results.set(id_.capital_per_miner, m, workers > 0.0 ? s.capital_usd.sum() / workers : 0.0);
    results.set(id_.land_per_miner, m, workers > 0.0 ? world.tally.land_degraded_ha / workers : 0.0);
    results.set(id_.output_factor, m, workers > 0.0 ? (s.capital_output_factor * s.miners).sum() / workers : 1.0);
}

}  // namespace asmsim
