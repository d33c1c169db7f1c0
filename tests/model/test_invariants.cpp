// Accounting invariants of the livelihood model, checked after every month of small runs.
// Each case steps a Simulation with step_month(), keeps a copy of the world from before the
// month and compares it with the world after, using the month's flow columns (world.hpp: the
// cash identity), the month's tally (World::tally) and the Results table.
//
// Every case runs three configurations of 400 households over 60 months: the defaults, the
// defaults with a gold price crash (-50% from month 12 for two years), which pushes households
// into arrears, trader debt and default, and rising local prices; some cases add their own.
// Tolerances: money to a relative 1e-9 of the amounts involved with an absolute floor of 1e-6 USD;
// grams, kilograms and hectares to a relative 1e-9 (floors 1e-9 g, 1e-12 kg or ha); counts of
// households, people, loans and events exactly.

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "../support/model_support.hpp"

using asmsim::Households;
using asmsim::PreparedScenario;
using asmsim::Results;
using asmsim::Simulation;
using asmsim::World;
using asmsim::testing::close;
using asmsim::testing::joined;
using asmsim::testing::output_at;

namespace {

constexpr std::uint64_t seed = 4242;

struct Config {
    std::string name;
    std::vector<std::string> overrides;
};

const std::vector<Config>& configurations() {
    static const std::vector<Config> all = {
        {"defaults", {}},
        {"gold price crash",
         {"prices.gold.shock_start_month=12", "prices.gold.shock_size=-0.5",
          "prices.gold.shock_duration_months=24", "prices.gold.shock_recovery_months=6"}},
        // Local prices and wages start at half the defaults and grow 20% a year, so that every
        // amount scaled by the price level (wages, fees, fines, subsistence, costs) moves.
        {"rising local prices", {"economy.price_level_start=0.5", "economy.nominal_growth_annual=0.2"}},
        // Traders short of cash: miners hold output back, tied miners sell on credit.
        {"trader credit crunch", {"traders.shock_start_month=12", "traders.shock_duration_months=24",
                                  "traders.shock_credit_cut=1"}},
    };
    return all;
}

// Savings groups are the only lender: nobody is served by microfinance, nobody holds or can get
// a licence (so no bank), traders do not pre-finance, and every household is a member.
const std::vector<std::string> savings_group_only = {
    "households.mfi_reach_share=0",
    "households.licensed_share=0",
    "formalisation.processing_per_1000_households_month=0",
    "finance.trader_credit_months=0",
    "households.vsla_share_female_head=1",
    "households.vsla_share_male_head=1"};

// What a check sees after each month: the world before it, the simulation after it.
struct Month {
    const World& before;
    const Simulation& s;
    int m;
    const asmsim::ParameterSet& params;
    const World& after() const { return s.world(); }
    const Households& h() const { return s.world().households; }
    const Households& b() const { return before.households; }
    const Results& results() const { return s.results(); }
};

// Runs 400 households for 60 months and calls check(Month) after each month. Returns the
// population at the start (before month 0).
template <class Check>
World every_month(const std::vector<std::string>& overrides, Check&& check) {
    const PreparedScenario p =
        asmsim::testing::prepare_overrides(joined({"simulation.households=400", "simulation.months=60"}, overrides));
    Simulation s = asmsim::testing::make_run(p, seed, 0);
    REQUIRE(s.months() == 60);
    const World start = s.world();
    while (s.world().month < s.months()) {
        const World before = s.world();
        s.step_month();
        check(Month{before, s, before.month, *p.scenario.params});
    }
    return start;
}

double total_debt(const Households& h) { return h.debt_usd.sum(); }

std::string flows_of(const World& before, const Households& h, Eigen::Index i) {
    std::ostringstream out;
    out.precision(17);
    out << "household " << i << ": savings " << before.households.savings_usd[i] << " -> " << h.savings_usd[i]
        << "; mining " << h.mining_income_usd[i] << ", farm " << h.farm_income_usd[i] << ", off-farm "
        << h.offfarm_income_usd[i] << ", consumption " << h.consumption_usd[i] << ", borrowed " << h.borrowed_usd[i]
        << ", debt service " << h.debt_service_usd[i] << ", payments " << h.payments_usd[i] << ", vsla net "
        << h.vsla_net_usd[i] << ", livestock net " << h.livestock_net_usd[i];
    return out.str();
}

}  // namespace

