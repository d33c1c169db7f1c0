#pragma once
// Labour and participation: a share of households review their choice each month and mine with the
// logit chance that the value of mining (income, hope of a windfall, risk, sunk entry cost, a debt
// falling due, moving) beats other work; entrants take the best of a few sites (docs/model.md 7.5).

#include <vector>

#include "model/context.hpp"
#include "model/mining_returns.hpp"
#include "model/module.hpp"
#include "model/occupational_choice.hpp"
#include "model/row_selection.hpp"

namespace asmsim {

class LabourModule final : public Module {
public:
    explicit LabourModule(const ModelContext& ctx);
    std::string_view name() const override { return "labour"; }
    std::string_view summary() const override {
        return "households review whether to mine (logit choice on income, risk, hope of a windfall, sunk "
               "entry cost, debts, season); entrants move to booming sites";
    }
    PassKind pass_kind(int) const override { return PassKind::rows; }
    void visit_rows(int, World& world, RowRange rows) override;

private:
    RandomEngine rng_;
    std::vector<double> u_;  // the block's draws
    RowList reviewers_;      // scratch: the block's households that review their choice this month
    MiningReturns returns_;
    OccupationalChoice choice_;
    int site_samples_;
};

}  // namespace asmsim
