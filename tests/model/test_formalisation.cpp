// Formalisation's shortcut for a licence that would expire before it is issued: when the queue's
// wait is at least a licence period, the month-wide fees_only_benefit must equal the per-household
// net_benefit exactly (same route, same fee, same net), or skipping the calculation would change runs.

#include <cmath>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "../support/model_support.hpp"
#include "model/formalisation.hpp"

using asmsim::FormalisationModule;
using asmsim::ModelContext;
using asmsim::PreparedScenario;
using asmsim::Results;
using asmsim::Simulation;
using asmsim::World;

namespace {

// Every household of a 400-household world after 24 months: the shortcut's benefit against the full
// calculation at waits of one licence period and longer; at no wait the benefits differ between
// households (so the comparison is not between two constants).
void check_fees_only(const std::vector<std::string>& overrides) {
    const PreparedScenario p = asmsim::testing::prepare_overrides(
        asmsim::testing::joined({"simulation.households=400", "simulation.months=24"}, overrides));
    Simulation s = asmsim::testing::make_run(p, 4242, 0);
    s.run();
    const World& world = s.world();
    Results scratch(1);
    const asmsim::StreamKey key{4242, "test", 0};
    const FormalisationModule module(ModelContext{*p.scenario.params, *p.inputs, key, scratch});
    const double licence_months = static_cast<double>(p.scenario.params->integer("formalisation.licence_months"));
    const FormalisationModule::Benefit shortcut = module.fees_only_benefit(world.price_level);
    int differing_without_wait = 0;
    for (Eigen::Index i = 0; i < world.households.size(); ++i) {
        for (double wait_months : {licence_months, licence_months + 0.5, 1e9}) {
            const FormalisationModule::Benefit full = module.net_benefit<false>(world, i, wait_months);
            INFO("household " << i << ", wait " << wait_months);
            CHECK(full.net_usd == shortcut.net_usd);
            CHECK(full.cooperative == shortcut.cooperative);
            CHECK(full.fee_usd == shortcut.fee_usd);
            CHECK(full.subsidy_usd == shortcut.subsidy_usd);
        }
        if (module.net_benefit<false>(world, i, 0.0).net_usd != shortcut.net_usd) ++differing_without_wait;
    }
    CHECK(differing_without_wait > 200);
}

}  // namespace

TEST_CASE("a licence that expires before it is issued is worth minus the cheaper fee to every household",
          "[formalisation]") {
    SECTION("defaults (the cooperative route is cheaper)") { check_fees_only({}); }
    SECTION("equal fees (the tie goes to the individual route)") {
        check_fees_only({"formalisation.cooperative_fee_share=1"});
    }
}

// ---- Formalisation as a recurring cost-benefit choice (issue 14, point 3) ----
// Each case compares scenarios under common random numbers (same seed and replicates) and asserts
// a direction; each was checked to fail with its mechanism switched off (docs/validation.md).
namespace {

using asmsim::testing::joined;
using asmsim::testing::output_series;

const std::vector<std::string> small = {"simulation.households=1000", "simulation.months=60"};

// Sum (over replicates) of an output over months [first, last).
double summed(const std::vector<std::string>& overrides, const std::string& output, int first, int last,
              int replicates = 4) {
    const PreparedScenario p = asmsim::testing::prepare_overrides(joined(small, overrides));
    double total = 0.0;
    for (int r = 0; r < replicates; ++r) {
        Simulation s = asmsim::testing::make_run(p, 777, static_cast<std::uint64_t>(r));
        s.run();
        const std::vector<double> series = output_series(s.results(), output);
        for (int m = first; m < last; ++m) total += series[static_cast<std::size_t>(m)];
    }
    return total;
}
double mean_of(const std::vector<std::string>& overrides, const std::string& output, int first, int last,
               int replicates = 4) {
    return summed(overrides, output, first, last, replicates) / (replicates * (last - first));
}

}  // namespace