TEST_CASE("cash: each household's savings change by exactly the month's recorded flows",
          "[invariants][money]") {
    // world.hpp: d(savings) = mining + farm + off-farm income - consumption + borrowed
    //                         - debt service - payments + savings-group net + livestock net.
    for (const Config& config : configurations()) {
        INFO("configuration: " << config.name);
        double borrowed = 0, serviced = 0, paid = 0, vsla_paid_in = 0;
        every_month(config.overrides, [&](const Month& month) {
            const World& before = month.before;
            const int m = month.m;
            const Households& h = month.h();
            int broken = 0, negative_flow = 0;
            std::string first;
            for (Eigen::Index i = 0; i < h.size(); ++i) {
                const double flows = h.mining_income_usd[i] + h.farm_income_usd[i] + h.offfarm_income_usd[i] -
                                     h.consumption_usd[i] + h.borrowed_usd[i] - h.debt_service_usd[i] -
                                     h.payments_usd[i] + h.vsla_net_usd[i] + h.livestock_net_usd[i];
                const double scale = std::max({std::abs(before.households.savings_usd[i]), std::abs(h.savings_usd[i]),
                                               h.mining_income_usd[i], h.farm_income_usd[i], h.offfarm_income_usd[i],
                                               h.consumption_usd[i], h.borrowed_usd[i], h.debt_service_usd[i],
                                               h.payments_usd[i], std::abs(h.vsla_net_usd[i]),
                                               std::abs(h.livestock_net_usd[i])});
                if (!close(h.savings_usd[i] - before.households.savings_usd[i], flows, scale)) {
                    if (broken++ == 0) first = flows_of(before, h, i);
                }
                // Every flow but the savings-group net is a non-negative amount.
                if (h.mining_income_usd[i] < 0 || h.farm_income_usd[i] < 0 || h.offfarm_income_usd[i] < 0 ||
                    h.consumption_usd[i] < 0 || h.borrowed_usd[i] < 0 || h.debt_service_usd[i] < 0 ||
                    h.payments_usd[i] < 0) {
                    if (negative_flow++ == 0 && first.empty()) first = flows_of(before, h, i);
                }
                borrowed += h.borrowed_usd[i];
                serviced += h.debt_service_usd[i];
                paid += h.payments_usd[i];
                vsla_paid_in += std::max(0.0, -h.vsla_net_usd[i]);
            }
            INFO("month " << m << ", first offender: " << first);
            CHECK(broken == 0);
            CHECK(negative_flow == 0);
        });
        // The identity was exercised: every kind of flow occurred.
        CHECK(borrowed > 0.0);
        CHECK(serviced > 0.0);
        CHECK(paid > 0.0);
        CHECK(vsla_paid_in > 0.0);
    }
}

TEST_CASE("cash: no household ends a month with negative savings", "[invariants][money]") {
    // savings_usd is the cash held at the end of the month (world.hpp). Every payment is limited
    // by cash on hand (mercury too, since 96e1f05 "mercury is paid only out of cash (no negative
    // savings)"), and borrowing is what a household does when cash falls short, so cash never
    // ends a month below zero.
    std::vector<Config> all = configurations();
    // Costly equipment bought on microfinance with a large up-front fee: every household is
    // served by microfinance, microfinance is the only lender (no savings groups, licences or
    // trader credit), its loans can finance the equipment, the equipment pays back over ten
    // years, and households consider it every other month.
    all.push_back({"equipment on microfinance",
                   {"households.mfi_reach_share=1", "households.vsla_share_female_head=0",
                    "households.vsla_share_male_head=0", "households.licensed_share=0",
                    "formalisation.processing_per_1000_households_month=0", "finance.trader_credit_months=0",
                    "technology.semi_mechanised_cost_usd=5000", "finance.mfi_loan_max_usd=5000",
                    "finance.mfi_fee_share=0.2", "technology.payback_months=120",
                    "technology.adoption_share_monthly=0.5"}});
    for (const Config& config : all) {
        INFO("configuration: " << config.name);
        int negative = 0, months_with = 0;
        std::string first;
        every_month(config.overrides, [&](const Month& month) {
            const Households& h = month.h();
            const Households& b = month.b();
            int here = 0;
            for (Eigen::Index i = 0; i < h.size(); ++i) {
                if (h.savings_usd[i] >= -1e-9) continue;
                if (here++ == 0 && first.empty()) {
                    std::ostringstream out;
                    out << "month " << month.m << ", " << flows_of(month.before, h, i) << "; semi-mechanised "
                        << b.semi_mechanised[i] << " -> " << h.semi_mechanised[i] << ", debt " << b.debt_usd.row(i)
                        << " -> " << h.debt_usd.row(i);
                    first = out.str();
                }
            }
            negative += here;
            months_with += here > 0 ? 1 : 0;
        });
        INFO(negative << " household-months in " << months_with
                         << " months ended below zero; first: " << first);
        CHECK(negative == 0);
    }
}

