// Whole runs (model/simulation.hpp, experiment/replicates.hpp): reproducibility, accounting
// identities and common random numbers.

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "core/draws.hpp"
#include "experiment/replicates.hpp"
#include "model/simulation.hpp"

using asmsim::PreparedScenario;
using asmsim::Results;
using asmsim::Simulation;
using asmsim::StreamKey;

namespace {

constexpr std::uint64_t seed = 777;

using Columns = std::map<std::string, std::vector<double>>;

// Every household column, as doubles, by name.
Columns columns_of(const asmsim::Households& h) {
    Columns out;
    h.for_each_column([&](const char* name, const char*, const char*, const auto& column) {
        std::vector<double>& values = out[name];
        for (Eigen::Index i = 0; i < column.size(); ++i)
            values.push_back(static_cast<double>(column[i]));
    });
    return out;
}

std::vector<std::string> small(std::vector<std::string> more = {}) {
    std::vector<std::string> overrides = {"simulation.households=300", "simulation.months=36"};
    overrides.insert(overrides.end(), more.begin(), more.end());
    return overrides;
}

PreparedScenario prepare(const std::vector<std::string>& overrides) {
    return asmsim::prepare_scenario("", overrides);
}

Simulation make(const PreparedScenario& p, std::uint64_t replicate) {
    return Simulation(p.scenario.params, p.inputs,
                      StreamKey{seed, p.scenario.params->text("random.stream_group"), replicate});
}

// Values of one output over the months.
std::vector<double> series(const Results& results, const std::string& name) {
    const int j = results.find(name);
    REQUIRE(j >= 0);
    std::vector<double> out;
    for (int m = 0; m < results.months(); ++m) out.push_back(results.get(j, m));
    return out;
}

bool same_values(const Results& a, const Results& b) {
    return a.values().rows() == b.values().rows() && a.values().cols() == b.values().cols() &&
           (a.values() == b.values()).all();
}

// Runs every replicate and keeps each one's results and final households.
struct ReplicateRecord {
    std::vector<Results> results;
    std::vector<Columns> households;
};

ReplicateRecord run_all(const PreparedScenario& p, int replicates, int threads) {
    ReplicateRecord record;
    std::vector<std::unique_ptr<Results>> results(static_cast<std::size_t>(replicates));
    record.households.resize(static_cast<std::size_t>(replicates));
    std::mutex mutex;
    asmsim::ReplicateOptions options;
    options.seed = seed;
    options.replicates = replicates;
    options.threads = threads;
    asmsim::run_replicates(p, options, [&](int r, const Simulation& s) {
        std::lock_guard<std::mutex> lock(mutex);
        results[static_cast<std::size_t>(r)] = std::make_unique<Results>(s.results());
        record.households[static_cast<std::size_t>(r)] = columns_of(s.world().households);
    });
    for (auto& r : results) {
        REQUIRE(r != nullptr);
        record.results.push_back(*r);
    }
    return record;
}

}  // namespace

TEST_CASE("a run is a function of its stream key", "[simulation]") {
    const PreparedScenario p = prepare(small());
    Simulation a = make(p, 0), b = make(p, 0), c = make(p, 1);
    a.run();
    b.run();
    c.run();
    REQUIRE(a.results().months() == 36);
    REQUIRE(a.world().month == 36);
    REQUIRE(a.world().households.size() == 300);
    // Every month of every output is filled (NaN marks a month no module filled).
    CHECK_FALSE(a.results().values().isNaN().any());

    CHECK(same_values(a.results(), b.results()));
    CHECK(columns_of(a.world().households) == columns_of(b.world().households));

    CHECK_FALSE(same_values(a.results(), c.results()));
    const Columns ca = columns_of(a.world().households), cc = columns_of(c.world().households);
    CHECK(ca.at("skill") != cc.at("skill"));
    CHECK(ca.at("savings_usd") != cc.at("savings_usd"));
    CHECK(series(a.results(), "price_gold_usd_per_g") !=
          series(c.results(), "price_gold_usd_per_g"));
}

