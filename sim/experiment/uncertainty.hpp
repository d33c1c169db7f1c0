#pragma once
// Decisions under parameter uncertainty (`asmsim compare --posterior/--prior`, docs/calibration.md,
// "Decisions under parameter uncertainty"): parameter draws from a weighted posterior sample or
// from priors, the combined (parameter + stochastic) interval of an effect by the law of total
// variance, rank probabilities over draws and Spearman rank correlations. Pure functions: every
// random number comes from a counter-based stream keyed by (seed, draw), so results do not depend
// on threads or on the order in which draws are made.

#include <cstdint>
#include <string>
#include <vector>

#include "calibration/prior.hpp"

namespace asmsim {

// Draw d's particle: the inverse of the weights' cumulative distribution at a uniform number of
// the stream (seed, "uncertainty", 0, module "posterior_resample") at position (d, 0), so
// particle i is drawn with probability weights[i] / sum(weights), independently for every draw.
// Throws std::invalid_argument when the weights are empty, negative, non-finite or sum to 0.
std::vector<std::size_t> resample_particles(const std::vector<double>& weights, std::uint64_t seed, int draws);

// The calibrated parameters of a calibration config (TOML) with their priors and units ("1" when
// dimensionless). Loading checks every prior against its parameter's valid range, and the targets
// file, as `asmsim calibrate` does: bad input throws InputError naming file, line and key.
struct CalibrationPriors {
    std::vector<std::string> names, units;
    std::vector<Prior> priors;
};
CalibrationPriors load_calibration_priors(const std::string& path);

// Draw d from independent priors: parameter j is priors[j].quantile(u) with the j-th uniform of the
// stream (seed, "uncertainty", 0, module "prior_draw") at position (d, 0). Row-major draws x priors.
std::vector<double> prior_draws(const std::vector<Prior>& priors, std::uint64_t seed, int draws);

// The effect of one intervention on one outcome over draws, from each draw's replicate effects
// (effects[d][r]: replicate r of draw d, intervention minus baseline under common random numbers).
// With Y_d the mean of draw d's R replicates and s_d^2 their sample variance:
//   within  W = mean_d(s_d^2) / R      E[Var(Y | parameters)]: the stochastic error of one draw's effect
//   total   V = var_d(Y_d)             (sample variance over draws, N - 1 denominator)
//   between B = max(0, V - W)          Var(E[Y | parameters]): the parameters' share (law of total variance)
// combined interval: mean_d(Y_d) +- t(0.975, N - 1) * sqrt(W + B)
// stochastic-only:   mean_d(Y_d) +- t(0.975, N (R - 1)) * sqrt(W)
// With one draw the combined interval is the stochastic one; with one replicate W is unknown, the
// stochastic interval is NaN and the combined one uses V alone.
struct CombinedEffect {
    double mean = 0.0;
    double within_variance = 0.0, between_variance = 0.0, total_variance = 0.0;
    double lower = 0.0, upper = 0.0;                        // combined
    double stochastic_lower = 0.0, stochastic_upper = 0.0;  // stochastic only
};
CombinedEffect combine_effects(const std::vector<std::vector<double>>& effects);

// Rank of every intervention in every draw on one criterion, values[d][i], best first (direction
// +1: higher is better, -1: lower is better). Tied values share the mean of their ranks and split
// the first place equally; a NaN value (e.g. a benefit-cost ratio without cost) ranks after every
// number, NaNs tied among themselves.
struct RankSummary {
    std::vector<std::vector<double>> rank;  // [draw][intervention], 1 = best
    std::vector<double> first_probability;  // share of draws in which each ranks first (sums to 1)
    std::vector<double> expected_rank;      // mean rank over draws
};
RankSummary rank_interventions(const std::vector<std::vector<double>>& values, int direction);

// Spearman's rank correlation of x and y (Pearson correlation of their mid-ranks, ties averaged).
// NaN when either is constant or there are fewer than 2 points.
double spearman(const std::vector<double>& x, const std::vector<double>& y);

// Mid-ranks (1-based) of the values, ties averaged; NaN values rank last, tied among themselves.
std::vector<double> mid_ranks(const std::vector<double>& values);

}  // namespace asmsim
