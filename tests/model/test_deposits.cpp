// Deposits, rushes and capital (model/deposits.cpp, model/migration.cpp; docs/model.md, "Deposits,
// discoveries and site capital", "Migration between sites"). Each test compares the mechanism on
// with it switched off under common random numbers; each fails when its mechanism is off (checked
// once by hand: see docs/validation.md, "Deposits, rushes and capital").

#include <catch2/catch.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "../support/model_support.hpp"

using asmsim::PreparedScenario;
using asmsim::Results;
using asmsim::Simulation;
using asmsim::World;
using asmsim::testing::joined;
using asmsim::testing::output_series;

namespace {

constexpr std::uint64_t seed = 4242;
const std::vector<std::string> small = {"simulation.households=1000", "simulation.months=48"};
// Prices held at their expected level, so that site and price effects are not confounded.
const std::vector<std::string> flat_prices = {
    "prices.gold.volatility_annual=0",   "prices.gold.jump_rate_annual=0",   "prices.cobalt.volatility_annual=0",
    "prices.cobalt.jump_rate_annual=0",  "prices.tin.volatility_annual=0",   "prices.tin.jump_rate_annual=0"};

int mining_at(const World& w, int site) {
    int n = 0;
    for (Eigen::Index i = 0; i < w.households.size(); ++i) n += w.households.is_mining[i] && w.households.site[i] == site;
    return n;
}

int most_populated_site(const World& w) {
    int best = 0;
    for (int s = 1; s < w.sites.size(); ++s)
        if (mining_at(w, s) > mining_at(w, best)) best = s;
    return best;
}

// Mining households at `site` in each month, after `change` is applied to the world at the end of
// month `at` (before the next month starts).
template <class Change>
std::vector<int> track(const std::vector<std::string>& overrides, int site, int at, Change&& change) {
    const PreparedScenario p = asmsim::testing::prepare_overrides(joined(joined(small, flat_prices), overrides));
    Simulation s = asmsim::testing::make_run(p, seed, 0);
    std::vector<int> counts;
    while (s.world().month < s.months()) {
        s.step_month();
        if (s.world().month - 1 == at) change(s.world());
        counts.push_back(mining_at(s.world(), site));
    }
    return counts;
}

int site_chosen(const std::vector<std::string>& overrides, bool most_populated) {
    const PreparedScenario p = asmsim::testing::prepare_overrides(joined(joined(small, flat_prices), overrides));
    Simulation s = asmsim::testing::make_run(p, seed, 0);
    for (int m = 0; m < 12; ++m) s.step_month();
    const World& w = s.world();
    if (most_populated) return most_populated_site(w);
    // The least populated gold site.
    int best = -1;
    for (int k = 0; k < w.sites.size(); ++k)
        if (w.sites.mineral[k] == 0 && (best < 0 || mining_at(w, k) < mining_at(w, best))) best = k;
    return best;
}

std::vector<double> mining_share(const Results& r) {
    const auto mining = output_series(r, "n_mining_households");
    const auto all = output_series(r, "n_households");
    std::vector<double> out;
    for (std::size_t m = 0; m < mining.size(); ++m) out.push_back(mining[m] / all[m]);
    return out;
}

// Mean over replicates of the mining share, month by month.
std::vector<double> mean_share(const std::string& scenario, const std::vector<std::string>& overrides, int replicates) {
    const PreparedScenario p = asmsim::prepare_scenario(scenario, overrides);
    std::vector<double> mean;
    for (int r = 0; r < replicates; ++r) {
        Simulation s = asmsim::testing::make_run(p, seed, static_cast<std::uint64_t>(r));
        s.run();
        const auto share = mining_share(s.results());
        if (mean.empty()) mean.assign(share.size(), 0.0);
        for (std::size_t m = 0; m < share.size(); ++m) mean[m] += share[m] / replicates;
    }
    return mean;
}

}  // namespace

