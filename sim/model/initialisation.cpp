#include "model/initialisation.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>
#include <vector>

#include "core/draws.hpp"
#include "model/deposits.hpp"
#include "model/mining_returns.hpp"
#include "model/occupational_choice.hpp"
#include "model/traders.hpp"

namespace asmsim {

namespace {

void initialise_sites(const ParameterSet& p, RandomEngine& rng, Sites& sites) {
    const auto n_sites = static_cast<Eigen::Index>(p.integer("simulation.sites"));
    const std::array<double, n_commodities> weight = {p.real("sites.share_gold"), p.real("sites.share_cobalt"),
                                                      p.real("sites.share_tin")};
    const double total_weight = weight[0] + weight[1] + weight[2];
    const double grade_sd = p.real("sites.grade_sd_log");
    sites.mineral.resize(n_sites);
    sites.grade_initial.resize(n_sites);
    sites.cumulative_output_g.setZero(n_sites);
    sites.depletion_scale_g.setOnes(n_sites);
    sites.land_degraded_ha.setZero(n_sites);
    sites.land_restored_ha.setZero(n_sites);
    sites.vsla_fund_usd.setZero(n_sites);
    for (Eigen::Index s = 0; s < n_sites; ++s) {
        double u = draw_uniform(rng) * total_weight;
        int mineral = 0;
        while (mineral < n_commodities - 1 && (u >= weight[mineral] || weight[mineral] == 0.0)) {
            u -= weight[mineral];
            ++mineral;
        }
        sites.mineral[s] = mineral;
        sites.grade_initial[s] = mean_one_lognormal(grade_sd, draw_normal(rng));
    }
    sites.grade_now = sites.grade_initial;
    sites.initialise_deposit_columns();  // deposits and capital (model/deposits.cpp)
}

// Who mines at the start (docs/model.md 5): each household's long-run chance of mining under the
// monthly choice (labour, 7.5: a / (a + 1 - b) with a its chance of entering and b of staying when
// it reviews), at month-0 prices and at the crowding and site capital those chances give (a damped
// fixed point), then one draw per household. Month 0 is then the rule's steady state, not the start
// of an entry or exit wave.
void start_participation(const ParameterSet& p, World& world, RandomEngine& rng) {
    Households& h = world.households;
    Sites& s = world.sites;
    const MiningReturns returns(p);
    const OccupationalChoice choice(p);
    const CapitalRule capital(p);
    const double price_level = p.real("economy.price_level_start");
    const OccupationalChoice::Month m = choice.month(price_level, false);  // the review chance cancels out
    const Eigen::Index n = h.size(), n_sites = s.size();
    // The sites an entrant would compare (as in labour) and the participation draw: K + 1 uniforms per
    // household, drawn before anything is decided.
    const auto samples = static_cast<Eigen::Index>(p.integer("labour.migration_site_samples"));
    Eigen::ArrayXXi sampled(samples, n);
    Eigen::ArrayXd u_mine(n), chance = Eigen::ArrayXd::Zero(n), workers(n);
    Eigen::ArrayXi best_site = h.site;
    for (Eigen::Index i = 0; i < n; ++i) {
        for (Eigen::Index k = 0; k < samples; ++k)
            sampled(k, i) = std::min(static_cast<int>(draw_uniform(rng) * static_cast<double>(n_sites)),
                                     static_cast<int>(n_sites) - 1);
        u_mine[i] = draw_uniform(rng);
        workers[i] = returns.mining_workers_year(h, i);
    }
    Eigen::ArrayXd miners(n_sites), grams(n_sites), factor(n_sites), land(n_sites), stock(n_sites);
    constexpr int max_rounds = 100;
    for (int round = 0; round < max_rounds; ++round) {
        returns.refresh_site_yields(world);
        miners.setZero();
        grams.setZero();
        for (Eigen::Index i = 0; i < n; ++i) {
            if (workers[i] <= 0.0) continue;
            const double buffer = h.savings_usd[i] + h.livestock_usd[i];
            const auto value_at = [&](int site) {
                return choice.mining_value(m, returns.expected_income_now_usd(world, i, site) / workers[i], workers[i], buffer);
            };
            // The site it would enter at: its own or a better sampled one, moving costs counted.
            int best = h.site[i];
            double best_value = value_at(best);
            double best_x = choice.enter_argument(m, best_value, workers[i], false);
            for (Eigen::Index k = 0; k < samples; ++k) {
                const int site = sampled(k, i);
                const double value = value_at(site);
                const double x = choice.enter_argument(m, value, workers[i], site != h.site[i]);
                if (x > best_x) {
                    best = site;
                    best_value = value;
                    best_x = x;
                }
            }
            const double stay = logistic(choice.stay_argument(m, best_value, workers[i], h.debt_usd(i, trader)));
            chance[i] = stationary_mining_chance(logistic(best_x), stay);
            best_site[i] = best;
            miners[best] += chance[i] * workers[i];
            grams[best] += chance[i] * returns.expected_output_g(world, i, best);
        }
        // Site capital where the month's investment at these miners would keep it (as deposits, 7.18).
        for (Eigen::Index k = 0; k < n_sites; ++k) {
            const int mineral = s.mineral[k];
            const double value = grams[k] * world.expected_price_usd_per_g[mineral] * returns.informal_price_share(mineral);
            const double invest = capital.investment_usd(value, capital.pay_ratio(value, miners[k], m.wage));
            stock[k] = capital.steady_stock(invest / price_level);
            const double saturation = capital.saturation(stock[k], miners[k]);
            factor[k] = capital.output_factor(saturation);
            land[k] = capital.land_factor(saturation);
        }
        const double change = std::max((miners - s.miners).abs().maxCoeff() / std::max(1.0, miners.maxCoeff()),
                                       (factor - s.capital_output_factor).abs().maxCoeff());
        s.miners = 0.5 * (s.miners + miners);
        s.capital_output_factor = 0.5 * (s.capital_output_factor + factor);
        if (change < 1e-4) break;
    }
    s.capital_usd = stock;
    s.capital_land_factor = land;
    s.miners.setZero();
    for (Eigen::Index i = 0; i < n; ++i) {
        if (u_mine[i] >= chance[i]) continue;
        h.is_mining[i] = 1;
        h.site[i] = best_site[i];  // a miner works where it chose to enter
        s.miners[h.site[i]] += workers[i];
    }
    returns.refresh_site_yields(world);
}

}  // namespace

World initialise_world(const ModelContext& ctx) {
    const ParameterSet& p = ctx.params;
    RandomEngine rng = ctx.stream("initialisation");
    World world;
    initialise_sites(p, rng, world.sites);
    const auto n_sites = world.sites.size();

    const auto n = static_cast<Eigen::Index>(p.integer("simulation.households"));
    const double size_mean = p.real("households.size_mean");
    const double worker_share = p.real("households.adult_worker_share");
    const double female_worker_share = p.real("households.female_worker_share");
    const double female_head_share = p.real("households.female_head_share");
    const double skill_sd = p.real("households.skill_sd_log");
    const double savings_mean = p.real("households.savings_initial_mean_usd");
    const double land_mean = p.real("households.farm_land_mean_ha");
    const double licensed_share = p.real("households.licensed_share");
    const double semi_share = p.real("households.semi_mechanised_share");
    const double whole_ore_share = p.real("households.whole_ore_share");
    const double mfi_share = p.real("households.mfi_reach_share");
    const double vsla_female = p.real("households.vsla_share_female_head");
    const double vsla_male = p.real("households.vsla_share_male_head");
    const double max_rate = p.real("finance.max_rate_monthly");
    const int licence_months = static_cast<int>(p.integer("formalisation.licence_months"));
    const bool amalgamation = p.flag("environment.amalgamation");

    Households& h = world.households;
    h.resize(n);
    for (Eigen::Index i = 0; i < n; ++i) {
        // Every household consumes the same fourteen draws, in this order.
        const double u_site = draw_uniform(rng);
        const double u_size = draw_uniform(rng);
        const double u_female_workers = draw_uniform(rng);
        const double u_head = draw_uniform(rng);
        const double z_skill = draw_normal(rng);
        const double u_savings = draw_uniform(rng);
        const double u_land = draw_uniform(rng);
        const double u_licensed = draw_uniform(rng);
        const double u_semi = draw_uniform(rng);
        const double u_processing = draw_uniform(rng);
        const double u_mfi = draw_uniform(rng);
        const double u_vsla = draw_uniform(rng);
        const double z_tolerance = draw_normal(rng);
        const double u_licence_age = draw_uniform(rng);

        h.id[i] = i;
        h.site[i] = std::min(static_cast<int>(u_site * static_cast<double>(n_sites)), static_cast<int>(n_sites) - 1);
        h.size_persons[i] = 1 + poisson_by_inversion(size_mean - 1.0, u_size);
        const int workers = std::max(1, static_cast<int>(std::lround(worker_share * h.size_persons[i])));
        // Women among the workers: the rounded expected number, the remainder drawn.
        const double expected_women = female_worker_share * workers;
        const int women = static_cast<int>(expected_women) + (u_female_workers < expected_women - std::floor(expected_women) ? 1 : 0);
        h.female_workers[i] = std::min(women, workers);
        h.male_workers[i] = workers - h.female_workers[i];
        h.head_female[i] = u_head < female_head_share ? 1 : 0;
        h.skill[i] = mean_one_lognormal(skill_sd, z_skill);
        h.savings_usd[i] = -savings_mean * std::log1p(-u_savings);
        h.farm_land_ha[i] = -land_mean * std::log1p(-u_land);
        h.legal_status[i] = u_licensed < licensed_share ? licensed : informal;
        h.licence_months_left[i] = h.legal_status[i] == licensed
                                       ? 1 + std::min(licence_months - 1, static_cast<int>(u_licence_age * licence_months))
                                       : 0;
        h.semi_mechanised[i] = u_semi < semi_share ? 1 : 0;
        h.processing[i] = !amalgamation ? mercury_free
                          : u_processing < whole_ore_share ? whole_ore_amalgamation
                                                           : concentrate_amalgamation;
        h.mfi_reach[i] = u_mfi < mfi_share ? 1 : 0;
        h.vsla_member[i] = u_vsla < (h.head_female[i] ? vsla_female : vsla_male) ? 1 : 0;
        h.credit_rate_tolerance[i] = max_rate * mean_one_lognormal(0.5, z_tolerance);
    }

    // Social network: a ring in site order, so that neighbours mostly share a site.
    Eigen::ArrayXi order(n);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return h.site[a] < h.site[b]; });
    world.neighbours = build_small_world(order, static_cast<int>(p.integer("households.network_degree")),
                                         p.real("households.network_rewire_share"), rng);

    // Prices of month 0 are not known yet: expectations start at the initial world prices.
    for (Commodity c : all_commodities) {
        const std::string prefix = "prices." + std::string(commodity_name(c)) + ".";
        const auto& series = ctx.inputs.series[index_of(c)];
        world.expected_price_usd_per_g[index_of(c)] =
            series ? series->usd_per_g[ctx.inputs.series_first_row[index_of(c)]]
                   : p.real(prefix + "initial_usd_per_g");
    }

    // Depletion scale: the extraction that would take `depletion_years` with half of the site's
    // households mining at the start (average household, manual work, the site's grade).
    const MiningReturns returns(p);
    const double households_per_site = static_cast<double>(n) / static_cast<double>(n_sites);
    const double mean_workers = std::max(1.0, worker_share * size_mean);
    for (Eigen::Index s = 0; s < n_sites; ++s) {
        const double monthly_g = 0.5 * households_per_site * mean_workers * returns.days_year_average() *
                                 returns.site_g_per_worker_day(world.sites.mineral[s], world.sites.grade_initial[s]);
        world.sites.depletion_scale_g[s] = std::max(1e-9, p.real("sites.depletion_years") * 12.0 * monthly_g);
    }

    // Congestion: output per worker halves when `sites.capacity_share` of the area's workers mine at one site.
    world.sites.capacity_workers.setConstant(n_sites, std::max(1e-9, p.real("sites.capacity_share") *
                                                                           households_per_site * mean_workers));
    world.sites.miners.setZero(n_sites);
    world.sites.g_per_worker_day.setZero(n_sites);
    TraderMarket(p).initialise(world);  // buyers and their normal-times offers (model/traders.hpp)
    returns.refresh_site_yields(world);  // empty sites: no congestion yet

    start_participation(p, world, rng);
    for (Eigen::Index i = 0; i < n; ++i) {
        if (!h.is_mining[i] && h.legal_status[i] == licensed) h.legal_status[i] = informal;
        if (h.legal_status[i] != licensed) h.licence_months_left[i] = 0;
    }
    return world;
}

}  // namespace asmsim
