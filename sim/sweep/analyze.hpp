#pragma once
// Sensitivity analysis of a finished sweep file: Sobol' indices for a sobol design, Morris
// indices for a morris design (other designs have no indices), and a ranked table as text.

#include <string>

#include "io/sweep_analysis_file.hpp"

namespace asmsim {

// Throws std::runtime_error for designs without indices, or for a shard file with points not run.
SweepAnalysis analyze_sweep(const SweepForAnalysis& sweep, BootstrapOptions bootstrap);

// Parameters ranked by total index (sobol) or mu* (morris), one block per statistic.
std::string ranked_table(const SweepForAnalysis& sweep, const SweepAnalysis& analysis);

// True when the design has indices (sobol, morris).
bool has_indices(const std::string& design);

}  // namespace asmsim
