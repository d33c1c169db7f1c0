#include "calibration/abc_smc.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <exception>
#include <mutex>
#include <numeric>
#include <stdexcept>
#include <thread>

#include <Eigen/Cholesky>
#include <Eigen/Core>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/uniform_01.hpp>

#include "core/parallel_for.hpp"
#include "core/random_streams.hpp"

namespace asmsim {

namespace {

struct Proposal {
    std::vector<double> theta, simulated;
    double distance = std::numeric_limits<double>::infinity();
    bool failed = false;
};

// Gives every rank every outcome of a batch: each rank sends its own proposals, packed as
// (index in the batch, failed, distance, theta, simulated), and unpacks everyone's. Proposals are
// copied bit for bit, so the batch is the same on every rank as in a single process.
void exchange(std::vector<Proposal>& proposals, const std::vector<std::int64_t>& mine, const AbcExecution& x,
              std::size_t D, std::size_t T) {
    const std::size_t width = 3 + D + T;
    std::vector<double> packed;
    packed.reserve(mine.size() * width);
    for (std::int64_t i : mine) {
        const Proposal& p = proposals[static_cast<std::size_t>(i)];
        packed.push_back(static_cast<double>(i));
        packed.push_back(p.failed ? 1.0 : 0.0);
        packed.push_back(p.distance);
        packed.insert(packed.end(), p.theta.begin(), p.theta.end());
        packed.insert(packed.end(), p.simulated.begin(), p.simulated.end());
    }
    const std::vector<double> all = x.all_gather(packed);
    if (all.size() % width != 0 || all.size() / width != proposals.size())
        throw std::runtime_error("calibration: the ranks exchanged " + std::to_string(all.size() / width) + " proposals for a batch of " +
                                 std::to_string(proposals.size()));
    for (std::size_t r = 0; r < all.size(); r += width) {
        const auto i = static_cast<std::size_t>(all[r]);
        Proposal& p = proposals.at(i);
        p.failed = all[r + 1] != 0.0;
        p.distance = all[r + 2];
        p.theta.assign(all.begin() + static_cast<std::ptrdiff_t>(r + 3), all.begin() + static_cast<std::ptrdiff_t>(r + 3 + D));
        p.simulated.assign(all.begin() + static_cast<std::ptrdiff_t>(r + 3 + D), all.begin() + static_cast<std::ptrdiff_t>(r + width));
    }
}

// The lower Cholesky factor of the perturbation kernel's covariance; a covariance that is not
// positive definite (a parameter with one value left) gets a small ridge on its diagonal.
Eigen::MatrixXd kernel_factor(const std::vector<double>& covariance, const std::vector<Prior>& priors) {
    const int d = static_cast<int>(priors.size());
    Eigen::MatrixXd sigma(d, d);
    for (int i = 0; i < d; ++i)
        for (int j = 0; j < d; ++j) sigma(i, j) = covariance[static_cast<std::size_t>(i * d + j)];
    for (double ridge = 0.0;; ridge = ridge == 0.0 ? 1e-12 : ridge * 100) {
        Eigen::MatrixXd s = sigma;
        for (int i = 0; i < d; ++i) {
            const double width = priors[static_cast<std::size_t>(i)].upper - priors[static_cast<std::size_t>(i)].lower;
            s(i, i) += ridge * width * width;
        }
        Eigen::LLT<Eigen::MatrixXd> llt(s);
        if (llt.info() == Eigen::Success || ridge > 1e-2) return llt.matrixL();
    }
}

double prior_density(const std::vector<Prior>& priors, const double* theta) {
    double p = 1.0;
    for (std::size_t i = 0; i < priors.size(); ++i) p *= priors[i].density(theta[i]);
    return p;
}

}  // namespace

double abc_distance(const std::vector<double>& simulated, const std::vector<double>& observed,
                    const std::vector<double>& uncertainty) {
    double sum = 0.0;
    for (std::size_t i = 0; i < observed.size(); ++i) {
        const double z = (simulated[i] - observed[i]) / uncertainty[i];
        sum += z * z;
    }
    return std::isfinite(sum) ? std::sqrt(sum) : std::numeric_limits<double>::infinity();
}

double effective_sample_size(const std::vector<double>& weights) {
    double s = 0.0, s2 = 0.0;
    for (double w : weights) {
        s += w;
        s2 += w * w;
    }
    return s2 > 0 ? s * s / s2 : 0.0;
}

double weighted_quantile(const std::vector<double>& values, const std::vector<double>& weights, double q) {
    std::vector<std::size_t> order(values.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
    const double total = std::accumulate(weights.begin(), weights.end(), 0.0);
    double cumulative = 0.0;
    for (std::size_t i : order) {
        cumulative += weights[i];
        if (cumulative >= q * total) return values[i];
    }
    return order.empty() ? std::nan("") : values[order.back()];
}

std::vector<double> weighted_covariance(const std::vector<double>& theta, const std::vector<double>& weights, int d) {
    const std::size_t n = weights.size(), D = static_cast<std::size_t>(d);
    std::vector<double> mean(D, 0.0), cov(D * D, 0.0);
    for (std::size_t k = 0; k < n; ++k)
        for (std::size_t i = 0; i < D; ++i) mean[i] += weights[k] * theta[k * D + i];
    for (std::size_t k = 0; k < n; ++k)
        for (std::size_t i = 0; i < D; ++i)
            for (std::size_t j = 0; j < D; ++j)
                cov[i * D + j] += weights[k] * (theta[k * D + i] - mean[i]) * (theta[k * D + j] - mean[j]);
    return cov;
}

std::vector<double> equal_weights(int n) { return std::vector<double>(static_cast<std::size_t>(n), 1.0 / n); }

std::vector<double> smc_weights(const std::vector<double>& theta, const std::vector<double>& previous_theta,
                                const std::vector<double>& previous_weights, const std::vector<double>& kernel_covariance,
                                const std::vector<Prior>& priors) {
    const int d = static_cast<int>(priors.size());
    const std::size_t D = priors.size(), n = theta.size() / D, m = previous_weights.size();
    const Eigen::MatrixXd L = kernel_factor(kernel_covariance, priors);
    // log w_i = log prior(theta_i) - log sum_j w_j exp(-|L^-1 (theta_i - theta_j)|^2 / 2); the
    // kernel's normalising constant is the same for every i and cancels when normalising.
    std::vector<double> log_w(n);
    Eigen::VectorXd diff(d);
    for (std::size_t i = 0; i < n; ++i) {
        const double prior = prior_density(priors, &theta[i * D]);
        if (prior <= 0) {
            log_w[i] = -std::numeric_limits<double>::infinity();
            continue;
        }
        std::vector<double> terms(m);
        double top = -std::numeric_limits<double>::infinity();
        for (std::size_t j = 0; j < m; ++j) {
            for (std::size_t k = 0; k < D; ++k) diff(static_cast<Eigen::Index>(k)) = theta[i * D + k] - previous_theta[j * D + k];
            const Eigen::VectorXd z = L.triangularView<Eigen::Lower>().solve(diff);
            terms[j] = std::log(previous_weights[j]) - 0.5 * z.squaredNorm();
            top = std::max(top, terms[j]);
        }
        double sum = 0.0;
        for (double t : terms) sum += std::exp(t - top);
        log_w[i] = std::log(prior) - (top + std::log(sum));
    }
    const double top = *std::max_element(log_w.begin(), log_w.end());
    std::vector<double> w(n);
    double total = 0.0;
    for (std::size_t i = 0; i < n; ++i) total += w[i] = std::exp(log_w[i] - top);
    for (double& x : w) x /= total;
    return w;
}

AbcResult run_abc_smc(const AbcProblem& problem, const AbcSettings& settings, std::uint64_t seed, int threads,
                      const AbcTick& tick, const AbcGenerationDone& done) {
    AbcExecution execution;
    execution.threads = threads;
    execution.tick = tick;
    execution.done = done;
    return run_abc_smc(problem, settings, seed, execution);
}

AbcResult run_abc_smc(const AbcProblem& problem, const AbcSettings& settings, std::uint64_t seed, const AbcExecution& x) {
    if (x.ranks > 1 && !x.all_gather) throw std::logic_error("run_abc_smc: several ranks need all_gather");
    const int N = settings.particles;
    const std::size_t D = problem.priors.size(), T = problem.observed.size();
    AbcResult result;
    Eigen::MatrixXd L;                  // kernel factor of the current generation (t > 0)
    std::vector<double> cumulative;     // cumulative weights of the previous generation
    double tolerance = std::numeric_limits<double>::infinity();

    for (int t = 0; t < settings.max_generations; ++t) {
        const AbcGeneration* previous = t > 0 ? &result.generations.back() : nullptr;
        if (previous) {
            L = kernel_factor([&] {
                auto c = weighted_covariance(previous->theta, previous->weights, static_cast<int>(D));
                for (double& x : c) x *= 2.0;
                return c;
            }(), problem.priors);
            cumulative.assign(previous->weights.size(), 0.0);
            std::partial_sum(previous->weights.begin(), previous->weights.end(), cumulative.begin());
        }
        std::mutex record_mutex;
        const RandomEngine stream = make_stream(StreamKey{seed, "calibration", static_cast<std::uint64_t>(t)}, "abc_proposal");

        // Proposal k of this generation, simulation s of the calibration: its parameters and its
        // simulation (or the journal's record of it).
        auto propose = [&](std::int64_t k, std::int64_t s) {
            Proposal p;
            RandomEngine engine = stream;
            engine.seek(static_cast<std::uint64_t>(k), 0);
            boost::random::uniform_01<double> uniform;
            boost::random::normal_distribution<double> normal;
            p.theta.assign(D, 0.0);
            bool inside = true;
            if (!previous) {
                for (std::size_t i = 0; i < D; ++i) p.theta[i] = problem.priors[i].quantile(uniform(engine));
            } else {
                // Ancestor by weight, then the kernel; redrawn (both) until inside the prior's support,
                // which keeps the proposal density proportional to the untruncated mixture there.
                inside = false;
                Eigen::VectorXd z(static_cast<Eigen::Index>(D));
                for (int attempt = 0; attempt < 10000 && !inside; ++attempt) {
                    const double u = uniform(engine) * cumulative.back();
                    const std::size_t j = std::min<std::size_t>(
                        static_cast<std::size_t>(std::upper_bound(cumulative.begin(), cumulative.end(), u) - cumulative.begin()),
                        cumulative.size() - 1);
                    for (std::size_t i = 0; i < D; ++i) z(static_cast<Eigen::Index>(i)) = normal(engine);
                    const Eigen::VectorXd step = L * z;
                    for (std::size_t i = 0; i < D; ++i) p.theta[i] = previous->theta[j * D + i] + step(static_cast<Eigen::Index>(i));
                    inside = prior_density(problem.priors, p.theta.data()) > 0;
                }
            }
            p.simulated.assign(T, std::nan(""));
            if (!inside) {
                p.failed = true;
                return p;
            }
            AbcOutcome o;
            o.simulation = s;
            o.generation = t;
            o.proposal = k;
            o.theta = p.theta;
            if (x.recall && x.recall(o)) {
                p.simulated = std::move(o.simulated);
                p.failed = o.failed;
            } else {
                try {
                    o.simulated = problem.simulate(p.theta, t, k);
                } catch (const std::exception&) {
                    o.failed = true;
                }
                if (o.simulated.size() != T) {
                    o.simulated.assign(T, std::nan(""));
                    o.failed = true;
                }
                if (x.record) {
                    std::lock_guard<std::mutex> lock(record_mutex);
                    x.record(o);
                }
                p.simulated = std::move(o.simulated);
                p.failed = o.failed;
            }
            if (p.simulated.size() != T) {  // a journal record of another shape
                p.simulated.assign(T, std::nan(""));
                p.failed = true;
            }
            if (!p.failed) p.distance = abc_distance(p.simulated, problem.observed, problem.uncertainty);
            return p;
        };

        AbcGeneration g;
        g.tolerance = tolerance;
        double rate = previous ? previous->acceptance_rate : 1.0;
        std::int64_t next = 0, accepted = 0;
        while (accepted < N) {
            const std::int64_t left = settings.budget - result.simulations;
            if (left <= 0) break;
            const std::int64_t need = N - accepted;
            if (next > 0) rate = std::min(1.0, (static_cast<double>(accepted) + 1.0) / (static_cast<double>(next) + 1.0));
            // Enough proposals for the particles still needed at the rate seen so far, with a margin
            // when some are rejected; the size depends only on earlier results, never on threads.
            const double margin = rate < 1.0 ? 1.2 : 1.0;
            std::int64_t batch = static_cast<std::int64_t>(std::ceil(static_cast<double>(need) / std::max(rate, 1e-3) * margin));
            batch = std::min({std::max(batch, need), static_cast<std::int64_t>(20) * N, left});
            std::vector<Proposal> proposals(static_cast<std::size_t>(batch));
            std::vector<std::int64_t> mine;  // this rank's proposals: k mod ranks == rank
            for (std::int64_t i = 0; i < batch; ++i)
                if ((next + i) % x.ranks == x.rank) mine.push_back(i);
            parallel_for(mine.size(), x.threads, [&](std::size_t j) {
                const std::int64_t i = mine[j];
                proposals[static_cast<std::size_t>(i)] = propose(next + i, result.simulations + i);
                if (x.tick) x.tick(proposals[static_cast<std::size_t>(i)].failed);
            });
            if (x.ranks > 1) {
                exchange(proposals, mine, x, D, T);
                if (x.tick)
                    for (std::int64_t i = 0; i < batch; ++i)
                        if ((next + i) % x.ranks != x.rank) x.tick(proposals[static_cast<std::size_t>(i)].failed);
            }
            for (std::int64_t i = 0; i < batch; ++i) {
                Proposal& p = proposals[static_cast<std::size_t>(i)];
                g.failed += p.failed;
                if (accepted == N || !(p.distance <= tolerance) || !std::isfinite(p.distance)) continue;
                ++accepted;
                g.proposals = next + i + 1;
                g.theta.insert(g.theta.end(), p.theta.begin(), p.theta.end());
                g.simulated.insert(g.simulated.end(), p.simulated.begin(), p.simulated.end());
                g.distances.push_back(p.distance);
            }
            next += batch;
            g.simulations += batch;
            result.simulations += batch;
        }
        if (accepted < N) {
            result.stop_reason = "budget of " + std::to_string(settings.budget) + " simulations spent" +
                                 (t > 0 ? " (generation " + std::to_string(t) + " incomplete, discarded)" : " before generation 0 was complete");
            return result;
        }
        g.acceptance_rate = static_cast<double>(N) / static_cast<double>(g.proposals);
        g.weights = previous ? smc_weights(g.theta, previous->theta, previous->weights,
                                           [&] {
                                               Eigen::MatrixXd s = L * L.transpose();
                                               return std::vector<double>(s.data(), s.data() + s.size());
                                           }(),
                                           problem.priors)
                             : equal_weights(N);
        g.ess = effective_sample_size(g.weights);
        result.generations.push_back(std::move(g));
        const AbcGeneration& last = result.generations.back();
        if (x.done) x.done(t, last);

        if (t > 0 && last.acceptance_rate < settings.min_acceptance) {
            result.stop_reason = "acceptance rate below min_acceptance";
            return result;
        }
        if (t > 0 && last.tolerance <= settings.min_tolerance) {
            result.stop_reason = "tolerance reached min_tolerance";
            return result;
        }
        const double next_tolerance = weighted_quantile(last.distances, last.weights, settings.quantile);
        if (!(next_tolerance < tolerance)) {
            result.stop_reason = "the tolerance no longer decreases";
            return result;
        }
        tolerance = next_tolerance;
        if (result.simulations >= settings.budget) {
            result.stop_reason = "budget of " + std::to_string(settings.budget) + " simulations spent";
            return result;
        }
    }
    result.stop_reason = "max_generations reached";
    return result;
}

}  // namespace asmsim
