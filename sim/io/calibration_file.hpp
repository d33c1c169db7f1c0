#pragma once
// The HDF5 file of `asmsim calibrate` (layout in docs/calibration.md, "Output file"):
//   /metadata     attributes: file_kind "calibration", calibration_toml, targets_csv, scenario_toml,
//                 method settings, stop_reason, seed, version, commit, command line
//   /posterior    the last generation: sample (particle x parameter), weight, distance (particle),
//                 simulated (particle x target); per parameter its prior, bounds, units, weighted
//                 mean and 5%, 50%, 95% quantiles; @ess
//   /generations  per generation: tolerance, acceptance_rate, ess, simulations, proposals, failed;
//                 sample (generation x particle x parameter), weight and distance (generation x particle)
//   /targets      per target: observed, uncertainty, simulated weighted mean and 5%-95% interval,
//                 output, group, months, aggregation, units and source
// Every group holds the dimension scales of its variables, so xarray opens each one as it is.

#include <cstdint>
#include <string>
#include <vector>

#include "calibration/abc_smc.hpp"
#include "calibration/calibration_spec.hpp"

namespace asmsim {

struct CalibrationFileInfo {
    const CalibrationSpec* spec = nullptr;
    const AbcResult* result = nullptr;
    std::vector<std::string> target_units;
    std::uint64_t seed = 0;
    std::string stream_group, scenario_toml, command_line;
};

void write_calibration_file(const std::string& path, const CalibrationFileInfo& info);

// The weighted summary of the posterior, also printed by the command.
struct ParameterSummary {
    double mean = 0, q05 = 0, q50 = 0, q95 = 0;
};
std::vector<ParameterSummary> summarise_columns(const std::vector<double>& values, const std::vector<double>& weights, int columns);

}  // namespace asmsim
