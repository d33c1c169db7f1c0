// Designs: bounds, distributions, Latin hypercube strata, Saltelli blocks, Morris steps.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <set>

#include "sweep/design.hpp"

using namespace asmsim;

namespace {
SweptParameter uniform(const std::string& name, double lo, double hi) {
    SweptParameter p;
    p.name = name;
    p.min = lo;
    p.max = hi;
    return p;
}
SweepSpec spec_with(DesignKind kind, std::vector<SweptParameter> parameters) {
    SweepSpec spec;
    spec.design = kind;
    spec.parameters = std::move(parameters);
    return spec;
}
}  // namespace

TEST_CASE("Distributions map unit coordinates into the bounds", "[sweep][design]") {
    SweptParameter u = uniform("a", 2.0, 6.0);
    CHECK(parameter_value(u, 0.0) == 2.0);
    CHECK(parameter_value(u, 0.5) == 4.0);
    CHECK(parameter_value(u, 1.0) == 6.0);
    SweptParameter l = uniform("b", 10.0, 1000.0);
    l.distribution = Distribution::log_uniform;
    CHECK(parameter_value(l, 0.0) == Approx(10.0));
    CHECK(parameter_value(l, 0.5) == Approx(100.0));  // geometric midpoint
    CHECK(parameter_value(l, 1.0) <= 1000.0);
    SweptParameter d;
    d.distribution = Distribution::discrete;
    d.values = {5.0, 1.0, 3.0};
    d.min = 1.0;
    d.max = 5.0;
    CHECK(parameter_value(d, 0.0) == 5.0);
    CHECK(parameter_value(d, 0.34) == 1.0);
    CHECK(parameter_value(d, 0.99) == 3.0);
    CHECK(parameter_value(d, 1.0) == 3.0);
    SweptParameter i = uniform("n", 1.0, 10.0);
    i.integer = true;
    CHECK(parameter_value(i, 0.52) == 6.0);  // 5.68 rounds to 6
}

TEST_CASE("Grid: every combination once, last parameter fastest", "[sweep][design]") {
    SweptParameter d;
    d.name = "d";
    d.distribution = Distribution::discrete;
    d.values = {7.0, 8.0};
    d.min = 7.0;
    d.max = 8.0;
    SweepSpec spec = spec_with(DesignKind::grid, {uniform("a", 0.0, 1.0), d});
    spec.levels = 3;
    const Design design = make_design(spec, 1);
    REQUIRE(design.points == 6);
    const double expected[6][2] = {{0, 7}, {0, 8}, {0.5, 7}, {0.5, 8}, {1, 7}, {1, 8}};
    for (int p = 0; p < 6; ++p) {
        CHECK(design.value_at(p, 0) == expected[p][0]);
        CHECK(design.value_at(p, 1) == expected[p][1]);
    }
}

TEST_CASE("Latin hypercube: one point per stratum of every parameter, reproducible", "[sweep][design]") {
    SweepSpec spec = spec_with(DesignKind::latin_hypercube, {uniform("a", 0, 1), uniform("b", -5, 5), uniform("c", 0, 1)});
    spec.samples = 50;
    const Design design = make_design(spec, 42);
    REQUIRE(design.points == 50);
    for (int j = 0; j < 3; ++j) {
        std::set<int> strata;
        for (int p = 0; p < 50; ++p) {
            const double u = design.unit_at(p, j);
            REQUIRE(u >= 0.0);
            REQUIRE(u < 1.0);
            strata.insert(static_cast<int>(std::floor(u * 50)));
        }
        CHECK(strata.size() == 50);
    }
    CHECK(make_design(spec, 42).unit == design.unit);
    CHECK(make_design(spec, 43).unit != design.unit);
}

TEST_CASE("Saltelli blocks in SALib's order: A, AB_i, BA_i, B, per randomisation", "[sweep][design]") {
    SweepSpec spec = spec_with(DesignKind::sobol, {uniform("a", 0, 1), uniform("b", 0, 1), uniform("c", 0, 1)});
    spec.samples = 16;
    spec.second_order = true;
    spec.randomisations = 3;
    const Design design = make_design(spec, 0);
    const int d = 3, blocks = 2 * d + 2, R = 3, N = 16;
    REQUIRE(design.points == R * N * blocks);
    REQUIRE(design.blocks == blocks);
    REQUIRE(design.randomisations == R);
    for (int row = 0; row < R * N; ++row) {
        // SALib's sobol.analyze reads A = Y[0::step], AB_i = Y[1+i::step], BA_i = Y[1+d+i::step], B = Y[step-1::step].
        const int a = row * blocks, b = row * blocks + blocks - 1;
        for (int i = 0; i < d; ++i) {
            const int ab = row * blocks + 1 + i, ba = row * blocks + d + 1 + i;
            for (int k = 0; k < d; ++k) {
                CHECK(design.unit_at(ab, k) == (k == i ? design.unit_at(b, k) : design.unit_at(a, k)));
                CHECK(design.unit_at(ba, k) == (k == i ? design.unit_at(a, k) : design.unit_at(b, k)));
            }
            CHECK(design.block[static_cast<std::size_t>(ab)] == 1 + i);
            CHECK(design.block[static_cast<std::size_t>(ba)] == d + 1 + i);
            CHECK(design.group[static_cast<std::size_t>(ab)] == row);
        }
        CHECK(design.block[static_cast<std::size_t>(b)] == blocks - 1);
        for (int k = 0; k < blocks; ++k) CHECK(design.randomisation[static_cast<std::size_t>(a + k)] == row / N);
    }
    // Within each randomisation, A and B are stratified: each interval [m/N, (m+1)/N) of every
    // column holds exactly one of the N base rows (the scrambled points form a net).
    for (int r = 0; r < R; ++r)
        for (int k = 0; k < d; ++k)
            for (int block : {0, blocks - 1}) {
                std::set<int> strata;
                for (int j = 0; j < N; ++j) strata.insert(static_cast<int>(design.unit_at((r * N + j) * blocks + block, k) * N));
                CHECK(strata.size() == static_cast<std::size_t>(N));
            }
}