TEST_CASE("livestock changes only by purchases and discounted sales", "[invariants][money]") {
    // docs/model.md 7.14: a purchase moves cash into livestock at value; a sale brings
    // (1 - discount) of the value sold into cash, the rest is lost. livestock_net_usd is the cash side.
    double bought = 0, sold = 0;
    every_month({}, [&](const Month& month) {
        const double keep = 1.0 - month.params.real("consumption.livestock_sale_discount");
        const Households& h = month.h();
        const Households& b = month.b();
        int broken = 0;
        for (Eigen::Index i = 0; i < h.size(); ++i) {
            const double net = h.livestock_net_usd[i];
            const double expected = net > 0.0 ? b.livestock_usd[i] - net / keep : b.livestock_usd[i] - net;
            if (!close(h.livestock_usd[i], std::max(0.0, expected), std::max(b.livestock_usd[i], std::abs(net) / keep),
                       1e-9, 1e-9) ||
                h.livestock_usd[i] < 0.0)
                ++broken;
            bought += std::max(0.0, -net);
            sold += std::max(0.0, net);
        }
        INFO("month " << month.m);
        CHECK(broken == 0);
    });
    CHECK(bought > 0.0);
    CHECK(sold > 0.0);
}

TEST_CASE("site pay: each site's households receive exactly what the site's sales brought in",
          "[invariants][money][roles]") {
    // Site pay pools the value selling credited (team_value_usd) and splits it by role: per site,
    // the month's mining income equals the pooled value; the sponsors' and teams' costs are payments
    // (MonthTally::site_costs_usd), and every mining worker has a role.
    for (const Config& config : configurations()) {
        INFO("configuration: " << config.name);
        double pooled = 0.0, costs = 0.0;
        every_month(config.overrides, [&](const Month& month) {
            const Households& h = month.h();
            const auto n_sites = month.after().sites.size();
            std::vector<double> value(static_cast<std::size_t>(n_sites), 0.0), income(value), scale(value);
            int without_role = 0;
            for (Eigen::Index i = 0; i < h.size(); ++i) {
                const auto s = static_cast<std::size_t>(h.site[i]);
                value[s] += h.team_value_usd[i];
                income[s] += h.mining_income_usd[i];
                scale[s] = std::max({scale[s], h.team_value_usd[i], h.mining_income_usd[i]});
                if (h.is_mining[i] && ((h.male_workers[i] > 0 && h.role_male[i] == asmsim::role_none) ||
                                       (h.female_workers[i] > 0 && h.role_female[i] == asmsim::role_none)))
                    ++without_role;
                pooled += h.team_value_usd[i];
            }
            int broken = 0;
            for (std::size_t s = 0; s < value.size(); ++s)
                broken += !close(income[s], value[s], std::max(scale[s], value[s]));
            costs += month.after().tally.site_costs_usd;
            INFO("month " << month.m);
            CHECK(broken == 0);
            CHECK(without_role == 0);
        });
        CHECK(pooled > 0.0);
        CHECK(costs > 0.0);
    }
}

