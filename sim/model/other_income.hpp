#pragma once
// Farm and off-farm income (docs/model.md, "Other income"). Farms need labour; mining households
// keep a seasonal share of their workers on the farm; non-mining households farm first and sell
// the rest of their labour off-farm.

#include <vector>

#include "model/context.hpp"
#include "model/module.hpp"

namespace asmsim {

class OtherIncomeModule final : public Module {
public:
    explicit OtherIncomeModule(const ModelContext& ctx);
    std::string_view name() const override { return "other_income"; }
    std::string_view summary() const override {
        return "farm income from land and the labour on it; off-farm wages for workers of non-mining households";
    }
    PassKind pass_kind(int) const override { return PassKind::rows; }
    void visit_rows(int, World& world, RowRange rows) override;

private:
    RandomEngine rng_;
    double farm_usd_per_ha_, workers_per_ha_, wage_usd_, sd_log_;
    double farm_share_dry_, farm_share_rainy_;
    std::vector<double> luck_;  // scratch: the block's luck factors
};

}  // namespace asmsim
