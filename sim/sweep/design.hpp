#pragma once
// Designs: the points of a sweep, first as coordinates in the unit hypercube, then as parameter
// values (through each parameter's distribution). Point order is part of the file format
// (docs/sensitivity.md):
//   grid             the last parameter varies fastest
//   latin_hypercube  one point per stratum of every parameter
//   sobol            Saltelli's scheme in SALib's block order, repeated for R randomisations:
//                    base row j of randomisation r holds blocks k = 0 (A), 1..d (AB_i: A with
//                    column i from B), with second order d+1..2d (BA_i: B with column i from A),
//                    and last (blocks - 1) B; point (r N + j) blocks + k. A and B are the two
//                    halves of point j of the Sobol' sequence under scramble r (a random linear
//                    scramble with a digital shift, sobol_sequence.hpp) drawn from the stream
//                    (seed, "sweep_design", r).
//   morris           trajectory t holds d+1 points, t*(d+1) + k; point k changes one parameter
//                    (changed[point]) from point k-1 by +-delta = levels / (2 (levels - 1)).
// Random choices (Latin hypercube, Morris) come from the stream (seed, "sweep_design", 0).

#include <cstdint>
#include <vector>

#include "sweep/sweep_spec.hpp"

namespace asmsim {

struct Design {
    DesignKind kind = DesignKind::grid;
    int points = 0;
    int parameters = 0;
    std::vector<double> unit;    // points x parameters, row-major, in [0, 1]
    std::vector<double> values;  // points x parameters, row-major, parameter values
    std::vector<int> group;      // sobol: base row r N + j; morris: trajectory; else the point itself
    std::vector<int> block;      // sobol: block k (see above); morris: step k; else 0
    std::vector<int> changed;    // morris: parameter changed from the previous point, -1 at a start; else -1
    std::vector<int> randomisation;  // sobol: scramble r of the point; else 0
    int base_samples = 0;        // sobol: N (per randomisation)
    int randomisations = 1;      // sobol: R
    int blocks = 1;              // sobol: d + 2 or 2d + 2; morris: d + 1
    double morris_delta = 0.0;   // morris: step in unit coordinates

    double unit_at(int point, int parameter) const { return unit[static_cast<std::size_t>(point) * parameters + parameter]; }
    double value_at(int point, int parameter) const { return values[static_cast<std::size_t>(point) * parameters + parameter]; }
};

// The number of points make_design would create, computed from the specification alone (no
// allocation), saturating at UINT64_MAX: so that a design too big for memory, or for an int, can be
// refused before it is built.
std::uint64_t design_point_count(const SweepSpec& spec);

Design make_design(const SweepSpec& spec, std::uint64_t seed);

// A unit coordinate as a value of the parameter (uniform, log-uniform or discrete; rounded for integers).
double parameter_value(const SweptParameter& parameter, double unit);

}  // namespace asmsim
