// Mechanisms switched off: with a mechanism's parameters at their "off" value its outputs are
// exactly zero in every month, and with the defaults (same seed, same stream group) the same
// outputs are positive, so the off-case is not passing vacuously. Runs of 400 households over
// 60 months, stepped month by month so that household columns can be inspected too.

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "../support/model_support.hpp"

using asmsim::Households;
using asmsim::PreparedScenario;
using asmsim::Results;
using asmsim::Simulation;
using asmsim::World;
using asmsim::testing::joined;
using asmsim::testing::output_series;

namespace {

constexpr std::uint64_t seed = 9090;
const std::vector<std::string> small = {"simulation.households=400", "simulation.months=60"};

template <class Check>
Results run_checking(const std::vector<std::string>& overrides, Check&& check) {
    return asmsim::testing::run_checking(joined(small, overrides), seed, std::forward<Check>(check));
}

Results run(const std::vector<std::string>& overrides) {
    return run_checking(overrides, [](const World&) {});
}

double sum(const Results& r, const std::string& name) {
    const std::vector<double> values = output_series(r, name);
    double total = 0;
    for (double v : values) total += v;
    return total;
}

// Every month of the output is exactly zero.
bool all_zero(const Results& r, const std::string& name) {
    const std::vector<double> values = output_series(r, name);
    return std::all_of(values.begin(), values.end(), [](double v) { return v == 0.0; });
}

const std::vector<std::string> minerals = {"gold", "cobalt", "tin"};

}  // namespace

TEST_CASE("without amalgamation no mercury is released", "[mechanisms][mercury]") {
    int months_checked = 0;
    const Results off = run_checking({"environment.amalgamation=false"}, [&](const World& w) {
        // Every household processes without mercury from the start and never switches.
        CHECK((w.households.processing == asmsim::mercury_free).all());
        ++months_checked;
    });
    CHECK(months_checked == 60);
    CHECK(all_zero(off, "mercury_released_kg"));
    CHECK(all_zero(off, "new_adoptions_mercury_free"));
    // Gold is still mined, all of it mercury-free.
    CHECK(sum(off, "production_gold_g") > 0.0);
    const std::vector<double> share = output_series(off, "mercury_free_share");
    CHECK(std::all_of(share.begin(), share.end(), [](double v) { return v == 1.0; }));

    const Results on = run({});
    CHECK(sum(on, "mercury_released_kg") > 0.0);
    const std::vector<double> gold = output_series(on, "production_gold_g");
    const std::vector<double> mercury = output_series(on, "mercury_released_kg");
    for (std::size_t m = 0; m < gold.size(); ++m) {
        INFO("month " << m);
        if (gold[m] > 0.0) CHECK(mercury[m] > 0.0);
    }
}

TEST_CASE("without inspections there are no fines and no confiscation", "[mechanisms][enforcement]") {
    const Results off = run({"enforcement.inspection_rate_monthly=0"});
    CHECK(all_zero(off, "new_inspections"));
    CHECK(all_zero(off, "fines_usd"));
    for (const std::string& m : minerals) {
        INFO("mineral " << m);
        CHECK(all_zero(off, "confiscated_" + m + "_g"));
    }
    // Fiscal revenue is then royalties and licence fees only.
    const std::vector<double> fiscal = output_series(off, "fiscal_revenue_usd");
    const std::vector<double> royalties = output_series(off, "royalties_usd");
    const std::vector<double> fees = output_series(off, "licence_fees_usd");
    for (std::size_t m = 0; m < fiscal.size(); ++m) {
        INFO("month " << m);
        CHECK(fiscal[m] == Approx(royalties[m] + fees[m]).epsilon(1e-12).margin(1e-12));
    }

    const Results on = run({});
    CHECK(sum(on, "new_inspections") > 0.0);
    CHECK(sum(on, "fines_usd") > 0.0);
    CHECK(sum(on, "confiscated_gold_g") > 0.0);
}

TEST_CASE("without any finance offer nobody borrows and nobody owes", "[mechanisms][finance]") {
    // No microfinance reach, no savings groups, no trader pre-finance, and nobody licensed (banks
    // lend only to licensed miners). formalisation.apply_logit_intercept = -20 makes applying
    // very unlikely, but the chance to apply also grows with the net benefit of a licence
    // (formalisation.cpp), so the administration is also given no capacity: no application is
    // ever turned into a licence.
    const std::vector<std::string> no_finance = {"households.mfi_reach_share=0",
                                                 "households.vsla_share_female_head=0",
                                                 "households.vsla_share_male_head=0",
                                                 "finance.trader_credit_months=0",
                                                 "households.licensed_share=0",
                                                 "formalisation.apply_logit_intercept=-20",
                                                 "formalisation.processing_per_1000_households_month=0"};
    const Results off = run_checking(no_finance, [](const World& w) {
        const Households& h = w.households;
        CHECK((h.debt_usd == 0.0).all());
        CHECK((h.installment_usd == 0.0).all());
        CHECK((h.borrowed_usd == 0.0).all());
        CHECK((h.debt_service_usd == 0.0).all());
        CHECK((h.legal_status != asmsim::licensed).all());
        CHECK((h.vsla_member == 0).all());
        CHECK((h.vsla_net_usd == 0.0).all());
        CHECK((w.sites.vsla_fund_usd == 0.0).all());
    });
    for (const char* lender : {"vsla", "mfi", "bank", "trader"}) {
        INFO("lender " << lender);
        CHECK(all_zero(off, std::string("new_loans_") + lender));
        CHECK(all_zero(off, std::string("mean_debt_") + lender + "_usd"));
    }
    for (const char* name : {"mean_debt_usd", "mean_debt_usd_male_head", "mean_debt_usd_female_head",
                             "share_in_trader_debt", "interest_usd", "written_off_usd", "new_defaults",
                             "n_vsla_members", "n_miners_licensed", "sold_tied_gold_g"}) {
        INFO("output " << name);
        CHECK(all_zero(off, name));
    }
    // Households still mine and earn.
    CHECK(sum(off, "mining_income_usd") > 0.0);

    const Results on = run({});
    for (const char* lender : {"vsla", "mfi", "bank", "trader"}) {
        INFO("lender " << lender);
        CHECK(sum(on, std::string("new_loans_") + lender) > 0.0);
    }
    CHECK(sum(on, "interest_usd") > 0.0);
}

