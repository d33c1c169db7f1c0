#pragma once
// Injuries and fatalities among miners, with rates that differ by legal status and technology
// (docs/model.md, "Safety"). Injured workers stop working for some months; the dead leave the household.

#include "model/context.hpp"
#include "model/mining_returns.hpp"
#include "model/module.hpp"

namespace asmsim {

class SafetyModule final : public Module {
public:
    explicit SafetyModule(const ModelContext& ctx);
    std::string_view name() const override { return "safety"; }
    std::string_view summary() const override {
        return "miners are injured (rates by legal status and technology); some injuries are fatal";
    }
    void step(World& world, Results& results) override;

private:
    // Trained: a training programme has trained households; Jobs: programme jobs exist this month.
    template <bool Trained, bool Jobs>
    void injure(World& world);

    RandomEngine rng_;
    MiningReturns returns_;
    double rate_informal_month_, rate_licensed_month_, semi_factor_, fatal_share_;
    int months_lost_;
};

}  // namespace asmsim
