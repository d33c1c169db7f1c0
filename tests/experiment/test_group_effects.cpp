// Household panels and subgroup effects (model/household_panel.hpp, experiment/group_effects.hpp;
// issue 16, points 1 and 2).

#include <catch2/catch.hpp>
#include <cmath>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <vector>

#include "core/input_error.hpp"
#include "experiment/group_effects.hpp"
#include "experiment/replicates.hpp"
#include "experiment/statistics.hpp"
#include "model/household_panel.hpp"
#include "model/simulation.hpp"

using namespace asmsim;

namespace {

std::vector<std::string> small(std::vector<std::string> more = {}) {
    std::vector<std::string> overrides = {"simulation.households=240", "simulation.months=30", "simulation.sites=6"};
    overrides.insert(overrides.end(), more.begin(), more.end());
    return overrides;
}

// Each replicate's recorder after a full run, by replicate.
std::map<int, HouseholdRecorder> run_all(const PreparedScenario& p, int replicates, int threads, bool statistics) {
    ReplicateOptions options;
    options.seed = 42;
    options.replicates = replicates;
    options.threads = threads;
    options.household_statistics = statistics;
    std::map<int, HouseholdRecorder> out;
    std::mutex mutex;
    run_replicates(p, options, [&](int r, const Simulation& s) {
        std::lock_guard<std::mutex> lock(mutex);
        out[r] = s.households_record();
    });
    return out;
}

// Weighted by group size, each grouping's effects add up to the effect on all households.
void check_groups_add_up(const GroupTable& table, std::size_t scenario) {
    const GroupScheme& scheme = table.scheme;
    const GroupEffects& e = table.by_scenario[scenario];
    for (const char* grouping : groupings) {
        for (int o = 0; o < n_panel_outcomes; ++o) {
            double weighted = 0.0, total = 0.0;
            for (std::size_t g = 0; g < scheme.size(); ++g) {
                if (scheme.grouping[g] != grouping || table.households[g] == 0.0) continue;
                weighted += table.households[g] * e.effect[g][static_cast<std::size_t>(o)].mean;
                total += table.households[g];
            }
            INFO("grouping " << grouping << ", outcome " << panel_outcome_info[static_cast<std::size_t>(o)].name);
            CHECK(total == Approx(table.households[0]));
            CHECK(weighted / total == Approx(e.effect[0][static_cast<std::size_t>(o)].mean).margin(1e-12));
        }
    }
}

GroupTable table_of(const std::vector<std::map<int, HouseholdRecorder>>& scenarios, int sites) {
    GroupTable t;
    t.scheme = group_scheme(sites);
    t.households.assign(t.scheme.size(), 0.0);
    const auto& reference = scenarios.front();
    for (const auto& runs : scenarios) {
        std::vector<GroupSample> samples;
        for (const auto& [r, record] : runs)
            samples.push_back(group_sample(t.scheme, reference.at(r).baseline(), record.last_year(), reference.at(r).last_year()));
        if (t.by_scenario.empty())
            for (const GroupSample& s : samples)
                for (std::size_t g = 0; g < t.scheme.size(); ++g) t.households[g] += s.households[g] / samples.size();
        t.by_scenario.push_back(group_effects(samples));
    }
    return t;
}

}  // namespace

TEST_CASE("panel months: none, all, a list; a month past the run is an error", "[panel]") {
    CHECK(panel_months("none", 12).empty());
    CHECK(panel_months("all", 3) == std::vector<std::int64_t>{0, 1, 2});
    CHECK(panel_months("11, 0, 5, 5", 12) == std::vector<std::int64_t>{0, 5, 11});
    CHECK_THROWS_AS(panel_months("0, 12", 12), InputError);
    // The schema checks the text's form.
    CHECK_THROWS_AS(prepare_scenario("", {"outputs.panel_months=\"some\""}), InputError);
    CHECK_THROWS_AS(prepare_scenario("", {"outputs.panel_months=\"\""}), InputError);
}

