#include "model/labour.hpp"

#include <algorithm>

#include "core/draws.hpp"

namespace asmsim {

LabourModule::LabourModule(const ModelContext& ctx)
    : rng_(ctx.stream("labour")),
      returns_(ctx.params),
      choice_(ctx.params),
      site_samples_(static_cast<int>(ctx.params.integer("labour.migration_site_samples"))) {}

void LabourModule::visit_rows(int, World& world, RowRange rows) {
    Households& h = world.households;
    const auto n_sites = static_cast<double>(world.sites.size());
    const OccupationalChoice::Month m = choice_.month(world.price_level, world.rainy);
    // Locals: the random engine is a member, and its calls could change the others as far as the
    // compiler knows, which would force reloads every household.
    const double review = m.review;
    const int site_samples = site_samples_;
    const int pairs = (site_samples + 3) / 2;  // u[0] reviews, u[1] chooses, u[2..] pick sites
    for (Eigen::Index i = rows.begin; i < rows.end; ++i) {
        h.entered_mining[i] = 0;
        h.payments_usd[i] = 0.0;  // the month's first payments (entry costs): written here for every household
        // Every household draws the same numbers every month, to keep the stream aligned; only those
        // who review their choice this month evaluate anything.
        double u[max_site_samples + 3];
        for (int k = 0; k < pairs; ++k) {
            const UniformPair pair = draw_uniform_pair(rng_);
            u[2 * k] = pair.first;
            u[2 * k + 1] = pair.second;
        }
        if (u[0] >= review) continue;
        const double u_choice = u[1];
        const double* u_site = u + 2;
        const double workers = returns_.mining_workers_year(h, i);
        if (workers <= 0.0) {
            // Its only worker took a programme job (alternative livelihoods): the household stops mining.
            if (h.is_mining[i] && h.job_workers[i] > 0) {
                h.is_mining[i] = 0;
                ++world.tally.mining_exits;
            }
            continue;
        }
        const OccupationalChoice::PerWorker per =
            choice_.per_worker(m, workers, h.savings_usd[i] + h.livestock_usd[i], h.debt_usd(i, trader));
        const double inv_workers = 1.0 / workers;
        if (h.is_mining[i]) {
            const double v = returns_.expected_income_now_usd(world, i, h.site[i]) * inv_workers;
            const double x = choice_.stay_argument(m, choice_.mining_value(m, v, per), per);
            if (!uniform_below_logistic(u_choice, x)) {
                h.is_mining[i] = 0;
                ++world.tally.mining_exits;
            }
            continue;
        }
        // An entrant compares its own site with a few others (moving costs count) and takes the best.
        int best_site = h.site[i];
        double best = choice_.enter_argument(
            m, choice_.mining_value(m, returns_.expected_income_now_usd(world, i, best_site) * inv_workers, per), per, false);
        for (int k = 0; k < site_samples; ++k) {
            const int site = std::min(static_cast<int>(u_site[k] * n_sites), static_cast<int>(n_sites) - 1);
            const double v = returns_.expected_income_now_usd(world, i, site) * inv_workers;
            const double x = choice_.enter_argument(m, choice_.mining_value(m, v, per), per, site != h.site[i]);
            if (x > best) {
                best = x;
                best_site = site;
            }
        }
        if (uniform_below_logistic(u_choice, best)) {
            const double cost = std::min(choice_.entry_payment(m, best_site != h.site[i]), std::max(0.0, h.savings_usd[i]));
            h.savings_usd[i] -= cost;
            h.payments_usd[i] = cost;
            h.is_mining[i] = 1;
            h.entered_mining[i] = 1;
            h.site[i] = best_site;
            ++world.tally.mining_entries;
        }
    }
}

}  // namespace asmsim
