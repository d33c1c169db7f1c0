#pragma once
// Mining output and its sale (docs/model.md, "Production and selling").

#include <array>

#include "model/context.hpp"
#include "model/module.hpp"

namespace asmsim {

class ProductionModule final : public Module {
public:
    explicit ProductionModule(const ModelContext& ctx);
    std::string_view name() const override { return "production"; }
    std::string_view summary() const override {
        return "mining households produce (workers x days x output per worker-day x skill x luck) "
               "and sell at the world price times their price share";
    }
    void step(World& world, Results& results) override;

private:
    RandomEngine rng_;
    double days_per_month_;
    double luck_sd_log_;
    std::array<double, n_commodities> output_g_per_worker_day_;
    std::array<double, n_commodities> price_share_;
};

}  // namespace asmsim