TEST_CASE("replicates do not depend on the number of threads", "[simulation]") {
    const PreparedScenario p = prepare(small());
    const ReplicateRecord one = run_all(p, 4, 1);
    const ReplicateRecord two = run_all(p, 4, 2);
    REQUIRE(one.results.size() == 4);
    REQUIRE(two.results.size() == 4);
    for (int r = 0; r < 4; ++r) {
        INFO("replicate " << r);
        CHECK(same_values(one.results[r], two.results[r]));
        CHECK(one.households[r] == two.households[r]);
        // And replicate r is the run of stream key (seed, group, r).
        Simulation direct = make(p, static_cast<std::uint64_t>(r));
        direct.run();
        CHECK(same_values(direct.results(), one.results[r]));
    }
    CHECK_FALSE(same_values(one.results[0], one.results[1]));
}

TEST_CASE("money is conserved: savings change by the month's cash flows", "[simulation]") {
    // The full identity (world.hpp): d(savings) = income - consumption + borrowed - debt_service
    // - payments + vsla_net + livestock_net. tests/model/test_invariants.cpp checks it under more conditions.
    const PreparedScenario p = prepare(small());
    Simulation s = make(p, 0);
    double total_consumption = 0;
    while (s.world().month < s.months()) {
        const Eigen::ArrayXd before = s.world().households.savings_usd;
        s.step_month();
        const asmsim::Households& h = s.world().households;
        for (Eigen::Index i = 0; i < h.size(); ++i) {
            const double income =
                h.mining_income_usd[i] + h.farm_income_usd[i] + h.offfarm_income_usd[i];
            const double flows = income - h.consumption_usd[i] + h.borrowed_usd[i] -
                                 h.debt_service_usd[i] - h.payments_usd[i] + h.vsla_net_usd[i] +
                                 h.livestock_net_usd[i];
            const double change = h.savings_usd[i] - before[i];
            const double scale = std::max({1.0, std::abs(before[i]), std::abs(h.savings_usd[i]),
                                           income, h.consumption_usd[i], h.borrowed_usd[i],
                                           h.debt_service_usd[i], h.payments_usd[i],
                                           std::abs(h.vsla_net_usd[i]), std::abs(h.livestock_net_usd[i])});
            INFO("month " << s.world().month - 1 << ", household " << i);
            // Equal to 1e-9 relative to the amounts involved.
            REQUIRE(std::abs(change - flows) <= 1e-9 * scale);
            REQUIRE(h.consumption_usd[i] >= 0.0);
            total_consumption += h.consumption_usd[i];
        }
    }
    CHECK(total_consumption > 0.0);
}

TEST_CASE("population outputs count the households and their miners", "[simulation]") {
    const PreparedScenario p = prepare(small());
    Simulation s = make(p, 2);
    const Results& r = s.results();
    while (s.world().month < s.months()) {
        const int m = s.world().month;
        s.step_month();
        const asmsim::Households& h = s.world().households;
        const double effort = p.scenario.params->real("labour.female_mining_effort");
        double miners = 0, women_miners = 0, mining_households = 0, mining_income = 0, persons = 0;
        std::array<double, asmsim::n_commodities> production{};
        for (Eigen::Index i = 0; i < h.size(); ++i) {
            persons += h.size_persons[i];
            // A household that stopped mining may still sell what it held back (traders, 7.20).
            mining_income += h.mining_income_usd[i];
            if (!h.is_mining[i]) continue;
            // Women count with their share of time in mining (monthly_outputs.cpp).
            miners += h.male_workers[i] + effort * h.female_workers[i];
            women_miners += effort * h.female_workers[i];
            mining_households += 1;
            production[s.world().sites.mineral[h.site[i]]] += h.output_g[i];
        }
        INFO("month " << m);
        CHECK(r.get(r.find("n_households"), m) == 300.0);
        CHECK(r.get(r.find("n_persons"), m) == persons);
        CHECK(r.get(r.find("n_miners"), m) == Approx(miners).epsilon(1e-12));
        CHECK(r.get(r.find("n_women_miners"), m) == Approx(women_miners).epsilon(1e-12));
        CHECK(r.get(r.find("n_mining_households"), m) == mining_households);
        CHECK(r.get(r.find("mining_income_usd"), m) == Approx(mining_income).epsilon(1e-12));
        CHECK(r.get(r.find("production_gold_g"), m) == Approx(production[0]).epsilon(1e-12));
        CHECK(r.get(r.find("production_cobalt_g"), m) == Approx(production[1]).epsilon(1e-12));
        CHECK(r.get(r.find("production_tin_g"), m) == Approx(production[2]).epsilon(1e-12));
    }
    // With the defaults, some but not all households mine, and some miners are women.
    for (int m : {0, 35}) {
        INFO("month " << m);
        const double mining = r.get(r.find("n_mining_households"), m);
        CHECK(mining > 0.0);
        CHECK(mining < 300.0);
        CHECK(r.get(r.find("n_women_miners"), m) > 0.0);
    }
    // Every household starts with at least one worker and one member; deaths only remove
    // members, never below zero, and workers never outnumber members.
    const asmsim::Households& h = s.world().households;
    CHECK((h.male_workers >= 0).all());
    CHECK((h.female_workers >= 0).all());
    CHECK((h.male_workers + h.female_workers <= h.size_persons).all());
    CHECK((h.size_persons >= 0).all());
}

