#include "model/prices.hpp"

#include <cmath>

#include "core/draws.hpp"
#include "core/input_error.hpp"

namespace asmsim {

namespace {
constexpr double dt_years = 1.0 / 12.0;
}  // namespace

PriceProcess::PriceProcess(const ParameterSet& params, const ModelInputs& inputs,
                           Commodity commodity) {
    const std::string p = "prices." + std::string(commodity_name(commodity)) + ".";
    const std::string& process = params.text(p + "process");
    kind_ = process == "gbm_jump" ? Kind::gbm_jump : process == "log_ou" ? Kind::log_ou : Kind::replay;
    log_price_ = std::log(params.real(p + "initial_usd_per_g"));
    drift_ = params.real(p + "drift_annual");
    volatility_ = params.real(p + "volatility_annual");
    jump_rate_ = params.real(p + "jump_rate_annual");
    jump_mean_log_ = params.real(p + "jump_mean_log");
    jump_sd_log_ = params.real(p + "jump_sd_log");
    reversion_ = params.real(p + "reversion_rate_annual");
    log_long_run_ = std::log(params.real(p + "long_run_usd_per_g"));
    series_ = inputs.series[index_of(commodity)].get();
    first_row_ = inputs.series_first_row[index_of(commodity)];
    shock_start_ = static_cast<int>(params.integer(p + "shock_start_month"));
    shock_duration_ = static_cast<int>(params.integer(p + "shock_duration_months"));
    shock_recovery_ = static_cast<int>(params.integer(p + "shock_recovery_months"));
    shock_size_ = params.real(p + "shock_size");
}

double PriceProcess::shock_factor(int month) const {
    if (shock_start_ < 0 || month < shock_start_) return 1.0;
    const int since_start = month - shock_start_;
    if (since_start < shock_duration_) return 1.0 + shock_size_;
    const int into_recovery = since_start - shock_duration_;  // 0, 1, ...
    if (into_recovery >= shock_recovery_) return 1.0;
    // Linear fade: recovery month k keeps (R - k) / (R + 1) of the shock.
    return 1.0 + shock_size_ * static_cast<double>(shock_recovery_ - into_recovery) /
                     static_cast<double>(shock_recovery_ + 1);
}

double PriceProcess::next(int month, RandomEngine& rng) {
    // The month's three numbers, drawn whatever the process (each commodity has its own stream).
    rng.seek(0, static_cast<std::uint32_t>(month));
    const double z = draw_normal(rng);
    const double u = draw_uniform(rng);
    const double z_jump = draw_normal(rng);

    if (kind_ == Kind::replay) return series_->usd_per_g[first_row_ + month] * shock_factor(month);

    if (month > 0) {
        const int jumps = jump_rate_ > 0.0 ? poisson_by_inversion(jump_rate_ * dt_years, u) : 0;
        const double jump_log =
            jumps * jump_mean_log_ + std::sqrt(static_cast<double>(jumps)) * jump_sd_log_ * z_jump;
        if (kind_ == Kind::gbm_jump) {
            log_price_ += (drift_ - 0.5 * volatility_ * volatility_) * dt_years +
                          volatility_ * std::sqrt(dt_years) * z + jump_log;
        } else {
            // Exact discretisation of d(log P) = reversion (log_long_run - log P) dt + volatility dW.
            const double a = std::exp(-reversion_ * dt_years);
            const double sd = reversion_ > 0.0
                                  ? volatility_ * std::sqrt((1.0 - a * a) / (2.0 * reversion_))
                                  : volatility_ * std::sqrt(dt_years);
            log_price_ = log_long_run_ + (log_price_ - log_long_run_) * a + sd * z + jump_log;
        }
    }
    return std::exp(log_price_) * shock_factor(month);
}

PriceModule::PriceModule(const ModelContext& ctx) {
    for (Commodity c : all_commodities) {
        const std::string m(commodity_name(c));
        processes_.emplace_back(ctx.params, ctx.inputs, c);
        streams_.push_back(ctx.stream("prices." + m));
        output_.push_back(ctx.results.declare("price_" + m + "_usd_per_g", "USD/g",
                                              "world price of " + m + " (contained mineral)"));
    }
}

void PriceModule::step(World& world, Results& results) {
    for (int c = 0; c < n_commodities; ++c) {
        world.price_usd_per_g[c] = processes_[c].next(world.month, streams_[c]);
        // A process can explode within valid ranges over a long run (large jumps, many years):
        // stop with the reason rather than fill the results with infinities.
        if (!(world.price_usd_per_g[c] > 1e-12 && world.price_usd_per_g[c] < 1e12)) {
            const std::string m(commodity_name(static_cast<Commodity>(c)));
            throw InputError({}, "prices." + m + ".process",
                             "the " + m + " price left [1e-12, 1e12] USD/g in month " + std::to_string(world.month) +
                                 " (" + std::to_string(world.price_usd_per_g[c]) + ")",
                             "drift, volatility or jumps are too large for a run this long");
        }
        results.set(output_[c], world.month, world.price_usd_per_g[c]);
    }
}

}  // namespace asmsim