TEST_CASE("a licence whose costs exceed its benefits lapses at renewal, so the formal share falls",
          "[formalisation][mechanism]") {
    // Half licensed at the start; renewing costs no cash (no fee, travel or informal payment), so
    // licences lapse because households choose not to renew, not because they cannot pay. The
    // costly case: a royalty that puts the formal price far below the informal one.
    const std::vector<std::string> start = {"households.licensed_share=0.5", "formalisation.licence_fee_usd=0",
                                            "formalisation.travel_cost_usd=0", "formalisation.informal_payment_usd=0"};
    const auto costly = joined(start, {"selling.royalty_rate=0.3", "formalisation.compliance_cost_usd_month=10"});
    const auto cheap = joined(start, {"selling.royalty_rate=0", "formalisation.compliance_cost_usd_month=0"});
    const double lapses_costly = summed(costly, "new_lapses", 0, 24);
    const double lapses_cheap = summed(cheap, "new_lapses", 0, 24);
    const double share_start = mean_of(costly, "formal_share", 0, 1);
    const double share_later = mean_of(costly, "formal_share", 24, 36);
    INFO("lapses, costly " << lapses_costly << ", cheap " << lapses_cheap << "; formal share " << share_start
                           << " -> " << share_later);
    CHECK(lapses_costly > 1.5 * lapses_cheap);
    CHECK(share_later < 0.5 * share_start);  // it falls, not only rises
    CHECK(mean_of(costly, "formal_share", 24, 36) < mean_of(cheap, "formal_share", 24, 36));
}

TEST_CASE("with costs below benefits, more miners apply for a licence", "[formalisation][mechanism]") {
    // Plenty of land, so that only the costs and benefits differ.
    const std::vector<std::string> low_costs = {"formalisation.licensable_ha_per_household=1000", "formalisation.travel_cost_usd=0", "formalisation.informal_payment_usd=0",
                                                "formalisation.compliance_cost_usd_month=0"};
    const std::vector<std::string> high_benefits = {"formalisation.licensable_ha_per_household=1000",
                                                    "formalisation.eviction_rate_monthly=0.3"};
    const double base = summed({"formalisation.licensable_ha_per_household=1000"}, "new_applications", 0, 60);
    const double cheaper = summed(low_costs, "new_applications", 0, 60);
    const double better = summed(high_benefits, "new_applications", 0, 60);
    INFO("applications: default " << base << ", lower costs " << cheaper << ", more secure tenure " << better);
    CHECK(cheaper > 1.15 * base);
    CHECK(better > 1.15 * base);
}

TEST_CASE("limited licensable land binds: no more licences at a site than its land allows",
          "[formalisation][mechanism]") {
    // Strong incentives (heavy enforcement) so that demand exceeds the land.
    const std::vector<std::string> demand = {"households.licensed_share=0", "enforcement.inspection_rate_monthly=0.3",
                                             "enforcement.fine_usd=300", "simulation.households=1000",
                                             "simulation.months=48"};
    const PreparedScenario p =
        asmsim::testing::prepare_overrides(joined(demand, {"formalisation.licensable_ha_per_household=0.2"}));
    Simulation s = asmsim::testing::make_run(p, 777, 0);
    const asmsim::ParameterSet& params = *p.scenario.params;
    const double members = static_cast<double>(params.integer("formalisation.cooperative_members"));
    const double per_site = 1000.0 / static_cast<double>(s.world().sites.size());
    const Eigen::ArrayXd capacity = Eigen::ArrayXd::Constant(
        s.world().sites.size(), std::floor(per_site * 0.2 / params.real("formalisation.ha_per_licence")));
    double most_used_share = 0.0;
    for (int m = 0; m < 48; ++m) {
        s.step_month();
        const auto& h = s.world().households;
        Eigen::ArrayXd used = Eigen::ArrayXd::Zero(capacity.size());
        for (Eigen::Index i = 0; i < h.size(); ++i)
            if (h.legal_status[i] != asmsim::informal) used[h.site[i]] += h.in_cooperative[i] ? 1.0 / members : 1.0;
        for (Eigen::Index k = 0; k < capacity.size(); ++k) {
            INFO("month " << m << ", site " << k << ": " << used[k] << " licence units on land for " << capacity[k]);
            REQUIRE(used[k] <= capacity[k] + 1e-9);
            if (capacity[k] > 0) most_used_share = std::max(most_used_share, used[k] / capacity[k]);
        }
    }
    CHECK(most_used_share > 0.99);  // the limit is reached
    // With plenty of land, the same incentives put more licences on some site than the land allows:
    // the limit binds.
    const PreparedScenario q =
        asmsim::testing::prepare_overrides(joined(demand, {"formalisation.licensable_ha_per_household=1000"}));
    Simulation t = asmsim::testing::make_run(q, 777, 0);
    double most_units = 0.0;
    for (int m = 0; m < 48; ++m) {
        t.step_month();
        const auto& h = t.world().households;
        Eigen::ArrayXd used = Eigen::ArrayXd::Zero(capacity.size());
        for (Eigen::Index i = 0; i < h.size(); ++i)
            if (h.legal_status[i] != asmsim::informal) used[h.site[i]] += h.in_cooperative[i] ? 1.0 / members : 1.0;
        most_units = std::max(most_units, used.maxCoeff());
    }
    INFO("most licence units at a site with plenty of land " << most_units << ", land for " << capacity.maxCoeff());
    CHECK(most_units > capacity.maxCoeff() + 1.0);
}

