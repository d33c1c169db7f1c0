#pragma once
// Reading a calibration file's posterior for `asmsim compare --posterior`, and writing the
// uncertainty comparison file (file_kind "uncertainty_comparison"; layout in docs/outputs.md and
// docs/calibration.md, "Decisions under parameter uncertainty"):
//   /metadata     provenance, parameter_source ("posterior" or "prior"), calibration_file
//   /uncertainty  dimension scales draw, parameter, intervention, outcome, criterion; the draws'
//                 parameter values, per-draw effects and criteria, combined and stochastic-only
//                 intervals, rank probabilities, expected ranks and Spearman sensitivities

#include <cstdint>
#include <string>
#include <vector>

namespace asmsim {

// The last generation of a calibration file: sample (particle x parameter, row-major) and weights.
struct PosteriorSample {
    std::string path;
    std::vector<std::string> names, units;
    std::vector<double> sample, weight;
    std::string asmsim_version;  // /metadata@asmsim_version of the file
    std::int64_t format_version = 0;
};

// Reads and checks a calibration file; throws InputError (exit 2) naming the file and the object
// when it is not an asmsim calibration file or its format version differs from this build's, and
// std::runtime_error when its contents contradict themselves.
PosteriorSample read_posterior(const std::string& path);

struct UncertaintyFileInfo {
    // Provenance
    std::string experiment_name, experiment_toml, command_line, stream_group, parameter_source, calibration_file;
    std::uint64_t seed = 0;
    int replicates = 0;
    std::vector<std::string> scenario_tomls;  // reference first
    // Coordinates
    int draws = 0;
    std::vector<std::string> parameters, parameter_units, interventions, outcomes, outcome_units, criteria, criterion_units;
    std::vector<std::string> outcome_direction, criterion_direction;  // "higher_is_better" / "lower_is_better"
    std::vector<std::int64_t> particle;  // posterior particle of each draw (-1 for prior draws)
    // Row-major arrays, dimensions as named
    std::vector<double> parameter_value;                         // draw x parameter
    std::vector<double> effect;                                  // draw x intervention x outcome
    std::vector<double> criterion_value;                         // draw x intervention x criterion
    std::vector<double> effect_mean, effect_lower, effect_upper;  // intervention x outcome
    std::vector<double> stochastic_lower, stochastic_upper;      // intervention x outcome
    std::vector<double> within_variance, between_variance;       // intervention x outcome
    std::vector<double> rank;                                    // draw x intervention x criterion
    std::vector<double> rank_probability, expected_rank;         // intervention x criterion
    std::vector<double> effect_correlation, rank_correlation;    // parameter x intervention x criterion
    std::vector<double> sensitivity;                             // parameter x criterion
    std::vector<std::string> winner;                             // criterion: the likeliest winner
};

void write_uncertainty_file(const std::string& path, const UncertaintyFileInfo& info);

}  // namespace asmsim
