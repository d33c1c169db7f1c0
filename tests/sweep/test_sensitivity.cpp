// Sobol' and Morris estimators on analytic functions with known indices.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>

#include "sweep/design.hpp"
#include "sweep/sensitivity.hpp"
#include "sweep/test_functions.hpp"

using namespace asmsim;

namespace {
SweepSpec unit_cube(DesignKind kind, int d, double lo = 0.0, double hi = 1.0) {
    SweepSpec spec;
    spec.design = kind;
    for (int i = 0; i < d; ++i) {
        SweptParameter p;
        p.name = "x" + std::to_string(i + 1);
        p.min = lo;
        p.max = hi;
        spec.parameters.push_back(p);
    }
    return spec;
}
std::vector<double> row(const Design& design, int p) {
    return {design.values.begin() + p * design.parameters, design.values.begin() + (p + 1) * design.parameters};
}
}  // namespace

TEST_CASE("Analytic Ishigami indices are the published ones", "[sweep][sensitivity]") {
    const AnalyticIndices x = ishigami_indices();
    CHECK(x.first_order[0] == Approx(0.3139).margin(5e-5));
    CHECK(x.first_order[1] == Approx(0.4424).margin(5e-5));
    CHECK(x.first_order[2] == 0.0);
    CHECK(x.total[0] == Approx(0.5576).margin(5e-5));
    CHECK(x.total[1] == Approx(0.4424).margin(5e-5));
    CHECK(x.total[2] == Approx(0.2437).margin(5e-5));
}

TEST_CASE("Saltelli/Jansen estimators recover the Ishigami indices, second order included", "[sweep][sensitivity]") {
    const double pi = 3.141592653589793;
    SweepSpec spec = unit_cube(DesignKind::sobol, 3, -pi, pi);
    spec.samples = 1024;
    spec.randomisations = 8;
    spec.second_order = true;
    const Design design = make_design(spec, 0);
    std::vector<double> y;
    for (int p = 0; p < design.points; ++p) y.push_back(ishigami(row(design, p)));
    const SobolIndices s = sobol_indices(y, spec.samples, spec.randomisations, 3, true, 0.95);
    const AnalyticIndices truth = ishigami_indices();
    for (int i = 0; i < 3; ++i) {
        INFO("x" << i + 1);
        CHECK(s.first_order[i].estimate == Approx(truth.first_order[i]).margin(0.02));
        CHECK(s.total[i].estimate == Approx(truth.total[i]).margin(0.02));
        CHECK(s.first_order[i].low < s.first_order[i].estimate);
        CHECK(s.first_order[i].estimate < s.first_order[i].high);
    }
    // The only interaction is x1-x3: S13 = ST3 = 0.2437; S12 = S23 = 0.
    CHECK(s.second_order[0 * 3 + 2].estimate == Approx(truth.total[2]).margin(0.03));
    CHECK(s.second_order[0 * 3 + 1].estimate == Approx(0.0).margin(0.03));
    CHECK(s.second_order[1 * 3 + 2].estimate == Approx(0.0).margin(0.03));
    CHECK(std::isnan(s.second_order[1 * 3 + 0].estimate));
    CHECK(s.rows_used == 8 * 1024);
    CHECK(s.randomisations_used == 8);
    REQUIRE(s.total_by_randomisation.size() == 8);
    // The index is the mean of the randomisations' estimates.
    double mean = 0.0;
    for (const auto& e : s.total_by_randomisation) mean += e[0] / 8.0;
    CHECK(s.total[0].estimate == Approx(mean).epsilon(1e-12));
}

TEST_CASE("Saltelli/Jansen estimators recover the G-function indices", "[sweep][sensitivity]") {
    const std::vector<double> a = {0, 1, 4.5, 9, 99, 99};
    SweepSpec spec = unit_cube(DesignKind::sobol, 6);
    spec.samples = 1024;
    spec.randomisations = 4;
    const Design design = make_design(spec, 0);
    std::vector<double> y;
    for (int p = 0; p < design.points; ++p) y.push_back(gfunction(row(design, p), a));
    const SobolIndices s = sobol_indices(y, spec.samples, spec.randomisations, 6, false, 0.95);
    const AnalyticIndices truth = gfunction_indices(a);
    for (int i = 0; i < 6; ++i) {
        INFO("x" << i + 1);
        CHECK(s.first_order[i].estimate == Approx(truth.first_order[i]).margin(0.02));
        CHECK(s.total[i].estimate == Approx(truth.total[i]).margin(0.02));
    }
}

TEST_CASE("A base row with a failed point is left out, not the whole analysis", "[sweep][sensitivity]") {
    const double pi = 3.141592653589793;
    SweepSpec spec = unit_cube(DesignKind::sobol, 3, -pi, pi);
    spec.samples = 256;
    spec.randomisations = 4;
    const Design design = make_design(spec, 0);
    std::vector<double> y;
    for (int p = 0; p < design.points; ++p) y.push_back(ishigami(row(design, p)));
    y[7 * 5 + 2] = std::nan("");  // randomisation 0, row 7, block AB_2
    const SobolIndices s = sobol_indices(y, 256, 4, 3, false, 0.95);
    CHECK(s.rows_used == 4 * 256 - 1);
    CHECK(s.randomisations_used == 4);
    CHECK(std::isfinite(s.total[1].estimate));
    CHECK(std::isfinite(s.total[1].low));
}

