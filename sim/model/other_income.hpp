#pragma once
// Farm and off-farm income (docs/model.md, "Other income").

#include "model/context.hpp"
#include "model/module.hpp"

namespace asmsim {

class OtherIncomeModule final : public Module {
public:
    explicit OtherIncomeModule(const ModelContext& ctx);
    std::string_view name() const override { return "other_income"; }
    std::string_view summary() const override {
        return "every household earns farm income; workers of non-mining households earn off-farm income";
    }
    void step(World& world, Results& results) override;

private:
    RandomEngine rng_;
    double farm_usd_;
    double offfarm_usd_per_worker_;
    double sd_log_;
};

}  // namespace asmsim
