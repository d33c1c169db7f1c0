#pragma once
// Differences between a scenario and the reference scenario, over replicates run under common
// random numbers (replicate r of both drew the same random numbers).

#include <vector>

namespace asmsim {

struct Difference {
    double scenario_mean = 0.0;
    double reference_mean = 0.0;
    double difference = 0.0;           // scenario - reference, mean over replicates
    double paired_half_width = 0.0;    // 95% half-width from the paired differences (Student t, R-1 df)
    double unpaired_half_width = 0.0;  // 95% half-width treating the two samples as independent (Welch)
};

// `scenario[r]` and `reference[r]` are the statistic of replicate r in each scenario.
Difference compare_paired(const std::vector<double>& scenario, const std::vector<double>& reference);

}  // namespace asmsim