TEST_CASE("debt changes only by loans, interest, repayments and write-offs", "[invariants][debt]") {
    for (const Config& config : configurations()) {
        INFO("configuration: " << config.name);
        double written_off = 0, interest = 0;
        int defaults = 0;
        every_month(config.overrides, [&](const Month& month) {
            const int m = month.m;
            const Households& h = month.h();
            const Households& b = month.b();
            const asmsim::MonthTally& t = month.after().tally;
            const Results& results = month.results();
            INFO("month " << m);

            // Aggregate identity: total debt after = before + borrowed + interest - paid - written off.
            const double borrowed = h.borrowed_usd.sum(), paid = h.debt_service_usd.sum();
            const double expected = total_debt(b) + borrowed + t.interest_usd - paid - t.written_off_usd;
            const double scale = total_debt(b) + total_debt(h) + borrowed + t.interest_usd + paid + t.written_off_usd;
            INFO("debt before " << total_debt(b) << ", after " << total_debt(h) << ", borrowed " << borrowed
                                << ", interest " << t.interest_usd << ", paid " << paid << ", written off "
                                << t.written_off_usd);
            CHECK(close(total_debt(h), expected, scale));

            // Loans received are the loans the lenders record, and the outputs report the tally.
            double lent = 0;
            for (int l = 0; l < asmsim::n_lenders; ++l) {
                INFO("lender " << asmsim::lender_names[l]);
                lent += t.new_loans_usd[l];
                CHECK(t.new_loans_usd[l] >= 0.0);
                CHECK((t.new_loans[l] > 0) == (t.new_loans_usd[l] > 0.0));
                CHECK(output_at(results, std::string("new_loans_") + asmsim::lender_names[l], m) ==
                      t.new_loans[l]);
            }
            CHECK(close(lent, borrowed, borrowed));
            CHECK(output_at(results, "interest_usd", m) == t.interest_usd);
            CHECK(output_at(results, "written_off_usd", m) == t.written_off_usd);
            CHECK(output_at(results, "new_defaults", m) == t.defaults);
            CHECK(t.interest_usd >= 0.0);
            CHECK(t.written_off_usd >= 0.0);

            // Per household: balances are never negative; interest cannot add more than the highest
            // monthly rate on what was owed or borrowed; a household that defaulted this month owes
            // nothing but what it borrowed after its default; formal loans have an instalment
            // exactly while they are owed.
            const double max_rate =
                std::max({month.params.real("finance.vsla_rate_monthly"), month.params.real("finance.mfi_rate_monthly"),
                          month.params.real("finance.bank_rate_monthly"),
                          month.params.real("finance.trader_rate_monthly")});
            int negative = 0, too_much = 0, kept_after_default = 0, bad_instalment = 0, new_defaults = 0;
            std::string first;
            for (Eigen::Index i = 0; i < h.size(); ++i) {
                const double owed_before = b.debt_usd.row(i).sum(), owed_after = h.debt_usd.row(i).sum();
                if ((h.debt_usd.row(i) < 0.0).any()) {
                    if (negative++ == 0) first = "negative debt, household " + std::to_string(i);
                }
                if (owed_after > (owed_before + h.borrowed_usd[i]) * (1.0 + max_rate) - h.debt_service_usd[i] +
                                     1e-9 * (1.0 + owed_before + h.borrowed_usd[i])) {
                    if (too_much++ == 0) first = "debt grew too much, household " + std::to_string(i);
                }
                const bool defaulted = h.excluded_until_month[i] != b.excluded_until_month[i];
                if (defaulted) {
                    ++new_defaults;
                    if (owed_after > h.borrowed_usd[i] + 1e-9)
                        if (kept_after_default++ == 0) first = "debt kept after default, household " + std::to_string(i);
                }
                for (int l = 0; l < asmsim::n_lenders; ++l) {
                    if (l == asmsim::trader) continue;  // repaid out of sales, no instalment
                    if ((h.debt_usd(i, l) > 0.0) != (h.installment_usd(i, l) > 0.0))
                        if (bad_instalment++ == 0)
                            first = "instalment without debt or debt without instalment, household " +
                                    std::to_string(i) + ", lender " + asmsim::lender_names[l];
                }
            }
            INFO("first offender: " << first);
            CHECK(negative == 0);
            CHECK(too_much == 0);
            CHECK(kept_after_default == 0);
            CHECK(bad_instalment == 0);
            CHECK(new_defaults == t.defaults);
            written_off += t.written_off_usd;
            interest += t.interest_usd;
            defaults += t.defaults;
        });
        CHECK(interest > 0.0);
        CHECK(written_off > 0.0);
        CHECK(defaults > 0);
    }
}

