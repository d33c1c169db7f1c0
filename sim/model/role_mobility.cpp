#include "model/role_mobility.hpp"

#include <algorithm>

#include "core/draws.hpp"

namespace asmsim {

RoleMobilityModule::RoleMobilityModule(const ModelContext& ctx) : rng_(ctx.stream("roles")), p_(ctx.params) {}

// Share of a role's places at a site that are free, from last month's effective workers per role:
// 1 - (workers in the role) / (site workers / workers per place), at least 0. Digging has no limit;
// a site without last month's counts (the first month) has every place free.
double RoleMobilityModule::free_places(const World& world, int site, int role) const {
    if (role < skilled) return 1.0;
    const Sites& s = world.sites;
    if (s.role_workers.rows() != s.size()) return 1.0;
    const double total = s.role_workers.row(site).sum();
    if (total <= 0.0) return 1.0;
    return std::max(0.0, 1.0 - s.role_workers(site, role) * p_.workers_per[role] / total);
}

inline void RoleMobilityModule::step(const World& world, Eigen::Index i, bool female, int count, std::int8_t& role,
                                     std::int8_t& months, double u) const {
    const Households& h = world.households;
    if (!h.is_mining[i] || count <= 0) {
        role = role_none;
        months = 0;
        return;
    }
    if (role == role_none) {
        if (world.month == 0) {
            // The first month's miners have mined for a while: their roles are drawn from the
            // hierarchy's places (one sponsor per workers_per_sponsor, ...), women's scaled by their
            // barriers, the rest digging (men) or split as entrants (women).
            const double f = female ? p_.female_pit_work_factor : 1.0;
            const double o = female ? p_.female_ownership_factor : 1.0;
            const double to_sponsor = f * o / p_.workers_per[sponsor];
            const double to_manager = to_sponsor + f / p_.workers_per[pit_manager];
            const double to_skilled = to_manager + f / p_.workers_per[skilled];
            const double rest = std::max(0.0, 1.0 - to_skilled);
            const double to_processing = to_skilled + (female ? p_.female_entry_processing_share * rest : 0.0);
            role = u < to_sponsor      ? sponsor
                   : u < to_manager    ? pit_manager
                   : u < to_skilled    ? skilled
                   : u < to_processing ? processor
                                       : digger;
            months = static_cast<std::int8_t>(std::min(120, p_.experience_months));
            return;
        }
        role = female && u < p_.female_entry_processing_share ? processor : digger;
        months = 0;
        return;
    }
    months = static_cast<std::int8_t>(std::min(120, months + 1));
    if (role == sponsor || months < p_.experience_months) return;
    // p below is at most promotion_monthly (every factor is at most 1): most groups stop here, before
    // the site's free places are looked up (the same results).
    if (u >= p_.promotion_monthly) return;
    const int next = role + 1;
    double p = p_.promotion_monthly * free_places(world, h.site[i], next);
    if (female) p *= p_.female_pit_work_factor * (next == sponsor ? p_.female_ownership_factor : 1.0);
    if (next == sponsor && h.savings_usd[i] < p_.sponsor_capital_usd * world.price_level) p = 0.0;
    if (u < p) {
        role = static_cast<std::int8_t>(next);
        months = 0;
    }
}

void RoleMobilityModule::visit_rows(int, World& world, RowRange rows) {
    Households& h = world.households;
    // Two uniforms per household and month, whatever happens (common random numbers).
    u_.resize(static_cast<std::size_t>(2 * (rows.end - rows.begin)));
    draw_household_uniforms(rng_, world.month, rows.begin, rows.end - rows.begin, 2, u_.data());
    for (Eigen::Index i = rows.begin; i < rows.end; ++i) {
        const double* u = u_.data() + 2 * (i - rows.begin);
        step(world, i, false, h.male_workers[i], h.role_male[i], h.role_months_male[i], u[0]);
        step(world, i, true, h.female_workers[i], h.role_female[i], h.role_months_female[i], u[1]);
    }
}

}  // namespace asmsim