TEST_CASE("a depleted deposit loses its miners to other sites", "[deposits][migration]") {
    const int site = site_chosen({}, true);
    // At the end of month 12 the site's deposit is worked out to 5% of its grade. Follow the
    // households mining there at that moment: where do they mine two years later?
    struct Fate {
        int at_month_12 = 0, still_there = 0, elsewhere = 0;
    };
    auto follow = [site](const std::vector<std::string>& overrides, bool deplete) {
        const PreparedScenario p = asmsim::testing::prepare_overrides(joined(joined(small, flat_prices), overrides));
        Simulation s = asmsim::testing::make_run(p, seed, 0);
        for (int m = 0; m < 13; ++m) s.step_month();
        World& w = s.world();
        if (deplete) w.sites.cumulative_output_g[site] += 3.0 * w.sites.depletion_scale_g[site];
        std::vector<Eigen::Index> followed;
        for (Eigen::Index i = 0; i < w.households.size(); ++i)
            if (w.households.is_mining[i] && w.households.site[i] == site) followed.push_back(i);
        for (int m = 13; m < 37; ++m) s.step_month();
        Fate f;
        f.at_month_12 = static_cast<int>(followed.size());
        for (Eigen::Index i : followed) {
            if (!w.households.is_mining[i]) continue;
            if (w.households.site[i] == site) ++f.still_there;
            else ++f.elsewhere;
        }
        return f;
    };
    // No discoveries: a new deposit found at the worked-out site would bring its miners back (with the
    // occupational choice of docs/model.md 7.5 one did, at this seed), which is another test's subject.
    const std::vector<std::string> no_finds = {"deposits.discoveries_per_site_decade=0"};
    const Fate on = follow(no_finds, true);
    const Fate intact = follow(no_finds, false);  // the same site, not depleted
    const Fate off = follow(joined(no_finds, {"migration.move_share_monthly=0"}), true);
    INFO("site " << site << ": depleted " << on.at_month_12 << " -> there " << on.still_there << ", elsewhere "
                 << on.elsewhere << "; not depleted -> there " << intact.still_there << ", elsewhere "
                 << intact.elsewhere << "; depleted, migration off -> there " << off.still_there << ", elsewhere "
                 << off.elsewhere);
    REQUIRE(on.at_month_12 >= 20);
    // The depleted site keeps less than half of the miners it keeps when its deposit is intact...
    CHECK(on.still_there < 0.5 * intact.still_there);
    // ...and they go on mining at other sites. With migration off the site empties too, through
    // exit from mining and re-entry at another site (labour); docs/validation.md gives both.
    CHECK(on.elsewhere > 0.25 * on.at_month_12);
    CHECK(on.elsewhere > 2 * intact.elsewhere);
}

TEST_CASE("a discovery draws migrants, with a lag", "[deposits][migration]") {
    const int site = site_chosen({}, false);
    REQUIRE(site >= 0);
    // At the end of month 12 a deposit five times the mean grade is found there.
    auto discover = [site](World& w) {
        w.sites.grade_initial[site] = 5.0;
        w.sites.cumulative_output_g[site] = 0.0;
    };
    const auto on = track({}, site, 12, discover);
    const auto off = track({"migration.move_share_monthly=0"}, site, 12, discover);
    const double gain_1 = on[13] - on[12], gain_24 = on[36] - on[12];
    INFO("site " << site << ": month 12 " << on[12] << ", 13 " << on[13] << ", 36 on " << on[36] << " off " << off[36]);
    CHECK(gain_24 >= 10);
    // A lag: the first month brings less than a third of what two years bring.
    CHECK(gain_1 < gain_24 / 3.0);
    // Migrants from other sites add to the entrants that labour sends there.
    CHECK(on[36] > off[36] + 5);
}

TEST_CASE("capital builds after good years and raises output and land disturbed per worker", "[deposits][capital]") {
    // A gold boom: the price doubles from month 12 for three years.
    const std::vector<std::string> boom = {"simulation.months=60", "prices.gold.shock_start_month=12",
                                           "prices.gold.shock_size=1.0", "prices.gold.shock_duration_months=48"};
    auto run = [](const std::vector<std::string>& o) {
        const PreparedScenario p = asmsim::testing::prepare_overrides(joined(joined(small, flat_prices), o));
        Simulation s = asmsim::testing::make_run(p, seed, 0);
        s.run();
        return s.results();
    };
    const Results base = run({"simulation.months=60"});
    const Results up = run(boom);
    const Results up_no_capital = run(joined(boom, {"capital.invest_share=0"}));
    auto mean = [](const Results& r, const std::string& name) { return asmsim::testing::output_mean(r, name, 48, 60); };
    auto per_miner_g = [](const Results& r) {
        double g = 0, miners = 0;
        for (int m = 48; m < 60; ++m) {
            g += r.get(r.find("production_gold_g"), m);
            miners += r.get(r.find("n_miners_gold"), m);
        }
        return g / miners;
    };
    INFO("capital per miner: base " << mean(base, "capital_per_miner_usd") << ", boom " << mean(up, "capital_per_miner_usd")
                                    << ", boom without capital " << mean(up_no_capital, "capital_per_miner_usd"));
    INFO("gold g per miner: boom " << per_miner_g(up) << ", boom without capital " << per_miner_g(up_no_capital));
    INFO("land per miner: boom " << mean(up, "land_per_miner_ha") << ", boom without capital "
                                 << mean(up_no_capital, "land_per_miner_ha"));
    // Good years build capital (per miner, though the boom also brings miners).
    CHECK(mean(up, "capital_per_miner_usd") > 1.1 * mean(base, "capital_per_miner_usd"));
    CHECK(mean(up, "capital_output_factor_mean") > mean(base, "capital_output_factor_mean"));
    // Capital raises output and land disturbed per worker, against the same boom without it
    // (although the sites it makes richer draw more miners and crowd them).
    CHECK(per_miner_g(up) > 1.1 * per_miner_g(up_no_capital));
    CHECK(mean(up, "land_per_miner_ha") > 1.2 * mean(up_no_capital, "land_per_miner_ha"));
}

