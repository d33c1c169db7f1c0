// ABC-SMC pieces (distance, ESS, weighted quantile and covariance, importance weights) and the
// whole algorithm on a conjugate toy problem: weights sum to one, tolerances fall, results do not
// depend on the number of threads.
#include <catch2/catch.hpp>

#include <cmath>
#include <numeric>

#include "calibration/abc_smc.hpp"
#include "core/random_streams.hpp"

using namespace asmsim;

namespace {
Prior uniform(double lower, double upper) {
    Prior p;
    p.lower = lower;
    p.upper = upper;
    return p;
}

// y = theta + noise, the noise a fixed function of (generation, proposal): a stochastic model
// whose result depends only on its arguments.
AbcProblem toy_problem() {
    AbcProblem problem;
    problem.priors = {uniform(-5, 5), uniform(0, 10)};
    problem.observed = {1.0, 4.0};
    problem.uncertainty = {0.5, 1.0};
    problem.simulate = [](const std::vector<double>& theta, int generation, std::int64_t proposal) {
        RandomEngine engine = make_stream(StreamKey{7, "toy", static_cast<std::uint64_t>(generation)}, "noise");
        engine.seek(static_cast<std::uint64_t>(proposal), 0);
        const double u1 = (static_cast<double>(engine() >> 11) + 0.5) / 9007199254740992.0;
        const double u2 = (static_cast<double>(engine() >> 11) + 0.5) / 9007199254740992.0;
        return std::vector<double>{theta[0] + 0.2 * (u1 - 0.5), theta[1] + 0.4 * (u2 - 0.5)};
    };
    return problem;
}
}  // namespace

TEST_CASE("The distance is the uncertainty-scaled Euclidean norm", "[calibration][abc]") {
    CHECK(abc_distance({1, 2}, {1, 2}, {1, 1}) == 0.0);
    CHECK(abc_distance({4, 6}, {1, 2}, {1, 2}) == Approx(std::sqrt(9.0 + 4.0)));
    CHECK(std::isinf(abc_distance({std::nan("")}, {1}, {1})));
}

TEST_CASE("The effective sample size is (sum w)^2 / sum w^2", "[calibration][abc]") {
    CHECK(effective_sample_size(equal_weights(50)) == Approx(50.0));
    CHECK(effective_sample_size({1.0, 0.0, 0.0}) == Approx(1.0));
    CHECK(effective_sample_size({0.5, 0.25, 0.25}) == Approx(1.0 / (0.25 + 0.0625 + 0.0625)));
    CHECK(effective_sample_size({2.0, 1.0, 1.0}) == Approx(16.0 / 6.0));  // unnormalised weights too
}

TEST_CASE("Weighted quantiles and covariances", "[calibration][abc]") {
    CHECK(weighted_quantile({3, 1, 2}, {1, 1, 1}, 0.5) == 2.0);
    CHECK(weighted_quantile({3, 1, 2}, {0.8, 0.1, 0.1}, 0.5) == 3.0);
    CHECK(weighted_quantile({3, 1, 2}, {0.1, 0.1, 0.8}, 0.5) == 2.0);
    CHECK(weighted_quantile({3, 1, 2}, {1, 1, 1}, 1.0) == 3.0);
    // Two particles (0, 0) and (2, 4), equal weights: var 1 and 4, covariance 2.
    const auto c = weighted_covariance({0, 0, 2, 4}, {0.5, 0.5}, 2);
    CHECK(c[0] == Approx(1.0));
    CHECK(c[1] == Approx(2.0));
    CHECK(c[2] == Approx(2.0));
    CHECK(c[3] == Approx(4.0));
}

