#pragma once
// Miners' price expectations: adaptive, E <- E + w (P - E); with them, what a worker-day is
// expected to yield at each site (grade and last month's crowding) (docs/model.md, "Expectations").

#include <array>

#include "model/context.hpp"
#include "model/mining_returns.hpp"
#include "model/module.hpp"

namespace asmsim {

class ExpectationsModule final : public Module {
public:
    explicit ExpectationsModule(const ModelContext& ctx)
        : weight_(ctx.params.real("labour.expectation_weight")), returns_(ctx.params) {}
    std::string_view name() const override { return "expectations"; }
    std::string_view summary() const override {
        return "miners update their expected price of each mineral towards this month's price (adaptive)";
    }
    void step(World& world, Results&) override {
        for (int c = 0; c < n_commodities; ++c)
            world.expected_price_usd_per_g[c] += weight_ * (world.price_usd_per_g[c] - world.expected_price_usd_per_g[c]);
        returns_.refresh_site_expectations(world);
    }

private:
    double weight_;
    MiningReturns returns_;
};

}  // namespace asmsim
