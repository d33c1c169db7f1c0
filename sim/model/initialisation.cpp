#include "model/initialisation.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <vector>

#include "core/draws.hpp"
#include "model/deposits.hpp"
#include "model/mining_returns.hpp"
#include "model/occupational_choice.hpp"
#include "model/traders.hpp"

namespace asmsim {

namespace {

// The "month" of the initialisation stream's positions: each step draws for each site or household
// at (index, step), so a household's start does not depend on how many others there are.
enum InitialStep : std::uint32_t { site_step, household_step, network_step, participation_step };

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
        rng.seek(static_cast<std::uint64_t>(s), site_step);
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
    // The sites an entrant would compare (as in labour), for `sets` reviews, come from one 64-bit key per
    // household (mixed with the sample's number, so nothing is stored per sample); two more uniforms
    // say whether it mines and after which review it entered. Three draws per household, drawn before
    // anything is decided.
    constexpr Eigen::Index sets = 4;
    const auto samples = static_cast<Eigen::Index>(p.integer("labour.migration_site_samples"));
    ArrayXi64 key(n);
    Eigen::ArrayXd u_mine(n), u_set(n), chance = Eigen::ArrayXd::Zero(n), workers(n);
    Eigen::ArrayXi best_site = h.site;
    for (Eigen::Index i = 0; i < n; ++i) {
        rng.seek(static_cast<std::uint64_t>(i), participation_step);
        key[i] = static_cast<std::int64_t>(rng());
        u_mine[i] = draw_uniform(rng);
        u_set[i] = draw_uniform(rng);
        workers[i] = returns.mining_workers_year(h, i);
    }
    const auto sampled_site = [&](Eigen::Index i, Eigen::Index k) {
        const double u = static_cast<double>(mix64(static_cast<std::uint64_t>(key[i]) + static_cast<std::uint64_t>(k)) >> 11) * 0x1p-53;
        return std::min(static_cast<int>(u * static_cast<double>(n_sites)), static_cast<int>(n_sites) - 1);
    };
    // Expected team value per worker at site s is base_s x factor_i(mineral) x share_i (the terms of
    // MiningReturns::expected_income_now_usd, whose price share reads the household's own site's
    // buyers): the household parts are computed once, the site part each round.
    Eigen::Array<double, Eigen::Dynamic, n_commodities> own(n, n_commodities);
    for (Eigen::Index i = 0; i < n; ++i) {
        const double share = returns.price_share_now(world, i, 0);
        for (int c = 0; c < n_commodities; ++c) own(i, c) = returns.household_factor(h, i, c) * share;
    }
    const double per_g = returns.days_year_average() * returns.digger_share();
    Eigen::ArrayXd base(n_sites), miners(n_sites), grams(n_sites), factor(n_sites), land(n_sites), stock(n_sites);
    // Household i's chances of entering (a) and staying (b) when it reviews with the j-th set of sampled
    // sites, and the site it would enter at (its own or a better sampled one, moving costs counted), at
    // this round's site values.
    struct Review {
        double enter, stay;
        int site;
    };
    const auto review = [&](Eigen::Index i, Eigen::Index j, const OccupationalChoice::PerWorker& per) {
        const auto value_at = [&](int site) { return choice.mining_value(m, base[site] * own(i, s.mineral[site]), per); };
        int best = h.site[i];
        double best_value = value_at(best);
        double best_x = choice.enter_argument(m, best_value, per, false);
        for (Eigen::Index k = j * samples; k < (j + 1) * samples; ++k) {
            const int site = sampled_site(i, k);
            const double value = value_at(site);
            const double x = choice.enter_argument(m, value, per, site != h.site[i]);
            if (x > best_x) {
                best = site;
                best_value = value;
                best_x = x;
            }
        }
        return Review{logistic(best_x), logistic(choice.stay_argument(m, best_value, per)), best};
    };
    // With one review: pi = a / (a + 1 - b). With several, each review (sites sampled afresh) equally
    // likely: out of mining 1 / mean a reviews on average, in mining after entering through review j
    // 1 / (1 - b_j), entered through j with chance a_j / sum a; so pi = A / (A + J) with A = sum_j
    // a_j / (1 - b_j), and the site is that of review j with chance proportional to a_j / (1 - b_j).
    // Averaging over reviews matters: a household left out of mining by one poor sample of sites
    // would otherwise enter at its next review more often than the rule says (selection).
    const auto evaluate = [&](Eigen::Index i, Eigen::Index reviews, double u_pick) {
        std::array<Review, sets> r{};
        std::array<double, sets> weight{};
        double total = 0.0;
        const OccupationalChoice::PerWorker per =
            choice.per_worker(m, workers[i], h.savings_usd[i] + h.livestock_usd[i], h.debt_usd(i, trader));
        for (Eigen::Index j = 0; j < reviews; ++j) {
            r[j] = review(i, j, per);
            weight[j] = r[j].enter <= 0.0 ? 0.0
                        : r[j].stay < 1.0 ? r[j].enter / (1.0 - r[j].stay)
                                          : std::numeric_limits<double>::infinity();
            total += weight[j];
        }
        chance[i] = std::isinf(total) ? 1.0 : total / (total + static_cast<double>(reviews));
        best_site[i] = r[0].site;
        if (total <= 0.0) return;
        // The review it entered through: by u_pick against the cumulative weights (infinite ones first).
        double cumulative = 0.0;
        for (Eigen::Index j = 0; j < reviews; ++j) {
            cumulative += weight[j];
            if (std::isinf(total) ? std::isinf(weight[j]) : u_pick * total < cumulative) {
                best_site[i] = r[j].site;
                break;
            }
        }
    };
    const auto refresh_base = [&] {
        returns.refresh_site_yields(world);
        for (Eigen::Index k = 0; k < n_sites; ++k)
            base[k] = per_g * s.g_per_worker_day[k] * world.expected_price_usd_per_g[s.mineral[k]];
    };
    // The rounds look at every stride-th household (rows are drawn alike, so a regular sample is a
    // random one), weighted up: at most about 20,000 a round, which bounds the cost of large runs.
    const Eigen::Index stride = std::max<Eigen::Index>(1, n / 20000);
    const double weight = static_cast<double>(n) / static_cast<double>((n + stride - 1) / stride);
    constexpr int max_rounds = 30;
    for (int round = 0; round < max_rounds; ++round) {
        refresh_base();
        miners.setZero();
        grams.setZero();
        for (Eigen::Index i = 0; i < n; i += stride) {
            if (workers[i] <= 0.0) continue;
            evaluate(i, 1, 0.0);  // one review per household and round: the rounds only settle the sites
            const int best = best_site[i];
            miners[best] += weight * chance[i] * workers[i];
            grams[best] += weight * chance[i] * workers[i] * returns.days_year_average() * s.g_per_worker_day[best] *
                           returns.household_factor(h, i, s.mineral[best]);
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
        // The running average of the rounds' answers (steps 1, 1/2, 1/3, ...): entrants' site choices
        // jump as crowding changes, and a fixed step cycles between them; the average settles.
        const double step = 1.0 / (round + 1.0);
        const double change = std::max((miners - s.miners).abs().maxCoeff() / std::max(1.0, miners.maxCoeff()),
                                       (factor - s.capital_output_factor).abs().maxCoeff());
        s.miners += step * (miners - s.miners);
        s.capital_output_factor += step * (factor - s.capital_output_factor);
        if (step * change < 1e-3) break;
    }
    s.capital_usd = stock;  // the last round's stock and land factor (deposits recomputes both in month 0)
    s.capital_land_factor = land;
    refresh_base();
    s.miners.setZero();
    for (Eigen::Index i = 0; i < n; ++i) {
        if (workers[i] <= 0.0) continue;
        evaluate(i, sets, u_set[i]);  // every household, at the settled sites
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
        // Every household draws the same fourteen numbers, in this order, from its own position.
        rng.seek(static_cast<std::uint64_t>(i), household_step);
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
                                         p.real("households.network_rewire_share"), rng, network_step);

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
