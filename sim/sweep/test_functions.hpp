#pragma once
// Analytic test functions with known Sobol' indices, selectable in a sweep file instead of the
// livelihood model, so that design, execution, storage and analysis are checked end to end.

#include <vector>

namespace asmsim {

// Ishigami and Homma (1990): sin x1 + a sin^2 x2 + b x3^4 sin x1, x_i in [-pi, pi].
double ishigami(const std::vector<double>& x, double a = 7.0, double b = 0.1);

// Sobol' G-function (Saltelli and Sobol' 1995): prod_i (|4 x_i - 2| + a_i) / (1 + a_i), x_i in [0, 1].
double gfunction(const std::vector<double>& x, const std::vector<double>& a);

// Analytic indices. Ishigami: V1 = (1 + b pi^4/5)^2 / 2, V2 = a^2/8, V13 = b^2 pi^8 (1/18 - 1/50);
// G-function:
// V_i = 1 / (3 (1 + a_i)^2), V = prod (1 + V_i) - 1.
struct AnalyticIndices {
    std::vector<double> first_order, total;
};
AnalyticIndices ishigami_indices(double a = 7.0, double b = 0.1);
AnalyticIndices gfunction_indices(const std::vector<double>& a);

}  // namespace asmsim