TEST_CASE("savings-group money changes only by contributions, repayments, interest and share-outs",
          "[invariants][vsla]") {
    // Where the money of savings groups is: the sites' funds (cash not lent out) and the members'
    // debts to them. Contributions and repayments flow into the funds, loans out of them into
    // debt, interest adds to debt, share-outs empty the funds into members' savings and defaults
    // write debt off.
    auto members_rules = [](const Month& month, double contribution, int cycle) {
        const Households& h = month.h();
        const Households& b = month.b();
        const bool share_out = (month.m + 1) % cycle == 0;
        int broken = 0;
        std::string first;
        auto fail = [&](Eigen::Index i, const char* what) {
            if (broken++ == 0) first = std::string(what) + ", household " + std::to_string(i);
        };
        for (Eigen::Index i = 0; i < h.size(); ++i) {
            if (!h.vsla_member[i]) {
                if (h.vsla_shares_usd[i] != 0.0 || h.debt_usd(i, asmsim::vsla) != 0.0 || h.vsla_net_usd[i] != 0.0)
                    fail(i, "savings-group money of a non-member");
                continue;
            }
            if (h.vsla_shares_usd[i] < 0.0) fail(i, "negative shares");
            if (share_out) {
                if (h.vsla_shares_usd[i] != 0.0) fail(i, "shares left after the share-out");
            } else {
                // Outside share-out months a member pays in one contribution or nothing, and it
                // adds to its shares.
                if (h.vsla_net_usd[i] != 0.0 && h.vsla_net_usd[i] != -contribution) fail(i, "odd contribution");
                if (!close(h.vsla_shares_usd[i] - b.vsla_shares_usd[i], -h.vsla_net_usd[i], b.vsla_shares_usd[i]))
                    fail(i, "shares do not grow by the contribution");
            }
        }
        INFO("month " << month.m << ", first offender: " << first);
        CHECK(broken == 0);
        CHECK(month.after().sites.vsla_fund_usd.minCoeff() >= -1e-9);
    };

    SECTION("savings groups the only lender: every flow is recorded exactly") {
        for (const Config& config : configurations()) {
            INFO("configuration: " << config.name);
            double lent = 0, repaid = 0, shared_out = 0;
            every_month(joined(config.overrides, savings_group_only), [&](const Month& month) {
                const World& w = month.after();
                const asmsim::MonthTally& t = w.tally;
                INFO("month " << month.m);
                const double fund_before = month.before.sites.vsla_fund_usd.sum(), fund_after = w.sites.vsla_fund_usd.sum();
                const double debt_before = month.b().debt_usd.col(asmsim::vsla).sum();
                const double debt_after = month.h().debt_usd.col(asmsim::vsla).sum();
                const double net = month.h().vsla_net_usd.sum();  // share-outs received - contributions paid
                const double borrowed = month.h().borrowed_usd.sum();
                const double paid = month.h().debt_service_usd.sum();
                const double scale = fund_before + fund_after + debt_before + debt_after + std::abs(net) + borrowed +
                                     paid + t.interest_usd + t.written_off_usd;
                INFO("fund " << fund_before << " -> " << fund_after << ", debt " << debt_before << " -> " << debt_after
                             << ", net to members " << net << ", borrowed " << borrowed << ", repaid " << paid
                             << ", interest " << t.interest_usd << ", written off " << t.written_off_usd);
                // Only the savings groups lend.
                CHECK(close(borrowed, t.new_loans_usd[asmsim::vsla], borrowed));
                CHECK(t.new_loans[asmsim::mfi] + t.new_loans[asmsim::bank] + t.new_loans[asmsim::trader] == 0);
                CHECK(close(month.h().debt_usd.sum(), debt_after, debt_after));
                // Funds: + contributions + repayments - loans - share-outs.
                CHECK(close(fund_after - fund_before, -net + paid - borrowed, scale));
                // Debt: + loans + interest - repayments - write-offs.
                CHECK(close(debt_after - debt_before, borrowed + t.interest_usd - paid - t.written_off_usd, scale));
                // Together: + contributions + interest - share-outs - write-offs.
                CHECK(close((fund_after + debt_after) - (fund_before + debt_before),
                            -net + t.interest_usd - t.written_off_usd, scale));
                members_rules(month, month.params.real("finance.vsla_contribution_usd_month"),
                              static_cast<int>(month.params.integer("finance.vsla_cycle_months")));
                lent += borrowed;
                repaid += paid;
                shared_out += std::max(0.0, net);
            });
            CHECK(lent > 0.0);
            CHECK(repaid > 0.0);
            CHECK(shared_out > 0.0);
        }
    }

    SECTION("every lender active: the savings groups' part of the recorded flows is consistent") {
        // With other lenders the month's repayments, interest and write-offs are recorded for all
        // lenders together, so the savings groups' part is bounded: what the funds received back
        // lies between nothing and all repayments, and their debts grew by at most their rate.
        for (const Config& config : configurations()) {
            INFO("configuration: " << config.name);
            every_month(config.overrides, [&](const Month& month) {
                const World& w = month.after();
                const asmsim::MonthTally& t = w.tally;
                INFO("month " << month.m);
                const double fund_before = month.before.sites.vsla_fund_usd.sum(), fund_after = w.sites.vsla_fund_usd.sum();
                const double debt_before = month.b().debt_usd.col(asmsim::vsla).sum();
                const double debt_after = month.h().debt_usd.col(asmsim::vsla).sum();
                const double net = month.h().vsla_net_usd.sum();
                const double loans = t.new_loans_usd[asmsim::vsla];
                const double paid = month.h().debt_service_usd.sum();
                const double rate = month.params.real("finance.vsla_rate_monthly");
                const double scale = fund_before + fund_after + debt_before + debt_after + std::abs(net) + loans + paid +
                                     t.interest_usd + t.written_off_usd;
                const double tolerance = std::max(1e-6, 1e-9 * scale);
                const double repaid_to_groups = fund_after - fund_before + net + loans;
                const double interest_less_written_off = debt_after - debt_before - loans + repaid_to_groups;
                INFO("fund " << fund_before << " -> " << fund_after << ", debt " << debt_before << " -> " << debt_after
                             << ", net to members " << net << ", loans " << loans << ", all repayments " << paid
                             << ", all interest " << t.interest_usd << ", all write-offs " << t.written_off_usd);
                CHECK(repaid_to_groups >= -tolerance);
                CHECK(repaid_to_groups <= paid + tolerance);
                CHECK(interest_less_written_off <= std::min(t.interest_usd, rate * (debt_before + loans)) + tolerance);
                CHECK(interest_less_written_off >= -t.written_off_usd - tolerance);
                members_rules(month, month.params.real("finance.vsla_contribution_usd_month"),
                              static_cast<int>(month.params.integer("finance.vsla_cycle_months")));
            });
        }
    }
}