TEST_CASE("Randomised QMC intervals cover the analytic Ishigami indices about 95% of the time", "[sweep][sensitivity][coverage]") {
    // The small version of analysis/benchmarks/sobol_coverage.py: 100 independent randomised designs
    // (seeds 1..100) of N = 128 base rows and R = 8 scrambles; over the 300 intervals of S1 and the 300
    // of ST (3 parameters x 100 designs), the share covering the analytic value must lie in [0.90, 0.99]
    // (binomial sd at 95%: 0.013). Bootstrap intervals over the rows of one design covered 100%.
    const double pi = 3.141592653589793;
    SweepSpec spec = unit_cube(DesignKind::sobol, 3, -pi, pi);
    spec.samples = 128;
    spec.randomisations = 8;
    const AnalyticIndices truth = ishigami_indices();
    int covered_first = 0, covered_total = 0, intervals = 0;
    for (std::uint64_t seed = 1; seed <= 100; ++seed) {
        const Design design = make_design(spec, seed);
        std::vector<double> y;
        for (int p = 0; p < design.points; ++p) y.push_back(ishigami(row(design, p)));
        const SobolIndices s = sobol_indices(y, spec.samples, spec.randomisations, 3, false, 0.95);
        for (int i = 0; i < 3; ++i) {
            covered_first += s.first_order[i].low <= truth.first_order[i] && truth.first_order[i] <= s.first_order[i].high;
            covered_total += s.total[i].low <= truth.total[i] && truth.total[i] <= s.total[i].high;
            ++intervals;
        }
    }
    const double first = static_cast<double>(covered_first) / intervals, total = static_cast<double>(covered_total) / intervals;
    INFO("coverage S1 " << first << ", ST " << total);
    CHECK(first >= 0.90);
    CHECK(first <= 0.99);
    CHECK(total >= 0.90);
    CHECK(total <= 0.99);
}

TEST_CASE("Student-t interval over randomisations", "[sweep][sensitivity]") {
    // Values 1, 2, 3: mean 2, sd 1, t(2) = 4.302652729911275 (scipy.stats.t.ppf(0.975, 2)).
    const Interval i = t_interval({1.0, 2.0, 3.0, std::nan("")}, 0.95);
    CHECK(i.estimate == Approx(2.0));
    CHECK(i.high - i.estimate == Approx(4.302652729911275 / std::sqrt(3.0)).epsilon(1e-9));
    CHECK(std::isnan(t_interval({1.0}, 0.95).low));
}

TEST_CASE("Morris: elementary effects of a linear function are its slopes", "[sweep][sensitivity]") {
    SweepSpec spec = unit_cube(DesignKind::morris, 3);
    spec.levels = 4;
    spec.trajectories = 20;
    const Design design = make_design(spec, 5);
    std::vector<double> y;
    for (int p = 0; p < design.points; ++p) {
        const auto x = row(design, p);
        y.push_back(3.0 * x[0] - 2.0 * x[1] + 0.0 * x[2]);
    }
    BootstrapOptions bootstrap;
    bootstrap.resamples = 100;
    const MorrisIndices m = morris_indices(y, design.unit, design.changed, 3, bootstrap);
    CHECK(m.mu[0] == Approx(3.0));
    CHECK(m.mu[1] == Approx(-2.0));
    CHECK(m.mu_star[0].estimate == Approx(3.0));
    CHECK(m.mu_star[1].estimate == Approx(2.0));
    CHECK(m.mu_star[2].estimate == Approx(0.0).margin(1e-12));
    CHECK(m.sigma[0] == Approx(0.0).margin(1e-9));  // no interaction, no non-linearity
    CHECK(m.trajectories_used == 20);
}

TEST_CASE("Morris ranks the G-function inputs by importance", "[sweep][sensitivity]") {
    const std::vector<double> a = {0, 1, 4.5, 9, 99, 99};
    SweepSpec spec = unit_cube(DesignKind::morris, 6);
    spec.levels = 4;
    spec.trajectories = 100;
    const Design design = make_design(spec, 7);
    std::vector<double> y;
    for (int p = 0; p < design.points; ++p) y.push_back(gfunction(row(design, p), a));
    BootstrapOptions bootstrap;
    bootstrap.resamples = 100;
    const MorrisIndices m = morris_indices(y, design.unit, design.changed, 6, bootstrap);
    for (int i = 0; i < 4; ++i) CHECK(m.mu_star[i].estimate > m.mu_star[i + 1].estimate);
    CHECK(m.mu_star[4].estimate < 0.05 * m.mu_star[0].estimate);
    CHECK(m.mu_star[0].low <= m.mu_star[0].estimate);
    CHECK(m.mu_star[0].estimate <= m.mu_star[0].high);
}
