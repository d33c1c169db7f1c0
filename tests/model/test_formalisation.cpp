// Formalisation's shortcut for a licence that would expire before it is issued: when the queue's
// wait is at least a licence period, the month-wide fees_only_benefit must equal the per-household
// net_benefit exactly (same route, same fee, same net), or skipping the calculation would change runs.

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