TEST_CASE("a licence-fee waiver moves few miners (the old ratchet moved about 20 points)",
          "[formalisation][mechanism]") {
    const std::vector<std::string> waiver = {"interventions.licence_fee_subsidy.coverage=1",
                                             "interventions.licence_fee_subsidy.target=\"miners\""};
    const double base = mean_of({}, "formal_share", 48, 60);
    const double waived = mean_of(waiver, "formal_share", 48, 60);
    // The mechanisms switched off by parameters, close to the previous model: plenty of land,
    // near-automatic renewal, no travel, informal payments, discounting, tenure or credit terms.
    const std::vector<std::string> old_style = {
        "formalisation.licensable_ha_per_household=1000", "formalisation.renewal_logit_intercept=20",
        "formalisation.travel_cost_usd=0", "formalisation.informal_payment_usd=0",
        "formalisation.discount_rate_monthly=0", "formalisation.eviction_rate_monthly=0",
        "formalisation.credit_use_share=0"};
    const double old_base = mean_of(old_style, "formal_share", 48, 60);
    const double old_waived = mean_of(joined(old_style, waiver), "formal_share", 48, 60);
    INFO("formal share: baseline " << base << ", waiver " << waived << " (effect " << waived - base
                                   << "); mechanisms off " << old_base << " -> " << old_waived << " (effect "
                                   << old_waived - old_base << ")");
    CHECK(waived - base < 0.10);  // the previous model: about +0.20 (docs/validation.md)
    CHECK(waived - base < 0.5 * (old_waived - old_base));
}

TEST_CASE("stronger enforcement (inspection rate x penalty) raises applications", "[formalisation][mechanism]") {
    const std::vector<std::string> enforcement = {"interventions.enforcement.coverage=1",
                                                  "interventions.enforcement.inspection_rate_monthly=0.2",
                                                  "interventions.enforcement.fine_usd=200"};
    // The choice is made when applying and again at renewal. Since prices come from the traders
    // (docs/model.md 7.20) the formal price gain is small and varies with buyers' cash, so more
    // licences lapse and are applied for again; stronger enforcement then shows mostly as fewer
    // lapses and more renewals (measured: applications 783 -> 815, renewals 954 -> 1162, lapses
    // 544 -> 457), so the test counts both occurrences of the choice.
    const double base_apps = summed({}, "new_applications", 0, 60);
    const double enforced_apps = summed(enforcement, "new_applications", 0, 60);
    const double base = base_apps + summed({}, "new_renewals", 0, 60);
    const double enforced = enforced_apps + summed(enforcement, "new_renewals", 0, 60);
    INFO("applications: default " << base_apps << ", stronger enforcement " << enforced_apps
                                  << "; applications + renewals: " << base << ", " << enforced);
    CHECK(enforced_apps > base_apps);
    // Direction, with a margin beyond noise: the rise exceeds 3 Poisson standard deviations of the
    // default count (rare events; common random numbers make the paired noise smaller).
    CHECK(enforced - base > 3.0 * std::sqrt(base));
}
