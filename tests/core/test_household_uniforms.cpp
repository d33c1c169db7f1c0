// Per-household draws (core/draws.hpp): each household's numbers come from its own position
// (household, month) of a module's stream, whatever block of households they are drawn in.

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <vector>

#include "core/draws.hpp"
#include "core/random_streams.hpp"

namespace {
asmsim::RandomEngine test_stream() { return asmsim::make_stream(asmsim::StreamKey{2026, "test", 0}, "households"); }

// per_row uniforms of households first .. first + n - 1 in month.
std::vector<double> uniforms(const asmsim::RandomEngine& rng, int month, std::ptrdiff_t first, std::ptrdiff_t n, int per_row) {
    std::vector<double> u(static_cast<std::size_t>(n * per_row));
    asmsim::draw_household_uniforms(rng, month, first, n, per_row, u.data());
    return u;
}
}  // namespace

TEST_CASE("household uniforms are the 32-bit halves of the household's own draws", "[draws]") {
    asmsim::RandomEngine rng = test_stream();
    // 7 per household: two blocks of Philox output, the second partly used.
    const std::vector<double> u = uniforms(rng, 5, 1000, 300, 7);
    int mismatches = 0;
    for (int k = 0; k < 300; ++k) {
        rng.seek(static_cast<std::uint64_t>(1000 + k), 5);
        for (int j = 0; j < 7; j += 2) {
            const asmsim::UniformPair pair = asmsim::draw_uniform_pair(rng);
            mismatches += u[static_cast<std::size_t>(7 * k + j)] != pair.first ? 1 : 0;
            if (j + 1 < 7) mismatches += u[static_cast<std::size_t>(7 * k + j + 1)] != pair.second ? 1 : 0;
        }
    }
    CHECK(mismatches == 0);
}

TEST_CASE("household uniforms do not depend on the block they are drawn in", "[draws]") {
    const asmsim::RandomEngine rng = test_stream();
    const std::vector<double> whole = uniforms(rng, 3, 0, 2001, 2);
    std::vector<double> blocks;
    for (std::ptrdiff_t begin = 0; begin < 2001; begin += 37) {  // blocks of odd size, at odd rows too
        const std::vector<double> block = uniforms(rng, 3, begin, std::min<std::ptrdiff_t>(37, 2001 - begin), 2);
        blocks.insert(blocks.end(), block.begin(), block.end());
    }
    CHECK(blocks == whole);
    // Another month, another household, another stream: other numbers.
    CHECK(uniforms(rng, 4, 0, 2001, 2) != whole);
    CHECK(uniforms(rng, 3, 1, 2001, 2) != whole);
    CHECK(uniforms(asmsim::make_stream(asmsim::StreamKey{2026, "test", 0}, "other"), 3, 0, 2001, 2) != whole);
    int distinct_neighbours = 0;
    for (std::size_t i = 1; i < whole.size(); ++i) distinct_neighbours += whole[i] != whole[i - 1] ? 1 : 0;
    CHECK(distinct_neighbours == 4001);
}

TEST_CASE("one household's uniform drawn alone is the block call's, for every per_row", "[draws]") {
    // Modules that use a draw only when something rare happens compute it alone (household_uniform);
    // the numbers must be those the block call would have given, or results would change with it.
    const asmsim::RandomEngine rng = test_stream();
    int mismatches = 0, compared = 0;
    for (int per_row : {1, 2, 4, 5, 9}) {
        const std::vector<double> u = uniforms(rng, 11, 3, 203, per_row);  // 203: a tail beyond the vector lanes
        for (int k = 0; k < 203; ++k)
            for (int j = 0; j < per_row; ++j, ++compared)
                mismatches += asmsim::household_uniform(rng, 11, 3 + k, j) != u[static_cast<std::size_t>(per_row * k + j)] ? 1 : 0;
    }
    CHECK(compared == 203 * 21);
    CHECK(mismatches == 0);
    // Another month or household: another number.
    CHECK(asmsim::household_uniform(rng, 12, 3, 0) != asmsim::household_uniform(rng, 11, 3, 0));
    CHECK(asmsim::household_uniform(rng, 11, 4, 0) != asmsim::household_uniform(rng, 11, 3, 0));
}

TEST_CASE("household log-normals are the household's first normal after a seek", "[draws]") {
    // 100,000 households: about 1% of Boost's ziggurat draws leave its first step (another layer test,
    // the tail), so both of draw_mean_one_lognormals's paths are compared many times.
    const int n = 100000;
    asmsim::RandomEngine a = test_stream(), b = test_stream();
    std::vector<double> out(n);
    asmsim::draw_mean_one_lognormals(a, 7, 20, 0.4, out.data(), n);
    int mismatches = 0;
    for (int k = 0; k < n; ++k) {
        b.seek(static_cast<std::uint64_t>(20 + k), 7);
        const double z = asmsim::draw_normal(b);
        mismatches += out[static_cast<std::size_t>(k)] != asmsim::mean_one_lognormal(0.4, z) ? 1 : 0;
    }
    CHECK(mismatches == 0);
}

TEST_CASE("household uniforms are uniform, and uncorrelated between neighbours and within a household", "[draws]") {
    // 100,000 households x 2 uniforms, fixed seed. Mean: standard error 0.29 / sqrt(2e5) = 0.00065,
    // tolerance 0.003 (4.6 standard errors). Decile counts: expected 20,000 each, standard deviation
    // about 134, tolerance 700 (5.2 sd). Correlations (a household's two numbers; the first numbers of
    // neighbouring households): standard error 1 / sqrt(1e5) = 0.0032, tolerance 0.015 (4.7 se).
    const int n = 100000;
    const std::vector<double> u = uniforms(test_stream(), 0, 0, n, 2);
    auto correlation = [&](auto x, auto y, int count) {
        double sx = 0, sy = 0, sxy = 0, sxx = 0, syy = 0;
        for (int k = 0; k < count; ++k) {
            const double a = x(k), b = y(k);
            sx += a, sy += b, sxy += a * b, sxx += a * a, syy += b * b;
        }
        const double c = count;
        const double cov = sxy / c - (sx / c) * (sy / c);
        return cov / std::sqrt((sxx / c - (sx / c) * (sx / c)) * (syy / c - (sy / c) * (sy / c)));
    };
    double sum = 0;
    std::vector<int> deciles(10, 0);
    bool in_range = true;
    for (double x : u) {
        in_range = in_range && x >= 0.0 && x < 1.0;
        sum += x;
        ++deciles[static_cast<std::size_t>(x * 10)];
    }
    CHECK(in_range);
    CHECK(sum / (2.0 * n) == Approx(0.5).margin(0.003));
    for (int count : deciles) CHECK(count == Approx(20000).margin(700));
    auto first = [&](int k) { return u[2 * static_cast<std::size_t>(k)]; };
    auto second = [&](int k) { return u[2 * static_cast<std::size_t>(k) + 1]; };
    auto next_first = [&](int k) { return u[2 * static_cast<std::size_t>(k) + 2]; };
    CHECK(correlation(first, second, n) == Approx(0.0).margin(0.015));
    CHECK(correlation(first, next_first, n - 1) == Approx(0.0).margin(0.015));
}
