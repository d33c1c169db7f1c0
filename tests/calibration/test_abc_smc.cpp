// ABC-SMC pieces (distance, ESS, weighted quantile and covariance, importance weights) and the
// whole algorithm on a toy problem (weights sum to one, tolerances fall, results do not depend on the
// number of threads) and on a normal mean with known variance, whose posterior is known in closed form.
#include <catch2/catch.hpp>

#include <cmath>
#include <numeric>
#include <utility>

#include <boost/random/normal_distribution.hpp>

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

namespace {
// The closed-form check: n observations y_k ~ Normal(mu, sigma^2) with sigma known, summarised by
// their mean ybar ~ Normal(mu, tau^2), tau^2 = sigma^2 / n; prior mu ~ Normal(m0, s0^2) (truncated
// to [-4, 4], 8 prior sds from m0: the truncation changes nothing in double precision). The exact
// posterior is normal with precision 1/s0^2 + n/sigma^2 and mean (m0/s0^2 + n ybar/sigma^2) / precision.
struct NormalMeanCase {
    double sigma = 1.0, m0 = 0.0, s0 = 0.5, ybar = 1.5;
    int n = 10;
    double tau() const { return sigma / std::sqrt(static_cast<double>(n)); }
    double posterior_variance() const { return 1.0 / (1.0 / (s0 * s0) + n / (sigma * sigma)); }
    double posterior_mean() const { return posterior_variance() * (m0 / (s0 * s0) + n * ybar / (sigma * sigma)); }

    AbcProblem problem() const {
        AbcProblem p;
        Prior prior;
        prior.kind = PriorKind::normal;
        prior.a = m0;
        prior.b = s0;
        prior.lower = -4.0;
        prior.upper = 4.0;
        p.priors = {prior};
        p.observed = {ybar};
        p.uncertainty = {tau()};  // distance = |ybar_sim - ybar| / tau: the tolerance eps is in units of tau
        p.simulate = [sigma = sigma, n = n](const std::vector<double>& theta, int generation, std::int64_t proposal) {
            RandomEngine engine = make_stream(StreamKey{13, "normal_mean", static_cast<std::uint64_t>(generation)}, "data");
            engine.seek(static_cast<std::uint64_t>(proposal), 0);
            boost::random::normal_distribution<double> normal(theta[0], sigma);
            double sum = 0.0;
            for (int k = 0; k < n; ++k) sum += normal(engine);
            return std::vector<double>{sum / n};
        };
        return p;
    }

    // Mean and variance of the exact ABC posterior at tolerance eps: the uniform kernel
    // |ybar_sim - ybar| <= h = eps tau makes the likelihood Phi((ybar + h - mu)/tau) -
    // Phi((ybar - h - mu)/tau), i.e. the model with extra uniform noise of variance h^2/3. Midpoint
    // rule on 80,000 cells of [-4, 4].
    std::pair<double, double> abc_target_moments(double eps) const {
        const double h = eps * tau();
        auto Phi = [](double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); };
        const int cells = 80000;
        const double dx = 8.0 / cells;
        double z = 0, m1 = 0, m2 = 0;
        for (int i = 0; i < cells; ++i) {
            const double mu = -4.0 + (i + 0.5) * dx;
            const double w = std::exp(-0.5 * (mu - m0) * (mu - m0) / (s0 * s0)) *
                             (Phi((ybar + h - mu) / tau()) - Phi((ybar - h - mu) / tau()));
            z += w;
            m1 += w * mu;
            m2 += w * mu * mu;
        }
        return {m1 / z, m2 / z - (m1 / z) * (m1 / z)};
    }
};
}  // namespace

TEST_CASE("ABC-SMC recovers the closed-form posterior of a normal mean with known variance", "[calibration][abc]") {
    const NormalMeanCase c;
    // Exact posterior: precision 1/0.25 + 10 = 14, variance 1/14 = 0.0714, mean 15/14 = 1.0714. The
    // prior pulls the mean 0.43 (1.6 posterior sds) away from ybar = 1.5 and cuts the variance from
    // tau^2 = 0.1 to 0.0714, so a run that ignored the prior (mean 1.5, variance 0.1) fails both checks.
    REQUIRE(c.posterior_variance() == Approx(1.0 / 14.0));
    REQUIRE(c.posterior_mean() == Approx(15.0 / 14.0));

    AbcSettings settings;
    settings.particles = 2000;
    settings.quantile = 0.5;
    settings.min_tolerance = 0.1;  // stop at eps <= 0.1 tau: h^2/3 <= 3.3e-4, 0.3% of tau^2 (below)
    settings.min_acceptance = 0.0;
    settings.max_generations = 30;
    settings.budget = 2000000;
    const AbcResult r = run_abc_smc(c.problem(), settings, 2024, 2);
    REQUIRE(r.stop_reason == "tolerance reached min_tolerance");
    const AbcGeneration& last = r.generations.back();
    double mean = 0, second = 0;
    for (std::size_t i = 0; i < last.weights.size(); ++i) {
        mean += last.weights[i] * last.theta[i];
        second += last.weights[i] * last.theta[i] * last.theta[i];
    }
    const double variance = second - mean * mean;

    // What ABC at the final tolerance estimates, exactly: the posterior of a likelihood whose variance
    // is inflated by h^2/3. At eps <= 0.1 this moves the mean by < 0.003 and the variance by < 0.6%,
    // far inside the Monte Carlo tolerances below; the check adds this bias to them rather than
    // ignore it.
    const auto [target_mean, target_variance] = c.abc_target_moments(last.tolerance);
    const double bias_mean = target_mean - c.posterior_mean(), bias_variance = target_variance - c.posterior_variance();
    CHECK(std::abs(bias_mean) < 0.003);
    CHECK(std::abs(bias_variance) < 0.006 * c.posterior_variance());

    // Monte Carlo tolerances, stated: |mean - exact| <= 0.05 and |variance - exact| <= 0.025 (35%),
    // each plus the ABC bias above. Why these: a weighted sample of effective size ESS (about 450-750
    // here) from the exact posterior would have se(mean) = sqrt(var / ESS) = 0.011 and se(var) =
    // var sqrt(2 / ESS) = 4.2e-3, but SMC particles share ancestors over the 10-11 generations, so
    // their errors are larger: over calibration seeds 1-20 with these settings the root mean square
    // error was 0.0148 on the mean (1.4 se) and 7.2e-3 on the variance (1.8 se), the largest 0.032
    // and 0.0148 (docs/calibration.md, "Closed-form check"). The tolerances are 3.4 and 3.5 times those
    // root mean square errors. They fail a run that ignores the prior (mean 1.48-1.51: the mean check
    // by 8 times its tolerance; variance 0.096-0.100) or the importance weights (mean 1.49-1.50,
    // variance 0.063): both were tried by breaking abc_smc.cpp on purpose.
    INFO("ABC mean " << mean << ", variance " << variance << ", ESS " << last.ess << ", final eps " << last.tolerance
                     << ", generations " << r.generations.size() << ", simulations " << r.simulations);
    CHECK(last.ess > 200);
    CHECK(std::abs(mean - c.posterior_mean()) <= 0.05 + std::abs(bias_mean));
    CHECK(std::abs(variance - c.posterior_variance()) <= 0.025 + std::abs(bias_variance));
}