TEST_CASE("without safety risk nobody is injured and nobody dies", "[mechanisms][safety]") {
    const std::vector<std::string> safe = {"safety.injury_rate_informal_per_100py=0",
                                           "safety.injury_rate_licensed_per_100py=0"};
    const Results off = run_checking(safe, [](const World& w) {
        CHECK((w.households.injured_workers == 0).all());
    });
    for (const char* name : {"new_injuries", "new_injuries_informal", "new_injuries_licensed", "new_fatalities"}) {
        INFO("output " << name);
        CHECK(all_zero(off, name));
    }
    const std::vector<double> persons = output_series(off, "n_persons");
    CHECK(std::all_of(persons.begin(), persons.end(), [&](double v) { return v == persons.front(); }));
    // Miners are still exposed: the zero is the rate's, not an absence of mining.
    CHECK(sum(off, "exposure_informal_person_months") > 0.0);

    SECTION("injuries that are never fatal kill nobody") {
        const Results injured = run({"safety.fatal_share=0"});
        CHECK(sum(injured, "new_injuries") > 0.0);
        CHECK(all_zero(injured, "new_fatalities"));
        const std::vector<double> people = output_series(injured, "n_persons");
        CHECK(people.back() == people.front());
    }
    SECTION("with the default rates miners are injured") {
        const Results on = run({});
        CHECK(sum(on, "new_injuries") > 0.0);
        CHECK(sum(on, "new_injuries_informal") > 0.0);
    }
}

TEST_CASE("without restoration no degraded land is restored", "[mechanisms][land]") {
    // The default restoration is none (environment.restoration_ha_per_month = 0); set it
    // explicitly so that a change of default does not change the test.
    const Results off = run_checking({"environment.restoration_ha_per_month=0"}, [](const World& w) {
        CHECK((w.sites.land_restored_ha == 0.0).all());
    });
    CHECK(all_zero(off, "land_restored_ha"));
    CHECK(all_zero(off, "restoration_cost_usd"));
    // Degraded land then only accumulates.
    const std::vector<double> stock = output_series(off, "land_degraded_total_ha");
    CHECK(std::is_sorted(stock.begin(), stock.end()));
    CHECK(stock.back() > 0.0);

    const Results on = run({"environment.restoration_ha_per_month=0.5"});
    CHECK(sum(on, "land_restored_ha") > 0.0);
    CHECK(sum(on, "restoration_cost_usd") > 0.0);
    CHECK(output_series(on, "land_degraded_total_ha").back() < stock.back());
}

TEST_CASE("injured workers return to work after safety.injury_months_lost months", "[mechanisms][safety]") {
    // docs/model.md 7.9: an injury in month t removes the worker from months t+1 to
    // t + injury_months_lost - 1 (and from the rest of month t); the counter runs out at a month
    // start. So at the end of month t' a household still has injured workers only if its last
    // injury was in month t' - max(0, injury_months_lost - 1) or later; with 0 months lost nobody
    // is ever laid off. Injuries are made frequent and never fatal. A household was injured this
    // month when its count of injured rose, or its counter was set to injury_months_lost.
    const int months_lost = GENERATE(0, 1, 2, 6);
    INFO("safety.injury_months_lost = " << months_lost);
    const int allowed = std::max(0, months_lost - 1);
    std::vector<int> last_injury(400, -1000);
    Eigen::ArrayXi injured_before = Eigen::ArrayXi::Zero(400);
    int injuries = 0, overdue = 0;
    std::string first;
    run_checking({"safety.injury_rate_informal_per_100py=100", "safety.injury_rate_licensed_per_100py=100",
                  "safety.fatal_share=0", "safety.injury_months_lost=" + std::to_string(months_lost)},
                 [&](const World& w) {
                     const Households& h = w.households;
                     const int m = w.month - 1;  // the month just run
                     REQUIRE(h.size() == 400);
                     for (Eigen::Index i = 0; i < h.size(); ++i) {
                         const auto k = static_cast<std::size_t>(i);
                         if (h.injured_workers[i] > injured_before[i] ||
                             (months_lost > 0 && h.injured_workers[i] > 0 && h.injury_months_left[i] == months_lost))
                             last_injury[k] = m;
                         if (h.injured_workers[i] > 0 && m - last_injury[k] > allowed && overdue++ == 0)
                             first = "household " + std::to_string(i) + " still has " +
                                     std::to_string(h.injured_workers[i]) + " injured in month " + std::to_string(m) +
                                     ", last injured in month " + std::to_string(last_injury[k]);
                     }
                     injured_before = h.injured_workers;
                     injuries += static_cast<int>(w.tally.injuries_informal + w.tally.injuries_licensed);
                     if (months_lost == 0) CHECK((h.injured_workers == 0).all());
                 });
    INFO(overdue << " household-months injured beyond " << allowed << " months after the last injury; first: "
                 << first);
    CHECK(injuries > 0);
    CHECK(overdue == 0);
}
