#include "model/network.hpp"

#include "core/draws.hpp"

namespace asmsim {

Neighbours build_small_world(const Eigen::ArrayXi& order, int degree, double rewire_share, RandomEngine& rng,
                             std::uint32_t step) {
    const Eigen::Index n = order.size();
    Neighbours neighbours = Neighbours::Constant(n, degree, -1);
    if (n < 2) return neighbours;
    const int half = degree / 2;
    for (Eigen::Index k = 0; k < n; ++k) {
        const int self = order[k];
        rng.seek(static_cast<std::uint64_t>(self), step);  // each household's links from its own position
        int slot = 0;
        for (int offset = -half; offset <= half; ++offset) {
            if (offset == 0 || slot >= degree) continue;
            // Two draws per link whatever happens.
            const double u_rewire = draw_uniform(rng);
            const double u_target = draw_uniform(rng);
            int other = order[((k + offset) % n + n) % n];
            if (u_rewire < rewire_share) other = static_cast<int>(u_target * static_cast<double>(n)) % static_cast<int>(n);
            if (other == self) other = order[(k + 1) % n];
            neighbours(self, slot++) = other;
        }
    }
    return neighbours;
}

}  // namespace asmsim
