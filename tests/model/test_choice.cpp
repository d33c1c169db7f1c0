// Choosing to mine (docs/model.md 7.5; issue 13 point 3): the hope of a windfall keeps miners in
// when mining pays badly; poorer households weigh the same risk more; a sunk entry cost makes
// entering harder than staying; without reviews nobody switches; a price rise brings entrants with a
// lag. Fixed seeds; gold-only runs of 2,000 households.

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "../support/model_support.hpp"
#include "model/occupational_choice.hpp"

using asmsim::OccupationalChoice;
using asmsim::PreparedScenario;
using asmsim::Results;
using asmsim::Simulation;
using asmsim::testing::joined;
using asmsim::testing::output_series;

namespace {

constexpr std::uint64_t seed = 1313;
const std::vector<std::string> gold_only = {"simulation.households=2000", "simulation.months=48",
                                            "sites.share_cobalt=0", "sites.share_tin=0",
                                            "prices.gold.volatility_annual=0", "prices.gold.jump_rate_annual=0"};

// Share of the month-0 miners that mine in month `month` (the run's replicate 0).
struct Stayers {
    double share_staying;  // of month-0 miners, mining in `month`
    int miners_at_start;
};
Stayers stayers(const std::vector<std::string>& overrides, int month) {
    const PreparedScenario p = asmsim::testing::prepare_overrides(joined(gold_only, overrides));
    Simulation s = asmsim::testing::make_run(p, seed, 0);
    const auto start = s.world().households.is_mining;
    while (s.world().month <= month) s.step_month();
    const auto& now = s.world().households.is_mining;
    int at_start = 0, still = 0;
    for (Eigen::Index i = 0; i < start.size(); ++i) {
        at_start += start[i] != 0;
        still += start[i] != 0 && now[i] != 0;
    }
    return {at_start > 0 ? static_cast<double>(still) / at_start : 0.0, at_start};
}

}  // namespace

TEST_CASE("with the windfall term switched off, fewer people stay in mining when mining pays badly",
          "[choice][mechanisms]") {
    // Mining pays badly: the gold price falls by 60% from month 1 for the rest of the run. Same
    // households and draws in both runs (common random numbers); only the hope of a windfall differs.
    const std::vector<std::string> bad = {"simulation.households=4000", "prices.gold.shock_start_month=1",
                                          "prices.gold.shock_size=-0.6", "prices.gold.shock_duration_months=100"};
    const Stayers hope = stayers(bad, 47);
    const Stayers none = stayers(joined(bad, {"labour.windfall_weight_curvature=1"}), 47);
    INFO("staying with hope " << hope.share_staying << " of " << hope.miners_at_start << ", without "
                              << none.share_staying << " of " << none.miners_at_start);
    REQUIRE(hope.miners_at_start > 1000);
    REQUIRE(none.miners_at_start > 1000);
    // Sampling sd of each share about 0.008 (sqrt(0.6 x 0.4 / 3900)); the runs share their draws.
    CHECK(hope.share_staying > none.share_staying + 0.015);
}

TEST_CASE("poorer households weigh the same risk more, so their reservation wage is lower", "[choice]") {
    const PreparedScenario p = asmsim::testing::prepare_overrides({});
    const OccupationalChoice choice(*p.scenario.params);
    const OccupationalChoice::Month m = choice.month(1.0, false);
    const double v = 120.0, workers = 2.0;
    const auto poor = choice.per_worker(m, workers, 0.0, 0.0), rich = choice.per_worker(m, workers, 5000.0, 0.0);
    CHECK(choice.mining_value(m, v, rich) > choice.mining_value(m, v, poor));
    // Without risk aversion wealth does not matter.
    const PreparedScenario neutral = asmsim::testing::prepare_overrides({"labour.risk_aversion=0"});
    const OccupationalChoice flat(*neutral.scenario.params);
    CHECK(flat.mining_value(m, v, poor) == flat.mining_value(m, v, rich));
}

TEST_CASE("a sunk entry cost and a debt falling due make staying easier than entering", "[choice]") {
    const PreparedScenario p = asmsim::testing::prepare_overrides({});
    const OccupationalChoice choice(*p.scenario.params);
    const OccupationalChoice::Month m = choice.month(1.0, false);
    const double value = m.wage, workers = 2.0;
    const auto free = choice.per_worker(m, workers, 100.0, 0.0), owing = choice.per_worker(m, workers, 100.0, 200.0);
    CHECK(choice.enter_argument(m, value, free, false) < choice.stay_argument(m, value, free));
    CHECK(choice.enter_argument(m, value, free, true) < choice.enter_argument(m, value, free, false));
    CHECK(choice.stay_argument(m, value, owing) > choice.stay_argument(m, value, free));
    // Reviews are rarer in the rainy season.
    CHECK(choice.month(1.0, true).review < m.review);
}

TEST_CASE("without reviews nobody enters or leaves mining", "[choice][mechanisms]") {
    const Results off = asmsim::testing::run_checking(joined(gold_only, {"labour.switch_share_monthly=0"}), seed,
                                                      [](const asmsim::World&) {});
    for (const char* name : {"new_mining_entries", "new_mining_exits"})
        for (double v : output_series(off, name)) CHECK(v == 0.0);
    const Results on = asmsim::testing::run_checking(gold_only, seed, [](const asmsim::World&) {});
    double switches = 0.0;
    for (double v : output_series(on, "new_mining_entries")) switches += v;
    CHECK(switches > 0.0);
}

TEST_CASE("a price rise brings entrants with a lag", "[choice][rush]") {
    // The gold price rises by 60% in month 12 and stays up. The outside wage is 120 USD/month, where
    // fewer households mine than at the default (nearly all do in a gold-only area), leaving room.
    const Results r = asmsim::testing::run_checking(
        joined(gold_only, {"labour.offfarm_usd_per_worker_month=120", "prices.gold.shock_start_month=12",
                           "prices.gold.shock_size=0.6",
                           "prices.gold.shock_duration_months=100"}),
        seed, [](const asmsim::World&) {});
    const std::vector<double> miners = output_series(r, "n_mining_households");
    const double before = miners[11], after = miners[47];
    INFO("mining households: month 11 " << before << ", 12 " << miners[12] << ", 13 " << miners[13] << ", 24 "
                                        << miners[24] << ", 47 " << after);
    REQUIRE(after > before);
    // Less than a third of the rise in the first two months: entry is gradual.
    CHECK(miners[13] - before < (after - before) / 3.0);
}
