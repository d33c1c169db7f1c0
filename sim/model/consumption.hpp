#pragma once
// Consumption (docs/model.md, "Consumption and borrowing"): a household short of its subsistence
// borrows the shortfall from the cheapest formal lender whose cost it accepts, else (if it mines)
// from a trader; then it consumes subsistence plus a share of the cash above it and saves the rest.

#include "model/context.hpp"
#include "model/lending.hpp"
#include "model/mining_returns.hpp"
#include "model/module.hpp"

namespace asmsim {

class ConsumptionModule final : public Module {
public:
    explicit ConsumptionModule(const ModelContext& ctx);
    std::string_view name() const override { return "consumption"; }
    std::string_view summary() const override {
        return "households short of subsistence borrow (cheapest acceptable lender, else trader pre-finance); "
               "they consume and save the rest";
    }
    void step(World& world, Results& results) override;

private:
    Lending lending_;
    MiningReturns returns_;
    double subsistence_usd_per_ae_, child_ae_weight_, mpc_;
};

}  // namespace asmsim
