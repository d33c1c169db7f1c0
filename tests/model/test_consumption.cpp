// Consumption smoothing (docs/model.md 7.14): what the buffer-stock rule must show against scheduled
// gold price shocks (prices.gold.shock_*), each run paired with the same run without the shock (same
// seed and stream group, so every difference is the shock's). The gold price has no drift here, so
// the shock is the only lasting change. Each test fails with consumption.buffer_stock = false
// (checked once by hand when the tests were written; docs/validation.md, "Consumption smoothing").

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "../support/model_support.hpp"

using asmsim::Households;
using asmsim::PreparedScenario;
using asmsim::Results;
using asmsim::Simulation;
using asmsim::testing::joined;
using asmsim::testing::output_mean;

namespace {

constexpr std::uint64_t seed = 1313;
constexpr int shock_month = 36;
const std::vector<std::string> base = {"simulation.households=800", "simulation.months=72",
                                       "prices.gold.drift_annual=0"};
// A passing shock: 40% lower for four months, then back at once. A lasting one: 40% lower to the end.
const std::vector<std::string> passing = {"prices.gold.shock_start_month=36", "prices.gold.shock_size=-0.4",
                                          "prices.gold.shock_duration_months=4",
                                          "prices.gold.shock_recovery_months=0"};
const std::vector<std::string> lasting = {"prices.gold.shock_start_month=36", "prices.gold.shock_size=-0.4",
                                          "prices.gold.shock_duration_months=1200",
                                          "prices.gold.shock_recovery_months=0"};

Results run(const std::vector<std::string>& overrides) {
    const PreparedScenario p = asmsim::testing::prepare_overrides(joined(base, overrides));
    Simulation s = asmsim::testing::make_run(p, seed, 0);
    s.run();
    return s.results();
}

// Change of an output's monthly mean over months [first, last) caused by the shock.
double change(const Results& shocked, const Results& unshocked, const std::string& name, int first, int last) {
    return output_mean(shocked, name, first, last) - output_mean(unshocked, name, first, last);
}

const std::string income = "mean_income_usd_per_capita", consumption = "mean_consumption_usd_per_capita";

}  // namespace

TEST_CASE("a passing price shock moves mean consumption less than mean income", "[consumption][smoothing]") {
    const Results none = run({}), shocked = run(passing);
    const double dy = change(shocked, none, income, shock_month, shock_month + 4);
    const double dc = change(shocked, none, consumption, shock_month, shock_month + 4);
    INFO("income change " << dy << ", consumption change " << dc << " USD/person/month");
    REQUIRE(dy < -1.0);  // the shock bites: income falls by more than 1 USD/person/month
    // Consumption falls, but by less than half of income (the earlier rule passed on 0.8 or more).
    CHECK(dc <= 0.0);
    CHECK(std::abs(dc) < 0.5 * std::abs(dy));
}

TEST_CASE("a lasting price shock moves consumption more than a passing one", "[consumption][smoothing]") {
    const Results none = run({}), short_shock = run(passing), long_shock = run(lasting);
    // The same income loss per month: the passing shock's four months, and the lasting shock's
    // second year (by then households have learned that their income is lower).
    const double dy_passing = change(short_shock, none, income, shock_month, shock_month + 4);
    const double dc_passing = change(short_shock, none, consumption, shock_month, shock_month + 4);
    const double dy_lasting = change(long_shock, none, income, shock_month + 12, shock_month + 24);
    const double dc_lasting = change(long_shock, none, consumption, shock_month + 12, shock_month + 24);
    INFO("passing: income " << dy_passing << ", consumption " << dc_passing << "; lasting (second year): income "
                            << dy_lasting << ", consumption " << dc_lasting);
    REQUIRE(dy_passing < -1.0);
    REQUIRE(dy_lasting < -1.0);
    // Share of the income loss passed on to consumption: much larger for the lasting shock (the
    // earlier rule passed on about the same share of both).
    const double share_passing = dc_passing / dy_passing, share_lasting = dc_lasting / dy_lasting;
    CHECK(share_lasting > 0.6);
    CHECK(share_lasting > share_passing + 0.3);
}

TEST_CASE("a household with no buffer and no credit cannot smooth", "[consumption][smoothing]") {
    // Nobody can borrow (as in test_mechanisms "without any finance offer"). Just before the shock,
    // every other mining household loses its buffer (cash and livestock set to zero, the same in the
    // runs with and without the shock): a random half with no buffer, the other half with its own.
    const std::vector<std::string> no_credit = {"households.mfi_reach_share=0",
                                                "households.vsla_share_female_head=0",
                                                "households.vsla_share_male_head=0",
                                                "finance.trader_credit_months=0",
                                                "households.licensed_share=0",
                                                "formalisation.apply_logit_intercept=-20",
                                                "formalisation.processing_per_1000_households_month=0"};
    auto prepared = [&](const std::vector<std::string>& shock) {
        return asmsim::testing::prepare_overrides(joined(joined(base, no_credit), shock));
    };
    // The shock falls in the rainy season (calendar months 6-9 here), when income is below permanent
    // income: a household that wants to spend more than the month brings.
    constexpr int rainy_shock = 41;
    const PreparedScenario p_none = prepared({}),
                           p_shock = prepared({"prices.gold.shock_start_month=41", "prices.gold.shock_size=-0.4",
                                               "prices.gold.shock_duration_months=4",
                                               "prices.gold.shock_recovery_months=0"});
    Simulation none = asmsim::testing::make_run(p_none, seed, 0), shocked = asmsim::testing::make_run(p_shock, seed, 0);
    while (none.world().month < rainy_shock) {
        none.step_month();
        shocked.step_month();
    }
    const Eigen::Index n = none.world().households.size();
    std::vector<int> group(static_cast<std::size_t>(n), -1);  // 0 no buffer, 1 own buffer, -1 not mining
    for (Eigen::Index i = 0; i < n; ++i) {
        if (!none.world().households.is_mining[i]) continue;
        group[static_cast<std::size_t>(i)] = static_cast<int>(i % 2);
        if (i % 2 != 0) continue;
        for (Simulation* s : {&none, &shocked}) {
            s->world().households.savings_usd[i] = 0.0;
            s->world().households.livestock_usd[i] = 0.0;
        }
    }
    double dy[2] = {0, 0}, dc[2] = {0, 0};
    for (int m = rainy_shock; m < rainy_shock + 4; ++m) {
        none.step_month();
        shocked.step_month();
        const Households& a = none.world().households;
        const Households& b = shocked.world().households;
        for (Eigen::Index i = 0; i < n; ++i) {
            const int g = group[static_cast<std::size_t>(i)];
            if (g < 0) continue;
            dy[g] += b.income_usd(i) - a.income_usd(i);
            dc[g] += b.consumption_usd[i] - a.consumption_usd[i];
        }
    }
    INFO("no buffer: income change " << dy[0] << ", consumption change " << dc[0] << "; own buffer: income change "
                                     << dy[1] << ", consumption change " << dc[1]);
    REQUIRE(dy[0] < 0.0);
    REQUIRE(dy[1] < 0.0);
    const double share_none = dc[0] / dy[0], share_buffer = dc[1] / dy[1];
    // Without a buffer or credit consumption follows income (it can only be the cash the month
    // brings); with its buffer a household passes on much less of the loss.
    CHECK(share_none > 0.9);
    CHECK(share_none > share_buffer + 0.15);
}