TEST_CASE("without miners there is no mineral production or mining income", "[simulation]") {
    // Off-farm work pays so much that mining never beats it: nobody mines at the start or later.
    const PreparedScenario p = prepare(small({"labour.offfarm_usd_per_worker_month=100000"}));
    Simulation s = make(p, 0);
    s.run();
    const Results& r = s.results();
    for (const char* name : {"n_mining_households", "n_miners", "production_gold_g",
                             "production_cobalt_g", "production_tin_g", "mining_income_usd"}) {
        INFO("output " << name);
        const auto values = series(r, name);
        CHECK(std::all_of(values.begin(), values.end(), [](double x) { return x == 0.0; }));
    }
    CHECK((s.world().households.mining_income_usd == 0.0).all());
    CHECK((s.world().households.output_g == 0.0).all());
    CHECK((s.world().households.is_mining == 0).all());
    // Income still arrives from farms and off-farm work: every household has one or the other
    // (workers farm their land first and sell the rest of their labour).
    const asmsim::Households& h = s.world().households;
    CHECK((h.farm_income_usd + h.offfarm_income_usd > 0.0).all());
    CHECK((h.offfarm_income_usd > 0.0).any());
    const auto income = series(r, "mean_income_usd_per_capita");
    CHECK(std::all_of(income.begin(), income.end(), [](double x) { return x > 0.0; }));

    SECTION("and with everyone mining, nobody earns off-farm income") {
        // Only gold sites, at a price at which mining beats any other work.
        const PreparedScenario all =
            prepare(small({"sites.share_gold=1", "sites.share_cobalt=0", "sites.share_tin=0",
                           "prices.gold.initial_usd_per_g=100000", "prices.gold.volatility_annual=0"}));
        Simulation t = make(all, 0);
        t.run();
        CHECK((t.world().households.is_mining == 1).all());
        CHECK((t.world().households.offfarm_income_usd == 0.0).all());
        CHECK(t.results().get(t.results().find("n_mining_households"), 35) == 300.0);
    }
}

