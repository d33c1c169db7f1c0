#pragma once
// Sensitivity indices from the outputs of a design (one value per point: the mean over replicates).
//
// Sobol' (Saltelli's scheme, point order of design.hpp): with f_A, f_B, f_ABi, f_BAi over the N
// base rows and V the variance of f_A and f_B together,
//   first order  S_i  = mean(f_B (f_ABi - f_A)) / V                (Saltelli et al. 2010)
//   total        ST_i = mean((f_A - f_ABi)^2) / (2 V)              (Jansen 1999)
//   second order S_ij = mean(f_BAi f_ABj - f_A f_B) / V - S_i - S_j (Saltelli 2002)
// with every f centred on the mean of f_A and f_B (the expectations are unchanged; the variance
// of the estimators is much smaller when the output's mean is large against its spread).
// Confidence intervals: percentile bootstrap over the base rows (fixed seed).
// Morris (1991): elementary effects EE = (y_k - y_{k-1}) / (change of the unit coordinate), per
// trajectory step; mu, mu* = mean |EE| (Campolongo et al. 2007), sigma; bootstrap interval of
// mu* over trajectories. Rows or trajectories holding a failed point (NaN) are left out.

#include <cstdint>
#include <vector>

namespace asmsim {

struct Interval {
    double estimate = 0.0, low = 0.0, high = 0.0;
};

struct SobolIndices {
    std::vector<Interval> first_order, total;
    std::vector<Interval> second_order;  // d x d, row-major; only i < j filled, others NaN
    int rows_used = 0;
    double variance = 0.0;
};

struct BootstrapOptions {
    int resamples = 1000;
    double confidence = 0.95;
    std::uint64_t seed = 0;
};

// y: one value per point, N * blocks points (blocks = d + 2, or 2d + 2 with second order).
SobolIndices sobol_indices(const std::vector<double>& y, int base_samples, int parameters, bool second_order,
                           const BootstrapOptions& bootstrap);

struct MorrisIndices {
    std::vector<double> mu, sigma;
    std::vector<Interval> mu_star;
    int trajectories_used = 0;
};

// y: one value per point, trajectories * (d + 1) points; unit: points x d (row-major); changed:
// the parameter each point changed (-1 at trajectory starts).
MorrisIndices morris_indices(const std::vector<double>& y, const std::vector<double>& unit, const std::vector<int>& changed,
                             int parameters, const BootstrapOptions& bootstrap);

}  // namespace asmsim
