#pragma once
// Consumption (docs/model.md 7.14, "Consumption, borrowing and livestock"): the household updates
// its permanent income from its own income; short of what it wants to spend it sells livestock at a
// discount; short of subsistence it borrows the shortfall from the cheapest formal lender whose cost
// it accepts, else (if it mines) from a trader; it consumes by a buffer-stock rule (Deaton 1991,
// Carroll 1997) from cash on hand and permanent income, and buys livestock with cash well above target.

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
        return "permanent income learned; livestock sold when short; households short of subsistence borrow "
               "(cheapest acceptable lender, else trader pre-finance); buffer-stock consumption; livestock bought";
    }
    PassKind pass_kind(int) const override { return PassKind::rows; }
    void visit_rows(int, World& world, RowRange rows) override;

private:
    Lending lending_;
    MiningReturns returns_;
    double subsistence_usd_per_ae_, child_ae_weight_, mpc_;
    bool buffer_stock_;
    double learning_rate_, buffer_months_, kappa_, buy_threshold_, buy_share_, sale_discount_;
    RowList short_;  // scratch: the block's households short of their subsistence
};

}  // namespace asmsim
