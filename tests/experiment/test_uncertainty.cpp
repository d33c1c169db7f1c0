// The pure pieces of compare --posterior/--prior (experiment/uncertainty.hpp): weighted
// resampling and prior draws, the law-of-total-variance interval, rank probabilities and Spearman.

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

#include "experiment/statistics.hpp"
#include "experiment/uncertainty.hpp"

using namespace asmsim;

TEST_CASE("Weighted resampling is deterministic per draw and proportional to the weights", "[uncertainty]") {
    const std::vector<double> weights{0.1, 0.0, 0.6, 0.3};
    const int n = 20000;
    const auto a = resample_particles(weights, 42, n);
    REQUIRE(a.size() == static_cast<std::size_t>(n));
    CHECK(resample_particles(weights, 42, n) == a);
    // Draw d does not depend on how many draws are made (nor on threads: each is a pure function of (seed, d)).
    const auto prefix = resample_particles(weights, 42, 50);
    CHECK(std::vector<std::size_t>(a.begin(), a.begin() + 50) == prefix);
    CHECK(resample_particles(weights, 43, 50) != prefix);
    std::vector<double> share(weights.size(), 0.0);
    for (std::size_t i : a) share[i] += 1.0 / n;
    // Binomial standard deviation at p = 0.6 and n = 20000 is 0.0035; 0.015 is over 4 of them.
    for (std::size_t i = 0; i < weights.size(); ++i) CHECK(std::abs(share[i] - weights[i]) < 0.015);
    CHECK(share[1] == 0.0);  // a particle of weight 0 is never drawn
    // Weights need not sum to 1.
    const auto scaled = resample_particles({1.0, 0.0, 6.0, 3.0}, 42, 50);
    CHECK(scaled == prefix);
    CHECK_THROWS_AS(resample_particles({}, 1, 3), std::invalid_argument);
    CHECK_THROWS_AS(resample_particles({0.0, 0.0}, 1, 3), std::invalid_argument);
    CHECK_THROWS_AS(resample_particles({0.5, -0.1}, 1, 3), std::invalid_argument);
}

TEST_CASE("Prior draws are quantiles of per-draw uniforms, inside the bounds", "[uncertainty]") {
    Prior uniform;
    uniform.lower = 2.0;
    uniform.upper = 4.0;
    Prior normal;
    normal.kind = PriorKind::normal;
    normal.a = 0.5;
    normal.b = 0.1;
    normal.lower = 0.0;
    normal.upper = 1.0;
    const int n = 10000;
    const auto draws = prior_draws({uniform, normal}, 7, n);
    REQUIRE(draws.size() == 2u * n);
    double mean_u = 0.0, mean_n = 0.0, var_n = 0.0;
    for (int d = 0; d < n; ++d) {
        CHECK((draws[2 * d] >= 2.0 && draws[2 * d] <= 4.0));
        mean_u += draws[2 * d] / n;
        mean_n += draws[2 * d + 1] / n;
    }
    for (int d = 0; d < n; ++d) var_n += (draws[2 * d + 1] - mean_n) * (draws[2 * d + 1] - mean_n) / (n - 1);
    // Standard errors: uniform 0.577/100 = 0.0058, normal 0.1/100 = 0.001.
    CHECK(std::abs(mean_u - 3.0) < 0.03);
    CHECK(std::abs(mean_n - 0.5) < 0.005);
    CHECK(std::abs(std::sqrt(var_n) - 0.1) < 0.005);
    const auto prefix = prior_draws({uniform, normal}, 7, 5);
    CHECK(std::vector<double>(draws.begin(), draws.begin() + 10) == prefix);
}

