#pragma once
// Summary statistics over replicates.

#include <vector>

namespace asmsim {

struct MeanInterval {
    double mean = 0.0;
    double half_width_95 = 0.0;  // Student-t 95% half-width of the mean; 0 with one value
    int n = 0;
};

MeanInterval mean_ci95(const std::vector<double>& values);

// A mean over units pooled across replicates whose number of units varies (households in a group):
// sum_r sums[r] / sum_r counts[r], with the 95% Student-t interval (R - 1 df) of a ratio estimator
// that treats the replicate as the independent unit (linearised variance). With the same count in
// every replicate it is mean_ci95 of sums[r] / counts[r]. NaN mean when there are no units.
MeanInterval pooled_mean_ci95(const std::vector<double>& sums, const std::vector<double>& counts);

// Quantile p of Student's t with `df` degrees of freedom (real, > 0; Welch's are not integers),
// from Boost.Math (students_t). Throws std::domain_error for df <= 0 or p outside (0, 1).
double student_t_quantile(double p, double df);

// Two-sided 95% quantile of Student's t: student_t_quantile(0.975, df); 0 when df <= 0.
double student_t_975(double df);

// Welch-Satterthwaite degrees of freedom of the difference of two means, from each mean's
// squared standard error (variance / n) and sample size; not rounded. NaN when both are 0.
double welch_degrees_of_freedom(double se2_a, int n_a, double se2_b, int n_b);

}  // namespace asmsim
