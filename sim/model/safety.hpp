#pragma once
// Injuries and fatalities among miners, with rates that differ by legal status and technology
// (docs/model.md, "Safety"). Injured workers stop working for some months; the dead leave the household.

#include <vector>

#include "model/context.hpp"
#include "model/mining_returns.hpp"
#include "model/module.hpp"
#include "model/row_selection.hpp"

namespace asmsim {

class SafetyModule final : public Module {
public:
    explicit SafetyModule(const ModelContext& ctx);
    std::string_view name() const override { return "safety"; }
    std::string_view summary() const override {
        return "miners are injured (rates by legal status and technology); some injuries are fatal";
    }
    PassKind pass_kind(int) const override { return PassKind::rows; }
    void visit_rows(int, World& world, RowRange rows) override;

private:
    // Trained: a training programme has trained households; Jobs: programme jobs exist this month.
    template <bool Trained, bool Jobs>
    void injure(World& world, RowRange rows);

    RandomEngine rng_;
    MiningReturns returns_;
    double rate_informal_month_, rate_licensed_month_, semi_factor_, fatal_share_;
    int months_lost_;
    std::vector<double> u_;  // scratch: the block's draws
    RowList miners_;         // scratch: the block's mining households
};

}  // namespace asmsim
