// Paired comparisons (experiment/comparison.hpp) and experiment files (experiment/experiment.hpp).

#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "../support/test_support.hpp"
#include "core/input_error.hpp"
#include "experiment/comparison.hpp"
#include "experiment/experiment.hpp"
#include "experiment/statistics.hpp"

using asmsim::compare_paired;
using asmsim::InputError;
using asmsim::load_experiment;
using asmsim::mean_ci95;
using asmsim::MeanInterval;
using asmsim::Ratio;
using asmsim::ratio_of_means;
using asmsim::testing::TempDir;
using Catch::Matchers::Contains;

TEST_CASE("paired differences: known values", "[comparison]") {
    // Differences 1, 2, 3: mean 2, sd 1, t(2) = 4.302652729911275 (scipy.stats.t.ppf(0.975, 2)).
    const std::vector<double> reference = {10.0, 20.0, 30.0};
    const std::vector<double> scenario = {11.0, 22.0, 33.0};
    const auto d = compare_paired(scenario, reference);
    CHECK(d.reference_mean == Approx(20.0));
    CHECK(d.scenario_mean == Approx(22.0));
    CHECK(d.difference == Approx(2.0));
    CHECK(d.paired_half_width == Approx(4.302652729911275 / std::sqrt(3.0)).epsilon(1e-9));
    // Unpaired: the replicate-to-replicate spread (sd 10 and 11) swamps the difference.
    CHECK(d.unpaired_half_width > 9.0 * d.paired_half_width);
}

TEST_CASE("paired differences: identical runs give zero difference and zero width", "[comparison]") {
    const std::vector<double> x = {1.5, 2.5, 4.0, 8.0};
    const auto d = compare_paired(x, x);
    CHECK(d.difference == 0.0);
    CHECK(d.paired_half_width == 0.0);
    CHECK(d.unpaired_half_width > 0.0);
}

TEST_CASE("paired differences: sizes must match", "[comparison]") {
    CHECK_THROWS_AS(compare_paired({1.0, 2.0}, {1.0}), std::invalid_argument);
}

TEST_CASE("experiment files: scenarios resolved against the file's folder", "[experiment]") {
    TempDir dir("experiment_ok");
    const std::string path = dir.write("exp.toml",
                                       "name = \"e\"\n"
                                       "scenarios = [\"a.toml\", \"/abs/b.toml\"]\n"
                                       "replicates = 5\n");
    const auto spec = load_experiment(path);
    CHECK(spec.name == "e");
    REQUIRE(spec.scenarios.size() == 2);
    CHECK(spec.scenarios[0] == dir.file("a.toml"));
    CHECK(spec.scenarios[1] == "/abs/b.toml");
    CHECK(spec.replicates == 5);
    CHECK_THAT(spec.toml, Contains("replicates = 5"));
}

TEST_CASE("experiment files: bad input names file, line and key", "[experiment]") {
    TempDir dir("experiment_bad");
    auto error_of = [&](const std::string& text) {
        const std::string path = dir.write("bad.toml", text);
        try {
            load_experiment(path);
        } catch (const InputError& e) {
            return e;
        }
        FAIL("no error for: " << text);
        return InputError({}, "", "");
    };
    SECTION("one scenario is not a comparison") {
        const auto e = error_of("scenarios = [\"a.toml\"]\n");
        CHECK(e.key() == "scenarios");
        CHECK(e.where().line == 1);
        CHECK_THAT(e.message(), Contains("at least two"));
    }
    SECTION("scenarios missing") {
        const auto e = error_of("name = \"x\"\n");
        CHECK(e.key() == "scenarios");
    }
    SECTION("unknown key") {
        const auto e = error_of("scenarios = [\"a.toml\", \"b.toml\"]\nreplicate = 4\n");
        CHECK(e.key() == "replicate");
        CHECK(e.where().line == 2);
    }
    SECTION("too few replicates") {
        const auto e = error_of("scenarios = [\"a.toml\", \"b.toml\"]\nreplicates = 1\n");
        CHECK(e.key() == "replicates");
        CHECK(e.where().line == 2);
    }
    SECTION("malformed") {
        const auto e = error_of("scenarios = [\"a.toml\",\n");
        CHECK_THAT(e.message(), Contains("malformed TOML"));
    }
}

TEST_CASE("Fieller's interval of a ratio of means", "[comparison]") {
    SECTION("a constant denominator gives the numerator's t interval divided by it") {
        const std::vector<double> cost = {10.0, 12.0, 11.0, 13.0, 9.0};
        const std::vector<double> gain = {2.0, 2.0, 2.0, 2.0, 2.0};
        const Ratio r = ratio_of_means(cost, gain);
        const MeanInterval c = mean_ci95(cost);
        CHECK(r.ratio == Approx(11.0 / 2.0));
        CHECK(r.low == Approx((c.mean - c.half_width_95) / 2.0).epsilon(1e-9));
        CHECK(r.high == Approx((c.mean + c.half_width_95) / 2.0).epsilon(1e-9));
    }
    SECTION("a gain that could be zero has no finite interval") {
        const Ratio r = ratio_of_means({5.0, 5.0, 5.0, 5.0}, {1.0, -0.5, 0.8, -0.2});
        CHECK(r.ratio == Approx(5.0 / 0.275));
        CHECK(std::isnan(r.low));
        CHECK(std::isnan(r.high));
    }
    SECTION("no mean gain: no ratio") {
        const Ratio r = ratio_of_means({5.0, 5.0, 5.0}, {-1.0, 0.5, 0.0});
        CHECK(std::isnan(r.ratio));
    }
    SECTION("the interval holds the ratio and widens with noisier gains") {
        const std::vector<double> cost = {100.0, 104.0, 98.0, 101.0, 97.0, 103.0};
        const Ratio quiet = ratio_of_means(cost, {10.0, 10.5, 9.8, 10.1, 9.9, 10.2});
        const Ratio noisy = ratio_of_means(cost, {10.0, 13.0, 7.0, 11.0, 8.5, 11.5});
        CHECK(quiet.low < quiet.ratio);
        CHECK(quiet.ratio < quiet.high);
        CHECK(noisy.high - noisy.low > quiet.high - quiet.low);
    }
}
