#pragma once
// Reading a sweep file for analysis, and writing its /analysis group (layout in
// docs/sensitivity.md). /analysis is replaced when it exists.

#include <cstdint>
#include <string>
#include <vector>

#include "sweep/sensitivity.hpp"

namespace asmsim {

struct SweepForAnalysis {
    std::string design;  // grid | latin_hypercube | sobol | morris
    int points = 0, parameters = 0, replicates = 0, base_samples = 0;
    bool second_order = false;
    std::uint64_t seed = 0;
    std::vector<std::string> parameter_names, statistic_names, statistic_units;
    std::vector<double> unit;    // points x parameters
    std::vector<int> changed;    // points
    std::vector<int> status;     // points
    std::vector<std::vector<double>> mean;  // [statistic][point]: mean over replicates; NaN unless ran
};

SweepForAnalysis read_sweep_for_analysis(const std::string& path);

struct SweepAnalysis {
    std::string method;  // "sobol" or "morris"
    BootstrapOptions bootstrap;
    std::vector<SobolIndices> sobol;    // one per statistic
    std::vector<MorrisIndices> morris;  // one per statistic
};

void write_analysis(const std::string& path, const SweepForAnalysis& sweep, const SweepAnalysis& analysis);

}  // namespace asmsim
