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
    // Every household has the same numbers every month (common random numbers); only those who
    // review their choice this month use them: number 0 reviews, 1 chooses, 2 .. 1 + site_samples pick
    // sites. The first block's four are computed for the whole block of rows; the numbers beyond
    // them only for the entrants that compare more sites than that (household_uniform).
    const int per_row = std::min(site_samples + 2, 4);
    u_.resize(static_cast<std::size_t>((rows.end - rows.begin) * per_row));
    draw_household_uniforms(rng_, world.month, rows.begin, rows.end - rows.begin, per_row, u_.data());
    // The month's first payments (entry costs) and entries: written here for every household.
    h.entered_mining.segment(rows.begin, rows.end - rows.begin).setZero();
    h.payments_usd.segment(rows.begin, rows.end - rows.begin).setZero();
    // The households that review this month, listed without a branch per household; each acts on its
    // own columns only, so taking them in row order gives what one loop over every row gave.
    reviewers_.select(rows, [&](Eigen::Index i) { return u_[static_cast<std::size_t>((i - rows.begin) * per_row)] < review; });
    for (const Eigen::Index i : reviewers_) {
        const double* u = u_.data() + (i - rows.begin) * per_row;
        const double u_choice = u[1];
        const auto u_site = [&](int k) { return 2 + k < per_row ? u[2 + k] : household_uniform(rng_, world.month, i, 2 + k); };
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
            const int site = std::min(static_cast<int>(u_site(k) * n_sites), static_cast<int>(n_sites) - 1);
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