TEST_CASE("the baseline's mining share is stationary over 240 months at the expected price; discovery holds it",
          "[deposits][stationarity]") {
    const std::string baseline = std::string(ASMSIM_SOURCE_DIR) + "/scenarios/baseline.toml";
    const std::vector<std::string> run = joined({"simulation.months=240"}, flat_prices);
    const auto share = mean_share(baseline, run, 4);
    INFO("share month 12 " << share[12] << ", 120 " << share[120] << ", 239 " << share[239]);
    CHECK(std::abs(share[239] - share[12]) < 0.04);
    // No trend: least-squares slope over months 12..239 below 2 points per 10 years.
    double sx = 0, sy = 0, sxx = 0, sxy = 0, n = 0;
    for (int m = 12; m < 240; ++m) {
        sx += m; sy += share[m]; sxx += double(m) * m; sxy += m * share[m]; n += 1;
    }
    const double slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
    INFO("slope per 10 years " << slope * 120);
    // Measured: +2.9 points from month 12 to 239, slope -3.8 points per 10 years (a rise to month 60,
    // then depletion outpaces discoveries; docs/validation.md). Without discovery: about -15.
    CHECK(std::abs(slope * 120) < 0.05);
}

TEST_CASE("the boom scenario shows a rush into mining that the baseline does not", "[deposits][stationarity]") {
    const std::string dir = std::string(ASMSIM_SOURCE_DIR) + "/scenarios/";
    const auto base = mean_share(dir + "baseline.toml", {"simulation.months=240"}, 4);
    const auto boom = mean_share(dir + "prices/boom.toml", {"simulation.months=240"}, 4);
    INFO("baseline " << base[12] << " -> " << base[239] << "; boom " << boom[12] << " -> " << boom[239]);
    CHECK(boom[239] - boom[12] > 0.05);
    CHECK(boom[239] - base[239] > 0.1);
}

TEST_CASE("renewal keeps pace with depletion whatever the households simulated per site", "[deposits][stationarity]") {
    // A site's deposit (its depletion scale) grows with the households simulated per site; so must its
    // chance of renewal (docs/model.md 7.18). With finds per absolute worker, 4,000 households found
    // four times as many deposits per site as 1,000, the area's reserve ran out within about eight
    // years, and the share mining fell (docs/validation.md, "Stationarity of the baseline").
    const std::string baseline = std::string(ASMSIM_SOURCE_DIR) + "/scenarios/baseline.toml";
    const std::vector<std::string> run = joined({"simulation.months=240"}, flat_prices);
    auto finds = [&](const std::vector<std::string>& overrides) {
        const PreparedScenario p = asmsim::prepare_scenario(baseline, joined(run, overrides));
        Simulation s = asmsim::testing::make_run(p, seed, 0);
        s.run();
        double n = 0;
        for (int m = 0; m < 120; ++m) n += asmsim::testing::output_at(s.results(), "new_discoveries", m);
        return n;
    };
    const double small_area = finds({"simulation.households=1000"});
    const double large_area = finds({"simulation.households=4000"});
    INFO("discoveries in 120 months: 1,000 households " << small_area << ", 4,000 " << large_area);
    CHECK(large_area > 0.5 * small_area);
    CHECK(large_area < 1.6 * small_area);

    // The share mining follows the same path: its change from month 12 to 239 at 4,000 households is
    // that at 1,000 within 3 points (4 replicates each; measured -4.3 and -3.7 points; with finds per
    // absolute worker, the old rule, -11.3 at 4,000 households: docs/validation.md).
    const auto share_small = mean_share(baseline, joined(run, {"simulation.households=1000"}), 4);
    const auto share = mean_share(baseline, joined(run, {"simulation.households=4000"}), 4);
    const auto no_finds =
        mean_share(baseline, joined(run, {"simulation.households=4000", "deposits.discoveries_per_site_decade=0"}), 2);
    const double change_small = share_small[239] - share_small[12], change = share[239] - share[12];
    INFO("share month 12 -> 239: 1,000 households " << share_small[12] << " -> " << share_small[239] << "; 4,000 "
                                                    << share[12] << " -> " << share[239] << "; 4,000 without discovery "
                                                    << no_finds[12] << " -> " << no_finds[239]);
    CHECK(std::abs(change - change_small) < 0.03);
    // Discovery is what holds it: without it depletion takes the share down by more than 10 points.
    CHECK(no_finds[12] - no_finds[239] > 0.10);
}