TEST_CASE("panel sample: distinct sorted rows, all when 0, the same for the same stream", "[panel]") {
    RandomEngine a = make_stream(StreamKey{1, "common", 0}, "household_panel");
    RandomEngine b = make_stream(StreamKey{1, "common", 0}, "household_panel");
    const auto rows = sample_rows(1000, 50, a);
    REQUIRE(rows.size() == 50);
    CHECK(std::is_sorted(rows.begin(), rows.end()));
    CHECK(std::adjacent_find(rows.begin(), rows.end()) == rows.end());
    CHECK(rows.back() < 1000);
    CHECK(rows != sample_rows(1000, 50, a));  // a different draw from the same stream later
    CHECK(rows == sample_rows(1000, 50, b));
    CHECK(sample_rows(7, 0, b).size() == 7);
}

TEST_CASE("pooled mean: with equal counts it is the t interval of the replicate means", "[statistics]") {
    const std::vector<double> sums = {10.0, 14.0, 9.0, 13.0}, counts = {5.0, 5.0, 5.0, 5.0};
    const MeanInterval pooled = pooled_mean_ci95(sums, counts);
    const MeanInterval plain = mean_ci95({2.0, 2.8, 1.8, 2.6});
    CHECK(pooled.mean == Approx(plain.mean));
    CHECK(pooled.half_width_95 == Approx(plain.half_width_95));
    CHECK(std::isnan(pooled_mean_ci95({0.0, 0.0}, {0.0, 0.0}).mean));
    // Varying counts: the pooled mean weights replicates by their units.
    CHECK(pooled_mean_ci95({10.0, 1.0}, {10.0, 1.0}).mean == Approx(1.0));
    CHECK(pooled_mean_ci95({10.0, 4.0}, {10.0, 1.0}).mean == Approx(14.0 / 11.0));
}

TEST_CASE("quantiles interpolate linearly between order statistics (numpy's default)", "[statistics]") {
    const std::vector<double> x = {1.0, 2.0, 3.0, 4.0};
    CHECK(quantile_sorted(x, 0.1) == Approx(1.3));  // numpy.quantile([1, 2, 3, 4], 0.1)
    CHECK(quantile_sorted(x, 0.5) == Approx(2.5));
    CHECK(quantile_sorted(x, 0.9) == Approx(3.7));
    CHECK(quantile_sorted({5.0}, 0.3) == 5.0);
}

TEST_CASE("panel: identical with 1 and 2 threads, and recording changes no result", "[panel]") {
    const PreparedScenario p = prepare_scenario("", small({"outputs.panel_months=\"0, 7, 29\"", "outputs.panel_households=50"}));
    const auto one = run_all(p, 3, 1, true);
    const auto two = run_all(p, 3, 2, true);
    REQUIRE(one.size() == 3);
    for (const auto& [r, record] : one) {
        const HouseholdRecorder& other = two.at(r);
        REQUIRE(record.panel_rows().size() == 50);
        CHECK(record.panel_rows() == other.panel_rows());
        CHECK(record.panel_months() == std::vector<std::int64_t>{0, 7, 29});
        for (int o = 0; o < n_panel_outcomes; ++o) CHECK((record.panel(o) == other.panel(o)).all());
        CHECK((record.last_year() == other.last_year()).all());
        CHECK((record.baseline().wealth_usd == other.baseline().wealth_usd).all());
        CHECK((record.baseline().role == other.baseline().role).all());
    }
    // The same rows in every replicate (household h is the same household everywhere).
    CHECK(one.at(0).panel_rows() == one.at(2).panel_rows());
    // A run with a panel gives the results of a run without one.
    const PreparedScenario none = prepare_scenario("", small());
    Simulation with(p.scenario.params, p.inputs, StreamKey{42, "common", 1});
    Simulation without(none.scenario.params, none.inputs, StreamKey{42, "common", 1});
    with.run();
    without.run();
    CHECK((with.results().values() == without.results().values()).all());
    CHECK_FALSE(without.households_record().has_panel());
    // The recorded values are the world's: the last panel month is the last month of the run.
    const Households& h = with.world().households;
    const HouseholdRecorder& rec = with.households_record();
    for (std::size_t k = 0; k < rec.panel_rows().size(); ++k) {
        const auto i = static_cast<Eigen::Index>(rec.panel_rows()[k]);
        CHECK(rec.panel(panel_savings)(2, static_cast<Eigen::Index>(k)) == h.savings_usd[i]);
        CHECK(rec.panel(panel_debt)(2, static_cast<Eigen::Index>(k)) == Approx(h.total_debt_usd(i)));
    }
}

