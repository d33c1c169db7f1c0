#pragma once
// Labour and participation: households enter mining when its expected return beats other work by
// a margin, leave when it falls below by a margin, and entrants move to the best of a few sites
// (docs/model.md, "Labour and participation").

#include "model/context.hpp"
#include "model/mining_returns.hpp"
#include "model/module.hpp"

namespace asmsim {

class LabourModule final : public Module {
public:
    explicit LabourModule(const ModelContext& ctx);
    std::string_view name() const override { return "labour"; }
    std::string_view summary() const override {
        return "households enter or leave mining by comparing expected mining returns with other work; "
               "entrants move to booming sites";
    }
    PassKind pass_kind(int) const override { return PassKind::rows; }
    void visit_rows(int, World& world, RowRange rows) override;

private:
    RandomEngine rng_;
    MiningReturns returns_;
    double wage_, risk_discount_, entry_margin_, exit_margin_, switch_share_;
    int site_samples_;
    static constexpr int max_site_samples = 100;  // the schema's upper bound
};

}  // namespace asmsim
