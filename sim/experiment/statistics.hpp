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

// Two-sided 95% quantile of Student's t with `df` degrees of freedom.
double student_t_975(int df);

}  // namespace asmsim
