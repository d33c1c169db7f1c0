#pragma once
// Miners' price expectations: adaptive, E <- E + w (P - E) (docs/model.md, "Expectations").

#include <array>

#include "model/context.hpp"
#include "model/module.hpp"

namespace asmsim {

class ExpectationsModule final : public WholeModule {
public:
    explicit ExpectationsModule(const ModelContext& ctx) : weight_(ctx.params.real("labour.expectation_weight")) {}
    std::string_view name() const override { return "expectations"; }
    std::string_view summary() const override {
        return "miners update their expected price of each mineral towards this month's price (adaptive)";
    }
    void step(World& world, Results&) override {
        for (int c = 0; c < n_commodities; ++c)
            world.expected_price_usd_per_g[c] += weight_ * (world.price_usd_per_g[c] - world.expected_price_usd_per_g[c]);
    }

private:
    double weight_;
};

}  // namespace asmsim
