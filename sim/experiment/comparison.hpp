#pragma once
// Differences between a scenario and the reference scenario, over replicates run under common
// random numbers (replicate r of both drew the same random numbers).

#include <string>
#include <vector>

#include "experiment/statistics.hpp"

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

// The ratio of two means over the same replicates, e.g. programme cost over households lifted out
// of poverty, with Fieller's 95% interval (which accounts for the noise of both and their
// correlation). The interval is finite only when the denominator's mean is clearly away from 0;
// otherwise, and when the denominator's mean is not positive, the bounds are NaN.
struct Ratio {
    double ratio = 0.0;  // mean(numerator) / mean(denominator); NaN when mean(denominator) <= 0
    double low = 0.0, high = 0.0;
};
Ratio ratio_of_means(const std::vector<double>& numerator, const std::vector<double>& denominator);

// A cost-per-gain ratio as printed: "R [low, high]", "R [unbounded]" (the gain's interval reaches
// zero), and when the mean gain is not positive "n/a (no gain)" if the gain's 95% interval holds no
// gain either, else "n/a (mean gain <= 0, CI has gains)": a gain is then not ruled out.
std::string ratio_text(const Ratio& ratio, const MeanInterval& gain);

}  // namespace asmsim
