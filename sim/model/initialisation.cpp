#include "model/initialisation.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "core/draws.hpp"

namespace asmsim {

World initialise_world(const ModelContext& ctx) {
    const ParameterSet& p = ctx.params;
    RandomEngine rng = ctx.stream("initialisation");
    World world;

    // Sites: mineral drawn from the normalised weights.
    const auto n_sites = static_cast<Eigen::Index>(p.integer("simulation.sites"));
    std::array<double, n_commodities> weight = {p.real("sites.share_gold"), p.real("sites.share_cobalt"),
                                                p.real("sites.share_tin")};
    double total_weight = weight[0] + weight[1] + weight[2];
    world.sites.mineral.resize(n_sites);
    for (Eigen::Index s = 0; s < n_sites; ++s) {
        double u = draw_uniform(rng) * total_weight;
        int mineral = 0;
        while (mineral < n_commodities - 1 && (u >= weight[mineral] || weight[mineral] == 0.0)) {
            u -= weight[mineral];
            ++mineral;
        }
        world.sites.mineral[s] = mineral;
    }

    // Households: every household consumes the same six draws.
    const auto n = static_cast<Eigen::Index>(p.integer("simulation.households"));
    const double size_mean = p.real("households.size_mean");
    const double worker_share = p.real("households.adult_worker_share");
    const double mining_share = p.real("households.mining_share");
    const double skill_sd = p.real("households.skill_sd_log");
    const double savings_mean = p.real("households.savings_initial_mean_usd");
    Households& h = world.households;
    h.resize(n);
    for (Eigen::Index i = 0; i < n; ++i) {
        const double u_site = draw_uniform(rng);
        const double u_size = draw_uniform(rng);
        const double z_skill = draw_normal(rng);
        const double u_mining = draw_uniform(rng);
        const double u_savings = draw_uniform(rng);
        draw_uniform(rng);  // reserved, keeps the count of draws stable as traits are added
        h.id[i] = i;
        h.site[i] = std::min(static_cast<int>(u_site * n_sites), static_cast<int>(n_sites) - 1);
        h.size_persons[i] = 1 + poisson_by_inversion(size_mean - 1.0, u_size);
        h.adult_workers[i] =
            std::max(1, static_cast<int>(std::lround(worker_share * h.size_persons[i])));
        h.skill[i] = mean_one_lognormal(skill_sd, z_skill);
        h.is_mining[i] = u_mining < mining_share ? 1 : 0;
        h.savings_usd[i] = -savings_mean * std::log1p(-u_savings);  // exponential, mean savings_mean
    }
    return world;
}

}  // namespace asmsim