TEST_CASE("Importance weights sum to one and follow prior / kernel mixture", "[calibration][abc]") {
    const std::vector<Prior> priors = {uniform(0, 10)};
    // One previous particle at 5 with kernel variance 1: w_i proportional to 1 / N(theta_i; 5, 1).
    const auto w = smc_weights({5.0, 6.0, 7.0}, {5.0}, {1.0}, {1.0}, priors);
    CHECK(std::accumulate(w.begin(), w.end(), 0.0) == Approx(1.0));
    CHECK(w[1] / w[0] == Approx(std::exp(0.5)));
    CHECK(w[2] / w[0] == Approx(std::exp(2.0)));
    // A particle outside the prior gets no weight.
    const auto outside = smc_weights({5.0, 11.0}, {5.0}, {1.0}, {1.0}, priors);
    CHECK(outside[1] == 0.0);
    CHECK(outside[0] == Approx(1.0));
}

TEST_CASE("ABC-SMC: weights sum to one, tolerances fall, the posterior concentrates on the truth", "[calibration][abc]") {
    AbcSettings settings;
    settings.particles = 200;
    settings.max_generations = 6;
    settings.budget = 20000;
    settings.min_acceptance = 0.0;
    const AbcResult r = run_abc_smc(toy_problem(), settings, 11, 2);
    REQUIRE(r.generations.size() == 6);
    CHECK(r.stop_reason == "max_generations reached");
    double previous = std::numeric_limits<double>::infinity();
    for (const auto& g : r.generations) {
        CHECK(std::accumulate(g.weights.begin(), g.weights.end(), 0.0) == Approx(1.0));
        if (!std::isinf(g.tolerance)) CHECK(g.tolerance < previous);
        previous = g.tolerance;
        CHECK(g.ess == Approx(effective_sample_size(g.weights)));
        CHECK(g.ess <= settings.particles + 1e-9);
        for (double d : g.distances) CHECK(d <= g.tolerance);
        CHECK(g.acceptance_rate == Approx(static_cast<double>(settings.particles) / static_cast<double>(g.proposals)));
    }
    const auto& last = r.generations.back();
    double m0 = 0, m1 = 0;
    for (int i = 0; i < settings.particles; ++i) {
        m0 += last.weights[static_cast<std::size_t>(i)] * last.theta[static_cast<std::size_t>(2 * i)];
        m1 += last.weights[static_cast<std::size_t>(i)] * last.theta[static_cast<std::size_t>(2 * i + 1)];
    }
    CHECK(m0 == Approx(1.0).margin(0.25));
    CHECK(m1 == Approx(4.0).margin(0.5));
}

TEST_CASE("ABC-SMC gives bit-identical results on 1 and 3 threads", "[calibration][abc]") {
    AbcSettings settings;
    settings.particles = 64;
    settings.max_generations = 4;
    settings.budget = 5000;
    const AbcResult one = run_abc_smc(toy_problem(), settings, 3, 1);
    const AbcResult three = run_abc_smc(toy_problem(), settings, 3, 3);
    REQUIRE(one.generations.size() == three.generations.size());
    CHECK(one.simulations == three.simulations);
    for (std::size_t t = 0; t < one.generations.size(); ++t) {
        CHECK(one.generations[t].theta == three.generations[t].theta);
        CHECK(one.generations[t].weights == three.generations[t].weights);
        CHECK(one.generations[t].distances == three.generations[t].distances);
        CHECK(one.generations[t].tolerance == three.generations[t].tolerance);
    }
    // Another seed gives other particles.
    const AbcResult other = run_abc_smc(toy_problem(), settings, 4, 1);
    CHECK(other.generations[0].theta != one.generations[0].theta);
}

TEST_CASE("ABC-SMC stops at the budget and discards an incomplete generation", "[calibration][abc]") {
    AbcSettings settings;
    settings.particles = 50;
    settings.max_generations = 50;
    settings.budget = 180;
    settings.min_acceptance = 0.0;
    const AbcResult r = run_abc_smc(toy_problem(), settings, 5, 2);
    CHECK(r.simulations <= 180);
    REQUIRE(!r.generations.empty());
    for (const auto& g : r.generations) CHECK(g.theta.size() == 100);
    CHECK_THAT(r.stop_reason, Catch::Matchers::StartsWith("budget of 180 simulations spent"));
}