TEST_CASE("Sobol' randomisations: independent scrambles, reproducible from the seed", "[sweep][design]") {
    SweepSpec spec = spec_with(DesignKind::sobol, {uniform("a", 0, 1), uniform("b", 0, 1)});
    spec.samples = 8;
    spec.randomisations = 4;
    const Design design = make_design(spec, 11);
    CHECK(make_design(spec, 11).unit == design.unit);  // bit-identical from the seed
    CHECK(make_design(spec, 12).unit != design.unit);
    // Randomisation r does not depend on how many there are: the first two of four equal a design of two.
    spec.randomisations = 2;
    const Design two = make_design(spec, 11);
    CHECK(std::equal(two.unit.begin(), two.unit.end(), design.unit.begin()));
    // Different scrambles give different points.
    const int per = 8 * (2 + 2) * 2;  // N blocks d values per randomisation
    CHECK(!std::equal(design.unit.begin(), design.unit.begin() + per, design.unit.begin() + per));
}

TEST_CASE("Morris: each step changes one parameter by +-delta on the levels, every parameter once", "[sweep][design]") {
    SweepSpec spec = spec_with(DesignKind::morris, {uniform("a", 0, 1), uniform("b", 0, 10), uniform("c", 1, 2), uniform("d", 0, 1)});
    spec.levels = 4;
    spec.trajectories = 30;
    const Design design = make_design(spec, 3);
    const int d = 4;
    const double delta = 4.0 / 6.0;
    CHECK(design.morris_delta == Approx(delta));
    REQUIRE(design.points == 30 * (d + 1));
    for (int t = 0; t < 30; ++t) {
        std::set<int> changed;
        CHECK(design.changed[static_cast<std::size_t>(t * (d + 1))] == -1);
        for (int k = 1; k <= d; ++k) {
            const int p = t * (d + 1) + k;
            const int i = design.changed[static_cast<std::size_t>(p)];
            changed.insert(i);
            for (int j = 0; j < d; ++j) {
                const double step = design.unit_at(p, j) - design.unit_at(p - 1, j);
                if (j == i) CHECK(std::abs(step) == Approx(delta));
                else CHECK(step == 0.0);
            }
        }
        CHECK(changed.size() == static_cast<std::size_t>(d));
        for (int k = 0; k <= d; ++k)
            for (int j = 0; j < d; ++j) {
                const double u = design.unit_at(t * (d + 1) + k, j);
                CHECK(u >= 0.0);
                CHECK(u <= 1.0 + 1e-12);
                CHECK(std::abs(u * 3 - std::round(u * 3)) < 1e-9);  // on the levels 0, 1/3, 2/3, 1
            }
    }
}

TEST_CASE("design_point_count gives make_design's points without building the design", "[sweep][design]") {
    SweptParameter d;
    d.name = "d";
    d.distribution = Distribution::discrete;
    d.values = {7.0, 8.0, 9.0};
    d.min = 7.0;
    d.max = 9.0;
    const std::vector<SweptParameter> params = {uniform("a", 0, 1), uniform("b", 0, 1), d};
    for (DesignKind kind : {DesignKind::grid, DesignKind::latin_hypercube, DesignKind::sobol, DesignKind::morris}) {
        for (bool second_order : {false, true}) {
            SweepSpec spec = spec_with(kind, kind == DesignKind::morris ? std::vector<SweptParameter>{uniform("a", 0, 1), uniform("b", 0, 1)} : params);
            spec.levels = 4;
            spec.samples = 16;
            spec.randomisations = 3;
            spec.trajectories = 5;
            spec.second_order = kind == DesignKind::sobol && second_order;
            INFO(to_string(kind) << (second_order ? ", second order" : ""));
            CHECK(design_point_count(spec) == static_cast<std::uint64_t>(make_design(spec, 42).points));
        }
    }
    // A grid of 40 parameters at 10 levels has 10^40 points: the count saturates instead of wrapping.
    std::vector<SweptParameter> many;
    for (int k = 0; k < 40; ++k) many.push_back(uniform("p" + std::to_string(k), 0, 1));
    SweepSpec huge = spec_with(DesignKind::grid, many);
    huge.levels = 10;
    CHECK(design_point_count(huge) == UINT64_MAX);
}