TEST_CASE("baseline: quintiles are equal fifths ranked by wealth; roles come from month 0", "[panel]") {
    const PreparedScenario p = prepare_scenario("", small());
    Simulation s(p.scenario.params, p.inputs, StreamKey{42, "common", 0});
    CHECK(s.households_record().baseline().size() == 0);  // not held unless asked for
    s.keep_household_statistics();
    s.step_month();
    CHECK_THROWS(s.keep_household_statistics());  // too late: the baseline would not be the baseline
    const HouseholdBaseline& b = s.households_record().baseline();
    std::vector<int> per(6, 0);
    for (Eigen::Index i = 0; i < b.size(); ++i) ++per[static_cast<std::size_t>(b.wealth_quintile[i])];
    CHECK(per == std::vector<int>{0, 48, 48, 48, 48, 48});
    for (Eigen::Index i = 0; i < b.size(); ++i)
        for (Eigen::Index j = 0; j < b.size(); ++j)
            if (b.wealth_quintile[i] < b.wealth_quintile[j]) REQUIRE(b.wealth_usd[i] <= b.wealth_usd[j]);
    int mining_with_role = 0;
    const Households& h = s.world().households;
    for (Eigen::Index i = 0; i < b.size(); ++i) {
        CHECK(b.role[i] == std::max(h.role_male[i], h.role_female[i]));
        mining_with_role += b.role[i] > 0;
    }
    CHECK(mining_with_role > 0);
}

TEST_CASE("subgroup effects weighted by group size add up to the effect on all households", "[groups]") {
    // The cash transfer against the baseline, 3 replicates: group sizes (roles, sites) vary by replicate.
    const int sites = 6;
    const PreparedScenario base = prepare_scenario("", small());
    const PreparedScenario cash = prepare_scenario(
        "", small({"interventions.cash_transfer.coverage=0.4", "interventions.cash_transfer.start_month=6"}));
    const GroupTable t = table_of({run_all(base, 3, 2, true), run_all(cash, 3, 2, true)}, sites);
    REQUIRE(t.scheme.size() == 1 + 5 + 6 + 2 + 3 + 6 + 3);
    // The transfer raises income on average; the reference against itself is 0 everywhere.
    CHECK(t.by_scenario[1].effect[0][panel_income].mean > 1.0);
    for (const auto& row : t.by_scenario[0].effect)
        for (const MeanInterval& m : row) CHECK((std::isnan(m.mean) || m.mean == 0.0));
    check_groups_add_up(t, 1);
    // Shares: some households gain income, and the shares are shares.
    const MeanInterval gain = t.by_scenario[1].share_higher[0][panel_income];
    CHECK(gain.mean > 0.2);
    CHECK(gain.mean + t.by_scenario[1].share_lower[0][panel_income].mean <= 1.0);
    // Quantile effects: the reference's deciles and the scenario's agree with their difference.
    const Difference& median = t.by_scenario[1].quantile_effect[4][0];
    CHECK(median.scenario_mean - median.reference_mean == Approx(median.difference));
}