TEST_CASE("people and mining households are accounted month to month", "[invariants][people]") {
    // A third configuration makes mining dangerous so that deaths occur and are accounted.
    std::vector<Config> all = configurations();
    all.push_back({"dangerous mining",
                   {"safety.injury_rate_informal_per_100py=200", "safety.injury_rate_licensed_per_100py=150",
                    "safety.fatal_share=0.2"}});
    for (const Config& config : all) {
        INFO("configuration: " << config.name);
        double persons = -1, mining = -1;
        int entries = 0, exits = 0;
        double deaths = 0;
        const World start = every_month(config.overrides, [&](const Month& month) {
            const Households& h = month.h();
            const Households& b = month.b();
            const Results& r = month.results();
            const int m = month.m;
            INFO("month " << m);
            if (m == 0) {
                persons = b.size_persons.cast<double>().sum();
                mining = b.is_mining.cast<double>().sum();
            }
            const double fatalities = output_at(r, "new_fatalities", m);
            const double entered = output_at(r, "new_mining_entries", m), left = output_at(r, "new_mining_exits", m);
            CHECK(output_at(r, "n_households", m) == 400.0);
            CHECK(output_at(r, "n_persons", m) == persons - fatalities);
            CHECK(output_at(r, "n_persons", m) == h.size_persons.cast<double>().sum());
            CHECK(output_at(r, "n_mining_households", m) == mining + entered - left);
            CHECK(output_at(r, "n_mining_households", m) == h.is_mining.cast<double>().sum());
            persons = output_at(r, "n_persons", m);
            mining = output_at(r, "n_mining_households", m);

            // Entries are households that did not mine and now do, exits the reverse; only
            // entrants and migrants (households that mine before and after) move to another site; deaths happen only in households that mine, at most
            // one per household, and remove a worker.
            int started = 0, stopped = 0, moved_without_entering = 0, odd_move = 0, odd_death = 0, odd_injured = 0;
            double died = 0;
            for (Eigen::Index i = 0; i < h.size(); ++i) {
                const bool entered_now = !b.is_mining[i] && h.is_mining[i];
                started += entered_now ? 1 : 0;
                stopped += b.is_mining[i] && !h.is_mining[i] ? 1 : 0;
                if (h.site[i] != b.site[i] && !entered_now) {
                    ++moved_without_entering;
                    if (!b.is_mining[i] || !h.is_mining[i]) ++odd_move;
                }
                const int lost = b.size_persons[i] - h.size_persons[i];
                const int lost_workers = b.workers(i) - h.workers(i);
                died += lost;
                if (lost < 0 || lost > 1 || lost != lost_workers || (lost > 0 && !h.is_mining[i]) ||
                    h.male_workers[i] > b.male_workers[i] || h.female_workers[i] > b.female_workers[i])
                    ++odd_death;
                if (h.injured_workers[i] < 0 || h.injured_workers[i] > h.workers(i)) ++odd_injured;
            }
            CHECK(entered == started);
            CHECK(left == stopped);
            CHECK(moved_without_entering == output_at(r, "new_migrant_households", m));
            CHECK(odd_move == 0);
            CHECK(odd_death == 0);
            CHECK(odd_injured == 0);
            CHECK(died == fatalities);
            entries += started;
            exits += stopped;
            deaths += fatalities;
        });
        CHECK(start.households.size() == 400);
        CHECK(entries > 0);
        if (config.name != "defaults") CHECK(exits > 0);
        if (config.name == "dangerous mining") CHECK(deaths > 0);
    }
}

