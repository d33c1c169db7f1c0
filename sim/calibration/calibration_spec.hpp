#pragma once
// Calibration files (TOML, scenarios/calibration/): the base scenario, the parameters to
// calibrate with their priors, the targets file (CSV) and the method's settings. Format in
// docs/calibration.md. Loading checks every key, each prior against its parameter's valid range,
// and every row of the targets file; a problem throws InputError naming the file, line, key (or
// column) and a suggestion.

#include <cstdint>
#include <string>
#include <vector>

#include "calibration/abc_smc.hpp"
#include "calibration/prior.hpp"
#include "core/input_error.hpp"

namespace asmsim {

struct CalibratedParameter {
    std::string name;   // a real schema parameter, e.g. "formalisation.licence_fee_usd"
    std::string units;  // from the schema
    Prior prior;
    SourceLocation where;
};

enum class Aggregation { mean, sum, min, max };

// One row of the targets file: `aggregation` of output `output` (its label `group` for an output
// with a dimension, such as n_workers_by_role and "digger") over the months `months`.
struct Target {
    std::string name, output, group, months, source;
    Aggregation aggregation = Aggregation::mean;
    // months: "all"; "last:N" (the last N months); "A:B" (months A to B, 0-based, inclusive); "M" (one month)
    int first_month = 0, last_month = -1;  // resolved against the run's length by the target model
    int last_n = 0;                        // > 0 for "last:N"
    double observed = 0.0, uncertainty = 1.0;
    SourceLocation where;  // the row
    int months_column = 0, output_column = 0, group_column = 0;  // columns of the row's fields, for errors
};

struct CalibrationSpec {
    std::string path, name, description;
    std::string toml;                  // the calibration file's text, stored with the results
    std::string targets_path, targets_csv;  // resolved path and text of the targets file
    std::string scenario;              // resolved path of the base scenario
    std::vector<std::string> fixed_sets;  // "key=value" overrides: [model] set, then --set
    std::int64_t seed = -1;            // -1: the scenario's random.seed
    std::string method = "abc_smc";
    AbcSettings abc;
    std::vector<CalibratedParameter> parameters;
    std::vector<Target> targets;
};

// Loads a calibration file and its targets file; `sets` ("key=value", from --set) are appended
// to the scenario's overrides.
CalibrationSpec load_calibration(const std::string& path, const std::vector<std::string>& sets = {});

// True when a TOML file is a calibration file (a top-level `targets` key), not a scenario.
bool is_calibration_file(const std::string& path);

// Reads a targets file (CSV with a header: name,output,group,months,aggregation,observed,uncertainty,source).
std::vector<Target> load_targets(const std::string& path, const std::string& text);

const char* to_string(Aggregation aggregation);

}  // namespace asmsim
