#pragma once
// ABC-SMC: approximate Bayesian computation by sequential Monte Carlo, with adaptive tolerances
// (Del Moral, Doucet and Jasra 2012) and importance weights (Beaumont, Cornuet, Marin and Robert
// 2009). Generation 0 draws N particles from the prior; generation t > 0 proposes particles by
// picking an ancestor of generation t-1 by weight and perturbing it with a multivariate normal
// kernel of twice the weighted covariance, keeps those whose distance is at most the tolerance
// eps_t (the `quantile` quantile of the distances of generation t-1), and weights them
//     w_i  proportional to  prior(theta_i) / sum_j w_j^(t-1) K(theta_i | theta_j^(t-1)).
// Proposal k of generation t draws its random numbers from the stream (seed, "calibration", t)
// at position k, and its simulation from (generation, k) through `simulate`: proposals are run in
// batches whose size depends only on earlier results, and accepted in index order, so the result
// is the same whatever the number of threads or MPI ranks, and a journal's outcomes replayed in
// place of their simulations give the same result. Equations in docs/calibration.md.

#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "calibration/prior.hpp"

namespace asmsim {

struct AbcSettings {
    int particles = 200;              // N, accepted particles per generation
    double quantile = 0.5;            // eps_t = this quantile of the distances of generation t-1
    double min_tolerance = 0.0;       // stop once eps_t <= this
    double min_acceptance = 0.02;     // stop once a generation accepts less than this share of its proposals
    int max_generations = 20;         // stop after this many generations (generation 0 included)
    std::int64_t budget = 20000;      // stop before running more simulations than this
};

// What a calibration runs: the priors (one per parameter), the observed targets and their
// uncertainties, and the model. `simulate` returns one value per target for a parameter vector;
// it is called from several threads at once, and its result must depend only on its arguments.
// It may throw: the proposal is then rejected (distance +inf) and counted as failed.
struct AbcProblem {
    std::vector<Prior> priors;
    std::vector<double> observed, uncertainty;
    std::function<std::vector<double>(const std::vector<double>& theta, int generation, std::int64_t proposal)> simulate;
};

struct AbcGeneration {
    double tolerance = std::numeric_limits<double>::infinity();  // eps_t (+inf for generation 0)
    std::int64_t simulations = 0;  // simulations run for this generation (including the batch's surplus)
    std::int64_t proposals = 0;    // proposals up to and including the N-th accepted
    std::int64_t failed = 0;       // simulations that failed (counted in simulations)
    double acceptance_rate = 0.0;  // N / proposals
    double ess = 0.0;              // effective sample size of the weights
    std::vector<double> theta;     // N x d, row-major
    std::vector<double> weights;   // N, summing to 1
    std::vector<double> distances;  // N
    std::vector<double> simulated;  // N x targets, row-major
};

struct AbcResult {
    std::vector<AbcGeneration> generations;  // complete generations; the last is the posterior
    std::int64_t simulations = 0;            // all simulations run (an incomplete last generation's included)
    std::string stop_reason;
};

// Called after every simulation (from worker threads) with whether it failed.
using AbcTick = std::function<void(bool failed)>;
// Called after each complete generation, from the calling thread.
using AbcGenerationDone = std::function<void(int generation, const AbcGeneration&)>;

// One simulation of a calibration: what a journal records and replays.
struct AbcOutcome {
    std::int64_t simulation = 0;  // its index among all the calibration's simulations, 0, 1, ...
    int generation = 0;
    std::int64_t proposal = 0;      // k within the generation
    std::vector<double> theta;      // the proposal's parameters
    std::vector<double> simulated;  // one value per target (NaN when failed)
    bool failed = false;
};

// Where the proposals run. Proposal k of a batch runs on rank k mod `ranks`, on `threads`
// threads; `all_gather` (required when ranks > 1) returns the concatenation, in rank order, of
// every rank's argument (MPI_Allgatherv), so that every rank holds every outcome of the batch.
// `recall` fills in the outcome of a simulation already run (from a journal) and returns true,
// or returns false; `record` is called after each simulation this process ran, one call at a
// time, to journal it. Either may throw, which stops the calibration.
struct AbcExecution {
    int threads = 1;
    int rank = 0, ranks = 1;
    std::function<std::vector<double>(const std::vector<double>& mine)> all_gather;
    std::function<bool(AbcOutcome& outcome)> recall;
    std::function<void(const AbcOutcome& outcome)> record;
    AbcTick tick;  // every simulation of the batch (after the exchange for other ranks' ones)
    AbcGenerationDone done;
};

AbcResult run_abc_smc(const AbcProblem& problem, const AbcSettings& settings, std::uint64_t seed,
                      const AbcExecution& execution);
// All proposals on this process's threads, no journal.
AbcResult run_abc_smc(const AbcProblem& problem, const AbcSettings& settings, std::uint64_t seed, int threads,
                      const AbcTick& tick = {}, const AbcGenerationDone& done = {});

// The pieces, for tests.
// sqrt(sum_i ((simulated_i - observed_i) / uncertainty_i)^2); +inf when any value is not finite.
double abc_distance(const std::vector<double>& simulated, const std::vector<double>& observed,
                    const std::vector<double>& uncertainty);
// (sum w)^2 / sum w^2
double effective_sample_size(const std::vector<double>& weights);
// The smallest value whose cumulative weight reaches q of the total (weights need not sum to 1).
double weighted_quantile(const std::vector<double>& values, const std::vector<double>& weights, double q);
// The weighted covariance (d x d, row-major) of N particles (N x d, row-major) with weights summing to 1.
std::vector<double> weighted_covariance(const std::vector<double>& theta, const std::vector<double>& weights, int d);
// Normalised importance weights of new particles (Beaumont et al. 2009) given the previous
// generation and the kernel covariance.
std::vector<double> smc_weights(const std::vector<double>& theta, const std::vector<double>& previous_theta,
                                const std::vector<double>& previous_weights, const std::vector<double>& kernel_covariance,
                                const std::vector<Prior>& priors);
// Weights of generation 0 (drawn from the prior itself): equal.
std::vector<double> equal_weights(int n);

}  // namespace asmsim
