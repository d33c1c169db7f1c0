#pragma once
// The households' social network: a Watts-Strogatz small world. Each household is linked to its
// `degree` nearest households on a ring (households are ordered by site, so neighbours mostly
// share a site), and each link is rewired to a random household with probability `rewire_share`.

#include <Eigen/Core>

#include "core/random_streams.hpp"

namespace asmsim {

// Row-major (households x degree) matrix of neighbour rows; -1 marks no neighbour.
using Neighbours = Eigen::Array<int, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// `order` lists household rows in ring order. Household h's draws come from position (h, step) of rng.
Neighbours build_small_world(const Eigen::ArrayXi& order, int degree, double rewire_share, RandomEngine& rng,
                             std::uint32_t step);

}  // namespace asmsim
