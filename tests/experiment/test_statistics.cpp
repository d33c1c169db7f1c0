// Student-t quantiles (Boost.Math) and Welch degrees of freedom against values from SciPy 1.10.1:
//   scipy.stats.t.ppf(0.975, df)                              for the quantiles;
//   va, vb = a.var(ddof=1) / n, b.var(ddof=1) / n
//   df = (va + vb)**2 / (va**2 / (n - 1) + vb**2 / (n - 1))   Welch-Satterthwaite, not rounded;
//   half = scipy.stats.t.ppf(0.975, df) * sqrt(va + vb)       the Welch 95% half-width
// (at difference -/+ half, scipy.stats.ttest_ind(a - shift, b, equal_var=False) gives p = 0.05).

#include <catch2/catch.hpp>
#include <cmath>
#include <stdexcept>
#include <vector>

#include "experiment/comparison.hpp"
#include "experiment/statistics.hpp"

using namespace asmsim;

TEST_CASE("Student-t quantiles are exact (Boost.Math), for integer and real degrees of freedom", "[statistics]") {
    // The former 3-decimal table gave 4.303 and 2.042; its 1/df approximation above 30 gave 1.98367 at 100.
    CHECK(student_t_975(1) == Approx(12.706204736432095).epsilon(1e-9));
    CHECK(student_t_975(2) == Approx(4.302652729911275).epsilon(1e-9));
    CHECK(student_t_975(30) == Approx(2.0422724563012373).epsilon(1e-9));
    CHECK(student_t_975(31) == Approx(2.0395134463964077).epsilon(1e-9));
    CHECK(student_t_975(100) == Approx(1.9839715184496334).epsilon(1e-9));
    CHECK(student_t_975(4.5) == Approx(2.6589123472044034).epsilon(1e-9));
    CHECK(student_t_975(7.3) == Approx(2.345066736150929).epsilon(1e-9));
    CHECK(student_t_975(0.0) == 0.0);
    CHECK(student_t_quantile(0.025, 2) == Approx(-4.302652729911275).epsilon(1e-9));
    CHECK_THROWS_AS(student_t_quantile(1.0, 3), std::domain_error);
}

TEST_CASE("Welch degrees of freedom are exact (not floored) and give SciPy's interval", "[statistics][comparison]") {
    // a = [1, 2.5, 2, 4, 3.5], b = [0.5, 0.7, 0.6, 0.9, 0.8]: df = 4.140307692307693 (floored: 4),
    // half-width 1.4753892799020576 (with df floored to 4: 1.4900, 1% wider).
    const std::vector<double> a = {1.0, 2.5, 2.0, 4.0, 3.5}, b = {0.5, 0.7, 0.6, 0.9, 0.8};
    const double va = 1.425 / 5.0, vb = 0.025 / 5.0;  // sample variances 1.425 and 0.025, over n
    CHECK(welch_degrees_of_freedom(va, 5, vb, 5) == Approx(4.140307692307693).epsilon(1e-9));
    CHECK(compare_paired(a, b).unpaired_half_width == Approx(1.4753892799020576).epsilon(1e-9));
    // a = [11, 22, 33], b = [10, 20, 30]: df = 3.964205998133192 (floored: 3, t = 3.182 instead of 2.797).
    const Difference d = compare_paired({11.0, 22.0, 33.0}, {10.0, 20.0, 30.0});
    CHECK(d.unpaired_half_width == Approx(23.915129136434878).epsilon(1e-9));
    CHECK(std::isnan(welch_degrees_of_freedom(0.0, 5, 0.0, 5)));
}

TEST_CASE("Cost per gain: 'no gain' only when the gain's interval holds no gain", "[comparison]") {
    const Ratio none = ratio_of_means({100.0, 100.0, 100.0}, {-1.0, -2.0, 0.0});  // mean gain -1
    REQUIRE(std::isnan(none.ratio));
    // Gains -1, -2, 0: mean -1, 95% interval [-3.48, 1.48] includes gains.
    CHECK(ratio_text(none, mean_ci95({-1.0, -2.0, 0.0})) == "n/a (mean gain <= 0, CI has gains)");
    // Gains -1, -1.1, -0.9: interval [-1.25, -0.75], no gain.
    CHECK(ratio_text(none, mean_ci95({-1.0, -1.1, -0.9})) == "n/a (no gain)");
    // The reference against itself: gain exactly 0.
    CHECK(ratio_text(none, mean_ci95({0.0, 0.0, 0.0})) == "n/a (no gain)");
    const Ratio some = ratio_of_means({100.0, 110.0, 90.0}, {10.0, 11.0, 9.0});
    CHECK(ratio_text(some, mean_ci95({10.0, 11.0, 9.0})).rfind("10 [", 0) == 0);
}
