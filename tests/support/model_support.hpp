#pragma once
// Helpers shared by the model test files (test_invariants, test_mechanisms,
// test_comparative_statics): preparing a scenario from --set style overrides, building one run
// from its stream key, reading outputs, and summing household columns.

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "experiment/replicates.hpp"
#include "model/simulation.hpp"

namespace asmsim::testing {

// The schema's defaults (no scenario file) with `overrides` ("name=value") applied.
inline PreparedScenario prepare_overrides(const std::vector<std::string>& overrides) {
    return prepare_scenario("", overrides);
}

inline std::vector<std::string> joined(std::vector<std::string> a, const std::vector<std::string>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

// Replicate `replicate` of the scenario under `seed`, in the scenario's stream group: two
// scenarios of one group built with the same seed and replicate share their random numbers.
inline Simulation make_run(const PreparedScenario& p, std::uint64_t seed, std::uint64_t replicate) {
    return Simulation(p.scenario.params, p.inputs,
                      StreamKey{seed, p.scenario.params->text("random.stream_group"), replicate});
}

// Column of a declared output; fails the test when the model does not declare it.
// Runs replicate 0 of the scenario with `overrides` and `seed`, calling check(world) after every
// month; returns the finished run's results.
template <class Check>
Results run_checking(const std::vector<std::string>& overrides, std::uint64_t seed, Check&& check) {
    const PreparedScenario p = prepare_overrides(overrides);
    Simulation s = make_run(p, seed, 0);
    while (s.world().month < s.months()) {
        s.step_month();
        check(s.world());
    }
    return s.results();
}

inline int output_id(const Results& results, const std::string& name) {
    const int j = results.find(name);
    INFO("output " << name);
    REQUIRE(j >= 0);
    return j;
}

inline double output_at(const Results& results, const std::string& name, int month) {
    return results.get(output_id(results, name), month);
}

inline std::vector<double> output_series(const Results& results, const std::string& name) {
    const int j = output_id(results, name);
    std::vector<double> out;
    for (int m = 0; m < results.months(); ++m) out.push_back(results.get(j, m));
    return out;
}

// Mean of an output over months [first, last).
inline double output_mean(const Results& results, const std::string& name, int first, int last) {
    const int j = output_id(results, name);
    double sum = 0;
    for (int m = first; m < last; ++m) sum += results.get(j, m);
    return sum / static_cast<double>(last - first);
}

// |a - b| within max(absolute, relative x scale).
inline bool close(double a, double b, double scale, double relative = 1e-9, double absolute = 1e-6) {
    return std::abs(a - b) <= std::max(absolute, relative * std::abs(scale));
}

}  // namespace asmsim::testing
