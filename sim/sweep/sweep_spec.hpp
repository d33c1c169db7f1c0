#pragma once
// Sweep files (TOML, scenarios/sweeps/): which model, which parameters over which ranges, which
// design, how many replicates and which outputs to keep. Format in docs/sensitivity.md.
// Loading checks every key, and each parameter's range against the schema's valid range; a
// problem throws InputError with file, line, key and a suggestion.

#include <cstdint>
#include <string>
#include <vector>

#include "core/input_error.hpp"

namespace asmsim {

enum class SweepModel { livelihood, ishigami, gfunction };
enum class DesignKind { grid, latin_hypercube, sobol, morris };
enum class Distribution { uniform, log_uniform, discrete };

struct SweptParameter {
    std::string name;   // a schema parameter ("finance.mfi_rate_monthly") or x1, x2, ... for test models
    std::string units;  // from the schema; "1" for test models
    Distribution distribution = Distribution::uniform;
    double min = 0.0, max = 0.0;  // bounds (uniform, log_uniform); smallest and largest value (discrete)
    std::vector<double> values;   // discrete: the values, in the order given
    bool integer = false;         // an integer parameter: values are rounded to the nearest integer
    SourceLocation where;
};

// What a run contributes for one output: its mean over the last `months` months, its value at
// month `month` (0-based), or its mean over the whole run. Test models have one output, "y".
enum class StatisticKind { mean_last_months, at_month, mean_all, value };

struct SweepOutput {
    std::string output;  // model output name
    StatisticKind kind = StatisticKind::mean_last_months;
    int months = 12;     // mean_last_months
    int month = 0;       // at_month
    std::string label;   // statistic name in the file, e.g. "poverty_headcount__mean_last_12_months"
    std::string description;
    SourceLocation where;
};

struct SweepSpec {
    std::string path, name, description;
    std::string toml;  // the file's text, stored with the results

    SweepModel model = SweepModel::livelihood;
    std::string scenario;                 // livelihood: resolved path of the base scenario
    std::vector<std::string> fixed_sets;  // livelihood: "key=value" overrides for every point
    std::vector<double> gfunction_a;      // gfunction: one a_i per parameter

    DesignKind design = DesignKind::sobol;
    int samples = 0;            // sobol: N base rows (power of 2); latin_hypercube: points
    bool second_order = false;  // sobol
    int randomisations = 8;     // sobol: R independent scrambles of the design (randomised QMC)
    int levels = 4;             // grid: levels per continuous parameter; morris: p
    int trajectories = 10;      // morris: r

    std::int64_t seed = -1;  // -1: the scenario's random.seed (livelihood) or 0
    int replicates = 1;
    std::vector<SweptParameter> parameters;
    std::vector<SweepOutput> outputs;
    std::vector<std::string> timeseries;  // outputs kept as full monthly series (livelihood)
    SourceLocation timeseries_where;
};

SweepSpec load_sweep(const std::string& path);

// True when a TOML file is a sweep file (top-level [design] table), not a scenario.
bool is_sweep_file(const std::string& path);

const char* to_string(SweepModel model);
const char* to_string(DesignKind kind);
const char* to_string(Distribution distribution);

}  // namespace asmsim