TEST_CASE("output is sold or confiscated; mercury and land follow it; legal status is consistent",
          "[invariants][production]") {
    std::vector<Config> all = configurations();
    all.push_back({"land restoration", {"environment.restoration_ha_per_month=0.5"}});
    for (const Config& config : all) {
        INFO("configuration: " << config.name);
        double restored_total = 0, mercury_total = 0;
        every_month(config.overrides, [&](const Month& month) {
            const World& w = month.after();
            const Households& h = month.h();
            const Households& b = month.b();
            const Results& r = month.results();
            const asmsim::MonthTally& t = w.tally;
            const int m = month.m;
            INFO("month " << m);

            // Every gram produced, or held back last month, is sold through one channel, confiscated,
            // or held back again because no buyer had the cash (traders).
            std::array<double, asmsim::n_commodities> held_before{};
            for (Eigen::Index i = 0; i < b.size(); ++i) held_before[b.held_mineral[i]] += b.held_g[i];
            for (asmsim::Commodity c : asmsim::all_commodities) {
                const std::string name(asmsim::commodity_name(c));
                const int k = asmsim::index_of(c);
                INFO("mineral " << name);
                const double produced = output_at(r, "production_" + name + "_g", m) + held_before[k];
                double held_after = 0;
                for (Eigen::Index i = 0; i < h.size(); ++i)
                    if (w.sites.mineral[h.site[i]] == k) held_after += h.held_g[i];
                const double accounted = t.sold_formal_g[k] + t.sold_informal_g[k] + t.sold_tied_g[k] +
                                         t.sold_programme_g[k] + t.confiscated_g[k] + t.held_lost_g[k] + held_after;
                CHECK(close(accounted, produced, produced, 1e-9, 1e-9));
                CHECK(close(t.held_back_g[k], held_after, held_after, 1e-9, 1e-9));
            }
            // Only mining households produce or earn from mining (others only from what they held back).
            int idle_output = 0;
            for (Eigen::Index i = 0; i < h.size(); ++i)
                if (!h.is_mining[i] && (h.output_g[i] != 0.0 || (h.mining_income_usd[i] != 0.0 && b.held_g[i] <= 0.0))) ++idle_output;
            CHECK(idle_output == 0);

            // Mercury: output of gold households that amalgamate, times their mercury-to-gold ratio.
            double mercury_g = 0;
            const double whole_ore = month.params.real("environment.hg_per_au_whole_ore");
            const double concentrate = month.params.real("environment.hg_per_au_concentrate");
            for (Eigen::Index i = 0; i < h.size(); ++i) {
                if (w.sites.mineral[h.site[i]] != asmsim::index_of(asmsim::Commodity::gold)) continue;
                if (h.processing[i] == asmsim::whole_ore_amalgamation) mercury_g += whole_ore * h.output_g[i];
                if (h.processing[i] == asmsim::concentrate_amalgamation) mercury_g += concentrate * h.output_g[i];
            }
            CHECK(close(output_at(r, "mercury_released_kg", m), mercury_g / 1000.0, mercury_g / 1000.0, 1e-9, 1e-12));
            mercury_total += mercury_g;

            // Degraded land: the stock grows by what is degraded and falls by what is restored.
            const double stock_before = month.before.sites.land_degraded_ha.sum();
            const double degraded = output_at(r, "land_degraded_ha", m), restored = output_at(r, "land_restored_ha", m);
            CHECK(close(output_at(r, "land_degraded_total_ha", m), stock_before + degraded - restored,
                        stock_before + degraded, 1e-9, 1e-12));
            CHECK(close(w.sites.land_restored_ha.sum() - month.before.sites.land_restored_ha.sum(), restored, restored,
                        1e-9, 1e-12));
            CHECK(close(output_at(r, "restoration_cost_usd", m),
                        restored * month.params.real("environment.restoration_usd_per_ha"),
                        output_at(r, "restoration_cost_usd", m)));
            restored_total += restored;

            // Farm land at each site: loses the farm share of the land degraded there (at most all
            // of it) and gains the land restored there.
            const Eigen::Index n_sites = w.sites.size();
            Eigen::ArrayXd farm_before = Eigen::ArrayXd::Zero(n_sites), farm_after = Eigen::ArrayXd::Zero(n_sites);
            Eigen::ArrayXi households_at = Eigen::ArrayXi::Zero(n_sites);
            for (Eigen::Index i = 0; i < h.size(); ++i) {
                farm_before[h.site[i]] += b.farm_land_ha[i];
                farm_after[h.site[i]] += h.farm_land_ha[i];
                households_at[h.site[i]] += 1;
            }
            const double farm_share = month.params.real("environment.farm_share_of_degraded_land");
            for (Eigen::Index site = 0; site < n_sites; ++site) {
                const double restored_here = w.sites.land_restored_ha[site] - month.before.sites.land_restored_ha[site];
                const double degraded_here =
                    w.sites.land_degraded_ha[site] - month.before.sites.land_degraded_ha[site] + restored_here;
                const double expected = farm_before[site] - std::min(farm_before[site], farm_share * degraded_here) +
                                        (households_at[site] > 0 ? restored_here : 0.0);
                INFO("site " << site);
                CHECK(close(farm_after[site], expected,
                            farm_before[site] + w.sites.land_degraded_ha[site] + w.sites.land_restored_ha[site], 1e-9,
                            1e-12));
            }

            // Legal status: the queue holds exactly the applicants, once each; only licensed
            // households have licence months left; miners by status add up.
            std::set<int> queued(w.licence_queue.begin(), w.licence_queue.end());
            CHECK(queued.size() == w.licence_queue.size());
            int applicants = 0, queued_non_applicants = 0, bad_months = 0;
            const auto licence_months = month.params.integer("formalisation.licence_months");
            for (Eigen::Index i = 0; i < h.size(); ++i) {
                applicants += h.legal_status[i] == asmsim::applicant ? 1 : 0;
                if (h.legal_status[i] == asmsim::licensed) {
                    if (h.licence_months_left[i] < 1 || h.licence_months_left[i] > licence_months) ++bad_months;
                } else if (h.licence_months_left[i] != 0) {
                    ++bad_months;
                }
            }
            for (int i : queued)
                if (h.legal_status[i] != asmsim::applicant) ++queued_non_applicants;
            CHECK(static_cast<std::size_t>(applicants) == w.licence_queue.size());
            CHECK(queued_non_applicants == 0);
            CHECK(bad_months == 0);
            CHECK(output_at(r, "licence_queue", m) == static_cast<double>(w.licence_queue.size()));
            const double miners = output_at(r, "n_miners", m);
            CHECK(close(output_at(r, "n_miners_informal", m) + output_at(r, "n_miners_applicant", m) +
                            output_at(r, "n_miners_licensed", m),
                        miners, miners, 1e-9, 1e-9));
        });
        CHECK(mercury_total > 0.0);
        if (config.name == "land restoration") CHECK(restored_total > 0.0);
    }
}

