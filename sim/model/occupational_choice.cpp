#include "model/occupational_choice.hpp"

#include <cmath>
#include <string>

#include "core/input_error.hpp"

namespace asmsim {

namespace {
// Decision weight of a chance p (Tversky & Kahneman 1992): p^d / (p^d + (1 - p)^d)^(1/d); d = 1 gives p.
double decision_weight(double p, double d) {
    if (p <= 0.0) return 0.0;
    const double a = std::pow(p, d);
    return a / std::pow(a + std::pow(1.0 - p, d), 1.0 / d);
}
}  // namespace

OccupationalChoice::OccupationalChoice(const ParameterSet& p)
    : wage_usd_(p.real("labour.offfarm_usd_per_worker_month")),
      site_cost_usd_(p.real("roles.cost_usd_per_worker_month")),
      entry_cost_usd_(p.real("labour.entry_cost_usd")),
      move_cost_usd_(p.real("migration.cost_usd")),
      noise_usd_(p.real("labour.choice_noise_usd")),
      review_share_(p.real("labour.switch_share_monthly")),
      rainy_review_factor_(p.real("labour.rainy_review_factor")),
      horizon_(static_cast<double>(p.integer("labour.choice_horizon_months"))) {
    // Rich finds (7.19): R = K with chance pr, else q = (1 - pr K) / (1 - pr), so that E[R] = 1.
    const double pr = p.real("production.rich_find_probability_monthly");
    const double k = p.real("production.rich_find_multiplier");
    const double q = pr < 1.0 ? (1.0 - pr * k) / (1.0 - pr) : 0.0;
    // Hope: over the horizon, at least one rich find (chance pH) adds (K - q) v once; it is weighted
    // w(pH) instead of pH. Per month: (w(pH) - pH)(K - q) / H of v (0 when d = 1 or no rich finds).
    const double p_h = 1.0 - std::pow(1.0 - pr, horizon_);
    const double excess = decision_weight(p_h, p.real("labour.windfall_weight_curvature")) - p_h;
    hope_share_ = std::max(0.0, excess) * (k - q) / horizon_;
    // Risk: the monthly factor (luck x rich find) has mean 1 and variance
    // kappa = exp(s^2)(1 + var R) - 1; its mean over H months kappa / H; premium gamma var / (2 W).
    const double var_rich = pr * k * k + (1.0 - pr) * q * q - 1.0;
    const double s = p.real("production.output_sd_log");
    const double kappa = std::exp(s * s) * (1.0 + std::max(0.0, var_rich)) - 1.0;
    risk_coefficient_ = p.real("labour.risk_aversion") * kappa / (2.0 * horizon_);
}

void check_choice_parameters(const ParameterSet& p) {
    const double share = p.real("labour.switch_share_monthly");
    const double factor = p.real("labour.rainy_review_factor");
    if (share * factor > 1.0)
        throw InputError({}, factor > 1.0 ? "labour.rainy_review_factor" : "labour.switch_share_monthly",
                         "labour.switch_share_monthly x labour.rainy_review_factor is " + std::to_string(share * factor) +
                             ": the chance of reviewing the choice in a rainy month would exceed 1",
                         "keep labour.switch_share_monthly x labour.rainy_review_factor <= 1");
}

}  // namespace asmsim