TEST_CASE("paired household differences are exactly zero where nothing reaches", "[groups]") {
    // Before the programme starts (month 12), no household is reached and nothing can spill over:
    // every paired difference at panel months 0..11 is exactly 0, household by household. After it
    // starts, the recipients differ. (The cross-section: docs/outputs.md, tests/python/test_panels.py.)
    const std::vector<std::string> panel = {"outputs.panel_months=\"all\""};
    const PreparedScenario base = prepare_scenario("", small(panel));
    const PreparedScenario cash = prepare_scenario(
        "", small({"outputs.panel_months=\"all\"", "interventions.cash_transfer.coverage=0.4",
                   "interventions.cash_transfer.start_month=12"}));
    const auto a = run_all(base, 2, 2, false);
    const auto b = run_all(cash, 2, 2, false);
    for (const auto& [r, record] : a) {
        const HouseholdRecorder& other = b.at(r);
        for (int o = 0; o < n_panel_outcomes; ++o) {
            INFO("outcome " << panel_outcome_info[static_cast<std::size_t>(o)].name);
            CHECK((record.panel(o).topRows(12) == other.panel(o).topRows(12)).all());
        }
        CHECK((record.panel(panel_income).row(12) != other.panel(panel_income).row(12)).any());
    }
}

TEST_CASE("paired household differences are exactly zero for households no programme reaches and no spillover touches",
          "[groups]") {
    // Which households qualify: in a world where nobody mines (other work pays 100,000 USD a month
    // and the choice is nearly deterministic, so mining never beats it) and nobody is in a savings group, one household's cash reaches no other:
    // the channels between households are the sites (congestion, buyers, roles, migration), the
    // licence queue and the savings groups' pools. There, the cash transfer touches exactly the
    // households it pays: the others must be identical to the last bit, every month and outcome.
    const std::vector<std::string> closed = {"outputs.panel_months=\"all\"", "labour.offfarm_usd_per_worker_month=100000",
                                             "labour.choice_noise_usd=0.01",
                                             "households.vsla_share_female_head=0", "households.vsla_share_male_head=0"};
    std::vector<std::string> with_cash = closed;
    for (const char* s : {"interventions.cash_transfer.coverage=0.3", "interventions.cash_transfer.start_month=3"})
        with_cash.push_back(s);
    const PreparedScenario base = prepare_scenario("", small(closed));
    const PreparedScenario cash = prepare_scenario("", small(with_cash));
    for (std::uint64_t r : {0u, 1u}) {
        Simulation a(base.scenario.params, base.inputs, StreamKey{42, "common", r});
        Simulation b(cash.scenario.params, cash.inputs, StreamKey{42, "common", r});
        const Eigen::Index n = a.world().households.size();
        Eigen::ArrayXi paid = Eigen::ArrayXi::Zero(n);
        while (a.world().month < a.months()) {
            a.step_month();
            b.step_month();
            REQUIRE(a.world().households.is_mining.cast<int>().sum() == 0);
            const auto& lever = b.world().policy.cash_transfer;
            if (lever.on)
                for (Eigen::Index i = 0; i < n; ++i) paid[i] |= lever.paid[i];
        }
        const HouseholdRecorder& x = a.households_record();
        const HouseholdRecorder& y = b.households_record();
        REQUIRE(x.panel_rows().size() == static_cast<std::size_t>(n));
        int untouched = 0, reached_differ = 0;
        for (Eigen::Index i = 0; i < n; ++i) {
            bool same = true;
            for (int o = 0; o < n_panel_outcomes; ++o) same = same && (x.panel(o).col(i) == y.panel(o).col(i)).all();
            if (!paid[i]) {
                INFO("household " << i << " is not paid, yet differs");
                CHECK(same);
                ++untouched;
            } else {
                reached_differ += (x.panel(panel_income).col(i) != y.panel(panel_income).col(i)).any();
            }
        }
        CHECK(untouched > n / 2);                       // about 70% are not paid
        CHECK(reached_differ == n - untouched);         // and every paid one is changed
    }
}
