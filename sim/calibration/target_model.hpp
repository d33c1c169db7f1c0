#pragma once
// The livelihood model as a calibration sees it: a parameter vector in, one value per target
// out. Proposal k of generation g runs the base scenario with the streams of
// (seed, stream group, replicate = g * 2^32 + k), so its random numbers depend on the seed and the
// draw's index only. The constructor checks every target against the model's outputs (name,
// group label, months) and throws InputError at the targets file's line and column.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "calibration/calibration_spec.hpp"
#include "experiment/replicates.hpp"

namespace asmsim {

class TargetModel {
public:
    explicit TargetModel(const CalibrationSpec& spec);

    std::vector<double> run(const std::vector<double>& theta, int generation, std::int64_t proposal) const;

    std::uint64_t seed() const { return seed_; }
    const std::string& stream_group() const { return stream_group_; }
    const std::string& scenario_toml() const { return scenario_toml_; }
    std::int64_t households() const { return households_; }
    int months() const { return months_; }
    const std::vector<std::string>& target_units() const { return units_; }

private:
    const CalibrationSpec& spec_;
    std::optional<PreparedScenario> base_;
    std::uint64_t seed_ = 0;
    std::string stream_group_, scenario_toml_;
    std::int64_t households_ = 0;
    int months_ = 0;
    std::vector<int> column_;               // Results column of each target
    std::vector<int> first_, last_;         // resolved months of each target (inclusive)
    std::vector<std::string> units_;
};

}  // namespace asmsim
