#pragma once
// Summarises the month's household columns into the outputs written to /timeseries
// (docs/outputs.md). It reads state and changes nothing.

#include <array>

#include "model/context.hpp"
#include "model/module.hpp"

namespace asmsim {

class MonthlyOutputsModule final : public Module {
public:
    explicit MonthlyOutputsModule(const ModelContext& ctx);
    std::string_view name() const override { return "monthly_outputs"; }
    std::string_view summary() const override {
        return "record the month's outputs: participation, production, income, poverty, savings";
    }
    void step(World& world, Results& results) override;

private:
    double poverty_line_usd_per_person_month_;
    int n_households_, n_mining_households_, n_miners_;
    std::array<int, n_commodities> production_g_;
    int mining_income_, mean_income_per_capita_, poverty_headcount_, mean_savings_, mean_consumption_;
};

}  // namespace asmsim