TEST_CASE("scenarios in one stream group share prices and production", "[simulation]") {
    // A parameter read only by the outputs (the poverty line) changes nothing else: prices,
    // traits, production and every household column are identical under common random numbers.
    const PreparedScenario a = prepare(small());
    const PreparedScenario b = prepare(small({"welfare.poverty_line_usd_per_person_day=1.0"}));
    const ReplicateRecord ra = run_all(a, 1, 1), rb = run_all(b, 1, 1);
    const Results& x = ra.results[0];
    const Results& y = rb.results[0];
    for (const char* name :
         {"price_gold_usd_per_g", "price_cobalt_usd_per_g", "price_tin_usd_per_g",
          "production_gold_g", "production_cobalt_g", "production_tin_g", "n_miners",
          "mining_income_usd", "mean_income_usd_per_capita"}) {
        INFO("output " << name);
        CHECK(series(x, name) == series(y, name));
    }
    CHECK(ra.households[0] == rb.households[0]);
    // The change itself shows: fewer people are poor under a lower poverty line.
    CHECK(series(x, "poverty_headcount") != series(y, "poverty_headcount"));
    CHECK(series(y, "poverty_headcount")[35] < series(x, "poverty_headcount")[35]);

    SECTION("a parameter that changes behaviour keeps prices and traits") {
        // Buyers taking a wider margin changes who mines, but not the draws of prices or traits.
        const PreparedScenario c = prepare(small({"traders.competition_margin=0.5"}));
        const ReplicateRecord rc = run_all(c, 1, 1);
        const Results& z = rc.results[0];
        for (const char* name : {"price_gold_usd_per_g", "price_cobalt_usd_per_g", "price_tin_usd_per_g"}) {
            INFO("output " << name);
            CHECK(series(z, name) == series(x, name));
        }
        for (const char* name : {"skill", "head_female", "mfi_reach", "credit_rate_tolerance"}) {
            INFO("column " << name);
            CHECK(rc.households[0].at(name) == ra.households[0].at(name));
        }
        CHECK(series(z, "production_gold_g") != series(x, "production_gold_g"));
    }

    SECTION("a scenario in its own stream group draws other prices") {
        const PreparedScenario c = prepare(small({"random.stream_group=alone"}));
        const ReplicateRecord rc = run_all(c, 1, 1);
        const Results& z = rc.results[0];
        CHECK(series(z, "price_gold_usd_per_g")[0] == series(x, "price_gold_usd_per_g")[0]);
        CHECK(series(z, "price_gold_usd_per_g") != series(x, "price_gold_usd_per_g"));
        CHECK(series(z, "price_tin_usd_per_g") != series(x, "price_tin_usd_per_g"));
        CHECK(rc.households[0].at("skill") != ra.households[0].at("skill"));
    }
}

TEST_CASE("the month plan runs the processes in their documented order", "[simulation]") {
    const PreparedScenario p = prepare(small());
    const Simulation s = make(p, 0);
    std::vector<std::string> names;
    for (const auto& module : s.plan()) names.emplace_back(module->name());
    // model/month_plan.cpp: programmes set their levers before decisions, decisions before
    // production, selling before finance, outputs last.
    CHECK(names == std::vector<std::string>{"month_start", "prices", "expectations", "interventions", "labour",
                                            "roles", "formalisation", "migration", "technology", "production",
                                            "safety", "traders", "selling", "site_pay", "environment", "deposits",
                                            "other_income", "finance",
                                            "consumption", "monthly_outputs"});
    const std::string text = asmsim::describe_month_plan(s.plan());
    CHECK_THAT(text, Catch::Matchers::Contains("1. month_start: "));
    CHECK_THAT(text, Catch::Matchers::Contains("2. prices: "));
    CHECK_THAT(text, Catch::Matchers::Contains("20. monthly_outputs: "));
    // Each declared output has units and a description.
    for (const auto& spec : s.results().specs()) {
        INFO("output " << spec.name);
        CHECK_FALSE(spec.units.empty());
        CHECK_FALSE(spec.long_name.empty());
    }
}

