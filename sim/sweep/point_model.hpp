#pragma once
// Runs one point of a sweep: the livelihood model (every replicate, with the streams of
// (seed, stream group, r): common random numbers across points) or an analytic test function.
// A failure inside a point is returned as its error message, so the sweep goes on.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/calendar.hpp"
#include "experiment/replicates.hpp"
#include "sweep/design.hpp"
#include "sweep/sweep_spec.hpp"

namespace asmsim {

struct PointResult {
    int point = 0;
    std::string error;               // empty when the point ran
    std::vector<double> statistics;  // replicates x statistics, row-major
    std::vector<double> series;      // replicates x timeseries outputs x months, row-major
    bool ok() const { return error.empty(); }
};

// Units and descriptions of what a point produces, known before any point runs.
struct SweepShape {
    int replicates = 1;
    int months = 0;                            // 0 for test models
    std::vector<std::string> statistic_units;  // one per spec.outputs
    std::vector<std::string> series_units, series_long_names;  // one per spec.timeseries
    std::optional<YearMonth> start;
};

class PointModel {
public:
    // Prepares the base scenario (livelihood) and checks the outputs exist: InputError otherwise.
    PointModel(const SweepSpec& spec, const Design& design);

    PointResult run(int point) const;

    std::uint64_t seed() const { return seed_; }
    const std::string& stream_group() const { return stream_group_; }
    const std::string& scenario_toml() const { return scenario_toml_; }  // "" for test models
    const SweepShape& shape() const { return shape_; }
    // Households of the base scenario (livelihood model; 0 for test models), for memory estimates.
    std::int64_t base_households() const {
        return base_ ? base_->scenario.params->integer("simulation.households") : 0;
    }

private:
    const SweepSpec& spec_;
    const Design& design_;
    std::optional<PreparedScenario> base_;
    std::uint64_t seed_ = 0;
    std::string stream_group_;
    std::string scenario_toml_;
    SweepShape shape_;
    std::vector<int> statistic_output_, series_output_;  // Results columns
};

}  // namespace asmsim
