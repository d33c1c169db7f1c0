#pragma once
// Sensitivity indices from the outputs of a design (one value per point: the mean over replicates).
//
// Sobol' (Saltelli's scheme, point order of design.hpp: blocks A, AB_1..AB_d, [BA_1..BA_d,] B in
// each base row, base rows r N .. r N + N - 1 from randomisation r). Per randomisation, with
// f_A, f_B, f_ABi, f_BAi over its N base rows and V the variance of f_A and f_B together:
//   first order  S_i  = mean(f_B (f_ABi - f_A)) / V                (Saltelli et al. 2010)
//   total        ST_i = mean((f_A - f_ABi)^2) / (2 V)              (Jansen 1999)
//   second order S_ij = mean(f_BAi f_ABj - f_A f_B) / V - S_i - S_j (Saltelli 2002)
// with every f centred on the mean of all the randomisation's outputs (as SALib does: the
// expectations are unchanged; the estimators are far less noisy when the output's mean is large
// against its spread). The index is the mean of the R estimates and its interval the Student-t
// interval over them (R - 1 degrees of freedom): randomised QMC (Owen 1997), in which the R
// scrambles are independent, unlike the rows of one quasi-random design.
// Morris (1991): elementary effects EE = (y_k - y_{k-1}) / (change of the unit coordinate), per
// trajectory step; mu, mu* = mean |EE| (Campolongo et al. 2007), sigma; percentile bootstrap
// interval of mu* over trajectories (fixed seed). Base rows or trajectories holding a failed point
// (NaN) are left out.

#include <cstdint>
#include <vector>

namespace asmsim {

struct Interval {
    double estimate = 0.0, low = 0.0, high = 0.0;
};

struct SobolIndices {
    std::vector<Interval> first_order, total;
    std::vector<Interval> second_order;  // d x d, row-major; only i < j filled, others NaN
    // The estimate of each randomisation: [r][i], and [r][i * d + j] for second order.
    std::vector<std::vector<double>> first_order_by_randomisation, total_by_randomisation,
        second_order_by_randomisation;
    int rows_used = 0;           // base rows whose points all ran, over all randomisations
    int randomisations_used = 0; // randomisations with at least 2 such rows
    double variance = 0.0;       // of f_A and f_B over every row used
};

struct BootstrapOptions {
    int resamples = 1000;
    double confidence = 0.95;
    std::uint64_t seed = 0;
};

// y: one value per point, R N blocks points (blocks = d + 2, or 2d + 2 with second order).
// confidence: level of the t intervals (NaN bounds when fewer than 2 randomisations are usable).
SobolIndices sobol_indices(const std::vector<double>& y, int base_samples, int randomisations, int parameters,
                           bool second_order, double confidence);

// The estimates of one randomisation (f over its base rows x blocks, rows with a failed point
// already left out): S1 (d), ST (d) and, with second order, S2 (d x d, NaN unless i < j).
// NaN when fewer than 2 rows or no variance.
std::vector<double> sobol_estimates(const std::vector<double>& f, int rows, int parameters, bool second_order);

// Mean and Student-t interval of the finite values (NaN bounds with fewer than 2).
Interval t_interval(const std::vector<double>& values, double confidence);

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