TEST_CASE("The combined interval follows the law of total variance", "[uncertainty]") {
    SECTION("parameters matter: the between-draw variance adds to the within-draw one") {
        // Draw means 2 and 6 (V = 8); replicate variances 2 and 2, so W = mean(2/2, 2/2) = 1; B = 7.
        const CombinedEffect e = combine_effects({{1.0, 3.0}, {5.0, 7.0}});
        CHECK(e.mean == Approx(4.0));
        CHECK(e.within_variance == Approx(1.0));
        CHECK(e.total_variance == Approx(8.0));
        CHECK(e.between_variance == Approx(7.0));
        const double combined = student_t_975(1) * std::sqrt(8.0), stochastic = student_t_975(2) * 1.0;
        CHECK(e.upper - e.mean == Approx(combined));
        CHECK(e.mean - e.lower == Approx(combined));
        CHECK(e.stochastic_upper - e.mean == Approx(stochastic));
        CHECK(e.mean - e.stochastic_lower == Approx(stochastic));
    }
    SECTION("parameters do not matter: B is truncated at 0 and the combined interval uses W alone") {
        // Draw means 5 and 5 (V = 0); W = mean(50/2, 32/2) = 20.5.
        const CombinedEffect e = combine_effects({{0.0, 10.0}, {1.0, 9.0}});
        CHECK(e.within_variance == Approx(20.5));
        CHECK(e.between_variance == 0.0);
        CHECK(e.upper - e.mean == Approx(student_t_975(1) * std::sqrt(20.5)));
        CHECK(e.stochastic_upper - e.mean == Approx(student_t_975(2) * std::sqrt(20.5)));
    }
    SECTION("one draw: the combined interval is the stochastic one; one replicate: no stochastic interval") {
        const CombinedEffect one_draw = combine_effects({{1.0, 2.0, 3.0}});
        CHECK(one_draw.lower == one_draw.stochastic_lower);
        CHECK(one_draw.upper - one_draw.mean == Approx(student_t_975(2) * std::sqrt(1.0 / 3.0)));
        const CombinedEffect one_replicate = combine_effects({{1.0}, {3.0}, {5.0}});
        CHECK(std::isnan(one_replicate.stochastic_lower));
        CHECK(one_replicate.upper - one_replicate.mean == Approx(student_t_975(2) * 2.0));
    }
    CHECK_THROWS_AS(combine_effects({}), std::invalid_argument);
    CHECK_THROWS_AS(combine_effects({{1.0, 2.0}, {1.0}}), std::invalid_argument);
}

TEST_CASE("Rank probabilities and expected ranks on a hand-made effect table", "[uncertainty]") {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    // Draws x interventions A, B, C; higher is better.
    const std::vector<std::vector<double>> values{{3, 1, 2}, {1, 3, 2}, {2, 2, 1}, {nan, 0, -1}};
    const RankSummary s = rank_interventions(values, +1);
    // d0: A first; d1: B; d2: A and B tied (half each); d3: B (NaN ranks last).
    CHECK(s.first_probability[0] == Approx(0.375));
    CHECK(s.first_probability[1] == Approx(0.625));
    CHECK(s.first_probability[2] == 0.0);
    CHECK(s.rank[2] == std::vector<double>{1.5, 1.5, 3.0});
    CHECK(s.rank[3] == std::vector<double>{3.0, 1.0, 2.0});
    CHECK(s.expected_rank[0] == Approx(2.125));
    CHECK(s.expected_rank[1] == Approx(1.625));
    CHECK(s.expected_rank[2] == Approx(2.25));
    // Lower is better: the smallest value ranks first, NaN still last.
    const RankSummary low = rank_interventions(values, -1);
    CHECK(low.rank[0] == std::vector<double>{3.0, 1.0, 2.0});
    CHECK(low.rank[3] == std::vector<double>{3.0, 2.0, 1.0});
    CHECK(low.first_probability[0] + low.first_probability[1] + low.first_probability[2] == Approx(1.0));
    CHECK(low.first_probability[2] == Approx((0.0 + 0.0 + 1.0 + 1.0) / 4));
}

TEST_CASE("Spearman rank correlation", "[uncertainty]") {
    const std::vector<double> x{1, 2, 3, 4, 5};
    CHECK(spearman(x, {2, 4, 6, 8, 10}) == Approx(1.0));
    CHECK(spearman(x, {10, 8, 6, 4, 2}) == Approx(-1.0));
    CHECK(spearman(x, {1, 8, 27, 64, 125}) == Approx(1.0));  // monotone, not linear
    CHECK(spearman({1, 2, 3, 4}, {1, 3, 2, 4}) == Approx(0.8));  // 1 - 6 * 2 / (4 * 15)
    // Ties share ranks: ranks of y are 1.5, 1.5, 3, 4; Pearson of (1,2,3,4) with them.
    CHECK(spearman({1, 2, 3, 4}, {5, 5, 6, 7}) == Approx(4.5 / std::sqrt(5.0 * 4.5)));
    CHECK(std::isnan(spearman(x, {3, 3, 3, 3, 3})));
    CHECK(std::isnan(spearman({1}, {2})));
    CHECK(mid_ranks({2.0, std::nan(""), 1.0, 2.0}) == std::vector<double>{2.5, 4.0, 1.0, 2.5});
}