TEST_CASE("results do not depend on how many households a block holds", "[simulation][blocks]") {
    // Passes over households run block by block (model/module.hpp): any block size must give
    // what one block of every household gives, for the baseline and with every programme acting under budget caps
    // that bind (so that the order of spending matters), with an odd number of households.
    const std::vector<std::string> programmes = {
        "licence_fee_subsidy", "one_stop_licensing", "royalty_change", "enforcement",
        "buying_programme", "credit_guarantee", "equipment_leasing", "savings_groups",
        "technical_assistance", "mercury_free_support", "land_restoration", "alternative_livelihoods"};
    std::vector<std::string> all_on = small({"simulation.households=301"});
    for (const std::string& name : programmes) {
        all_on.push_back("interventions." + name + ".coverage=0.5");
        all_on.push_back("interventions." + name + ".start_month=3");
        all_on.push_back("interventions." + name + ".budget_cap_usd=3000");
    }
    auto run = [](const PreparedScenario& p, Eigen::Index rows_per_block) {
        Simulation s(p.scenario.params, p.inputs, StreamKey{seed, p.scenario.params->text("random.stream_group"), 0},
                     rows_per_block);
        s.run();
        return s;
    };
    for (const bool with_programmes : {false, true}) {
        const std::vector<std::string> overrides = with_programmes ? all_on : small({"simulation.households=301"});
        const PreparedScenario p = prepare(overrides);
        const Simulation whole = run(p, Eigen::Index{1} << 20);
        for (const Eigen::Index rows_per_block : {1, 3, 6, 64}) {
            INFO("rows per block " << rows_per_block << (with_programmes ? ", with programmes" : ""));
            const Simulation blocked = run(p, rows_per_block);
            CHECK(same_values(whole.results(), blocked.results()));
            CHECK(columns_of(whole.world().households) == columns_of(blocked.world().households));
        }
        if (with_programmes) {
            // Some programmes spent (nearly) their whole budget: the caps bound.
            int capped = 0;
            for (const std::string& name : programmes) {
                const std::vector<double> cost = series(whole.results(), "programme_cost_" + name + "_usd");
                double total = 0.0;
                for (double c : cost) total += c;
                capped += total > 0.95 * 3000 ? 1 : 0;
            }
            CHECK(capped >= 3);
        }
    }
    const PreparedScenario p = prepare(small());
    CHECK_THROWS_AS(run(p, 0), std::invalid_argument);
}

TEST_CASE("a household's start and random draws do not depend on how many households there are", "[simulation][random]") {
    // Households 0..299 of a population of 300 and of 350: each draws from its own positions of each
    // stream (core/random_streams.hpp), so common random numbers hold per household when the
    // population changes. A sequential stream per module (the generator before Philox) failed this:
    // its month-1 numbers of household 0 came after the month-0 numbers of all the others.
    constexpr Eigen::Index n = 300, more = 350;
    const PreparedScenario p = prepare(small({"simulation.households=300"}));
    const PreparedScenario q = prepare(small({"simulation.households=350"}));
    const Simulation a = make(p, 0), b = make(q, 0);
    // Characteristics drawn from the household's own numbers at initialisation (who mines at the
    // start, at which site, and the network also depend on the others).
    const Columns start_a = columns_of(a.world().households), start_b = columns_of(b.world().households);
    for (const char* name : {"size_persons", "female_workers", "male_workers", "head_female", "skill",
                             "farm_land_ha", "semi_mechanised", "processing", "mfi_reach", "vsla_member",
                             "credit_rate_tolerance"}) {
        INFO(name);
        const std::vector<double>& x = start_a.at(name);
        const std::vector<double>& y = start_b.at(name);
        REQUIRE(x.size() == static_cast<std::size_t>(n));
        REQUIRE(y.size() == static_cast<std::size_t>(more));
        CHECK(std::equal(x.begin(), x.end(), y.begin()));
    }
    // The draws of modules in the first months, as the modules make them (a block at a time, the
    // stream of the run's key and the module's name): the same for the first 300 households.
    const StreamKey key{seed, p.scenario.params->text("random.stream_group"), 0};
    auto month_draws = [&](const char* module, int month, Eigen::Index households, bool lognormal) {
        asmsim::RandomEngine rng = asmsim::make_stream(key, module);
        std::vector<double> out(static_cast<std::size_t>(2 * households));
        for (Eigen::Index begin = 0; begin < households; begin += 64) {
            const Eigen::Index rows = std::min<Eigen::Index>(64, households - begin);
            if (lognormal) asmsim::draw_mean_one_lognormals(rng, month, begin, 0.5, out.data() + begin, rows);
            else asmsim::draw_household_uniforms(rng, month, begin, rows, 2, out.data() + 2 * begin);
        }
        out.resize(static_cast<std::size_t>(lognormal ? n : 2 * n));
        return out;
    };
    for (int month = 0; month < 3; ++month) {
        INFO("month " << month);
        CHECK(month_draws("production", month, n, true) == month_draws("production", month, more, true));
        CHECK(month_draws("labour", month, n, false) == month_draws("labour", month, more, false));
        CHECK(month_draws("labour", month, n, false) != month_draws("labour", month + 1, n, false));
    }
}
