#pragma once
// Consumption (docs/model.md, "Consumption and borrowing"): a household short of its subsistence
// borrows the shortfall from the cheapest formal lender whose cost it accepts, else (if it mines)
// from a trader; then it consumes subsistence plus a share of the cash above it and saves the rest.

#include "model/context.hpp"
#include "model/lending.hpp"
#include "model/mining_returns.hpp"
#include "model/module.hpp"
#include "model/row_selection.hpp"

namespace asmsim {

class ConsumptionModule final : public Module {
public:
    explicit ConsumptionModule(const ModelContext& ctx);
    std::string_view name() const override { return "consumption"; }
    std::string_view summary() const override {
        return "households short of subsistence borrow (cheapest acceptable lender, else trader pre-finance); "
               "they consume and save the rest";
    }
    PassKind pass_kind(int) const override { return PassKind::rows; }
    void visit_rows(int, World& world, RowRange rows) override;

private:
    Lending lending_;
    MiningReturns returns_;
    double subsistence_usd_per_ae_, child_ae_weight_, mpc_;
    RowList short_;  // scratch: the block's households short of their subsistence
};

}  // namespace asmsim
