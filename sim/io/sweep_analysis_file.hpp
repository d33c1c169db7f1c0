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
    int randomisations = 1;  // sobol: R (files before randomised QMC: 1)
    bool second_order = false;
    std::uint64_t seed = 0;
    std::vector<std::string> parameter_names, statistic_names, statistic_units;
    std::vector<double> unit;    // points x parameters
    std::vector<int> changed;    // points
    std::vector<int> status;     // points
    std::vector<std::vector<double>> mean;  // [statistic][point]: mean over replicates; NaN unless ran
};

// Sobol' block order in /design/block_order. Files written before it (no attribute) had, with
// second order, A, AB_1..AB_d, B, BA_1..BA_d; read_sweep_for_analysis reorders their values.
inline constexpr const char* sobol_block_order = "A, AB_1..AB_d, BA_1..BA_d (second order only), B";

SweepForAnalysis read_sweep_for_analysis(const std::string& path);

struct SweepAnalysis {
    std::string method;  // "sobol" or "morris"
    BootstrapOptions bootstrap;
    std::vector<SobolIndices> sobol;    // one per statistic
    std::vector<MorrisIndices> morris;  // one per statistic
};

void write_analysis(const std::string& path, const SweepForAnalysis& sweep, const SweepAnalysis& analysis);

}  // namespace asmsim
