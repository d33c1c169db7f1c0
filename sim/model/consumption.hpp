#pragma once
// Consumption out of cash on hand, and savings (docs/model.md, "Consumption and savings").

#include "model/context.hpp"
#include "model/module.hpp"

namespace asmsim {

class ConsumptionModule final : public Module {
public:
    explicit ConsumptionModule(const ModelContext& ctx);
    std::string_view name() const override { return "consumption"; }
    std::string_view summary() const override {
        return "households spend subsistence first, then a share of the cash above it; the rest is saved";
    }
    void step(World& world, Results& results) override;

private:
    double subsistence_usd_per_person_;
    double mpc_;
};

}  // namespace asmsim
