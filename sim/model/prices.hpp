#pragma once
// World mineral prices, one process per commodity (docs/model.md, "Prices").

#include <string>
#include <vector>

#include "model/context.hpp"
#include "model/module.hpp"

namespace asmsim {

// One commodity's price path. Month m draws three numbers (diffusion, jump count, jump size) from
// position (0, m) of the commodity's stream whatever the process, so changing a parameter never
// changes the draws of other months: scenarios stay aligned under common random numbers.
class PriceProcess {
public:
    PriceProcess(const ParameterSet& params, const ModelInputs& inputs, Commodity commodity);
    // Price in USD/g for `month` (0, 1, 2, ... in order), shock included.
    double next(int month, RandomEngine& rng);
    // The scheduled-shock factor for a month (1 outside the shock).
    double shock_factor(int month) const;

private:
    enum class Kind { gbm_jump, log_ou, replay } kind_;
    double log_price_;  // underlying process, before the shock
    double drift_, volatility_, jump_rate_, jump_mean_log_, jump_sd_log_;
    double reversion_, log_long_run_;
    const PriceSeries* series_ = nullptr;
    int first_row_ = 0;
    int shock_start_, shock_duration_, shock_recovery_;
    double shock_size_;
};

class PriceModule final : public WholeModule {
public:
    explicit PriceModule(const ModelContext& ctx);
    std::string_view name() const override { return "prices"; }
    std::string_view summary() const override {
        return "world price of each mineral for the month (GBM with jumps, log-OU, or replay; "
               "scheduled shocks on top)";
    }
    void step(World& world, Results& results) override;

private:
    std::vector<PriceProcess> processes_;
    std::vector<RandomEngine> streams_;  // one per commodity: "prices.gold", ...
    std::vector<int> output_;
};

}  // namespace asmsim
