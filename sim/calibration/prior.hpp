#pragma once
// Priors of calibrated parameters: uniform, normal, lognormal, beta or gamma, each truncated to
// [lower, upper] (finite bounds, always). Densities and quantiles come from Boost.Math; a draw is
// the truncated distribution's quantile of a uniform number, so it costs one number whatever the
// bounds. Formulas in docs/calibration.md.

#include <string>

namespace asmsim {

enum class PriorKind { uniform, normal, lognormal, beta, gamma };

struct Prior {
    PriorKind kind = PriorKind::uniform;
    // normal: mean, sd; lognormal: mu, sigma (of the logarithm); beta: alpha, beta (of the
    // standard beta, stretched to [lower, upper]); gamma: shape k, scale theta; uniform: unused.
    double a = 0.0, b = 0.0;
    double lower = 0.0, upper = 1.0;

    // The truncated density at x: 0 outside [lower, upper].
    double density(double x) const;
    // The truncated distribution's quantile at u in (0, 1): inside [lower, upper].
    double quantile(double u) const;
    // Probability the untruncated distribution gives to [lower, upper] (1 for uniform and beta).
    double mass() const;
    // "normal(mean 0.3, sd 0.1) on [0, 1]"
    std::string describe() const;
};

const char* to_string(PriorKind kind);

}  // namespace asmsim