TEST_CASE("traders' money: each buyer's cash changes by exactly its recorded flows, flows between tiers match",
          "[invariants][money][traders]") {
    // world.hpp (BuyerColumns): d(cash) = sales up - bought - royalty - transport + credit drawn
    //   - credit repaid - pre-finance lent + pre-finance repaid - drawings - lent down + repaid down.
    std::vector<Config> all = configurations();
    all.push_back({"credit crunch", {"traders.shock_start_month=12", "traders.shock_duration_months=12",
                                     "traders.shock_credit_cut=0.9"}});
    all.push_back({"export ban", {"traders.shock_start_month=12", "traders.shock_duration_months=6",
                                  "traders.shock_export_ban=true"}});
    for (const Config& config : all) {
        INFO("configuration: " << config.name);
        double exported = 0;
        every_month(config.overrides, [&](const Month& month) {
            const asmsim::Traders& t = month.after().traders;
            INFO("month " << month.m);
            int broken = 0, negative = 0;
            std::string first_negative;
            auto check_rows = [&](const asmsim::BuyerColumns& c, std::size_t offset) {
                for (Eigen::Index b = 0; b < c.size(); ++b) {
                    const double start = t.cash_start_usd[offset + static_cast<std::size_t>(b)];
                    const double scale = std::max({std::abs(start), std::abs(c.cash_usd[b]), c.bought_usd[b],
                                                   c.sales_usd[b], c.credit_drawn_usd[b], c.credit_repaid_usd[b],
                                                   c.lent_down_usd[b], c.repaid_down_usd[b], c.drawings_usd[b], 1.0});
                    if (!close(c.cash_usd[b] - start, c.net_flow_usd(b), scale, 1e-9, 1e-9)) ++broken;
                    if (c.cash_usd[b] < -1e-9 * scale || c.credit_used_usd[b] < -1e-9 * scale) {
                        ++negative;
                        std::ostringstream out;
                        out << "row " << b << " of " << (offset ? "upper" : "site") << ": cash " << c.cash_usd[b]
                            << ", credit used " << c.credit_used_usd[b] << "; ";
                        first_negative += out.str();
                    }
                }
            };
            check_rows(t.site, 0);
            check_rows(t.upper, static_cast<std::size_t>(t.site.size()));
            CHECK(broken == 0);
            INFO(first_negative);
            CHECK(negative == 0);
            // What passes between the tiers leaves one and reaches the other.
            CHECK(close(t.site.sales_usd.sum(), t.upper.bought_usd.sum(), t.upper.bought_usd.sum() + 1.0, 1e-9, 1e-9));
            CHECK(close(t.site.credit_drawn_usd.sum(), t.upper.lent_down_usd.sum(), t.upper.lent_down_usd.sum() + 1.0,
                        1e-9, 1e-9));
            CHECK(close(t.site.credit_repaid_usd.sum(), t.upper.repaid_down_usd.sum(),
                        t.upper.repaid_down_usd.sum() + 1.0, 1e-9, 1e-9));
            // Pre-finance lent is what households borrowed from traders; gold bought is gold sold.
            const asmsim::MonthTally& tally = month.after().tally;
            CHECK(close(t.site.prefinance_lent_usd.sum(), tally.new_loans_usd[asmsim::trader],
                        tally.new_loans_usd[asmsim::trader] + 1.0, 1e-9, 1e-9));
            double sold_to_buyers = 0;
            for (int k = 0; k < asmsim::n_commodities; ++k)
                sold_to_buyers += tally.sold_formal_g[k] + tally.sold_informal_g[k] + tally.sold_tied_g[k];
            CHECK(close(t.site.bought_g.sum(), sold_to_buyers, sold_to_buyers + 1.0, 1e-9, 1e-9));
            exported += t.upper.sales_usd.sum();
        });
        CHECK(exported > 0.0);
    }
}
