#include "model/migration.hpp"

#include <algorithm>

#include "core/draws.hpp"

namespace asmsim {

MigrationModule::MigrationModule(const ModelContext& ctx)
    : rng_(ctx.stream("migration")),
      returns_(ctx.params),
      move_share_(ctx.params.real("migration.move_share_monthly")),
      cost_usd_(ctx.params.real("migration.cost_usd")),
      payback_months_(ctx.params.real("migration.payback_months")),
      site_samples_(static_cast<int>(ctx.params.integer("migration.site_samples"))) {
    id_migrants_ = ctx.results.declare("new_migrant_households", "households/month",
                                       "mining households that moved to another site (each counts once out of one site and into another)");
    id_cost_ = ctx.results.declare("migration_cost_usd", "USD/month", "paid by migrating households for moving");
}

void MigrationModule::begin_pass(int, World&, Results&) {
    moves_ = 0;
    cost_paid_ = 0.0;
}

void MigrationModule::visit_rows(int, World& world, RowRange rows) {
    Households& h = world.households;
    const int n_sites = static_cast<int>(world.sites.size());
    const double cost = cost_usd_ * world.price_level;
    const double move_share = move_share_, payback = payback_months_;
    const int samples = site_samples_;
    // 1 + samples numbers for every household every month, whatever it does (common random
    // numbers); drawn for the whole block first.
    const int per_row = 1 + samples;
    draws_.resize(static_cast<std::size_t>((rows.end - rows.begin) * per_row));
    draw_household_uniforms(rng_, world.month, rows.begin, rows.end - rows.begin, per_row, draws_.data());
    // Movers are households that mined before this month (entrants chose their site in labour)
    // and hold no licence and no place in the licence queue: both are tied to land at their site.
    // Listed first, without a branch per household (about one in ten acts in a month).
    movers_.select(rows, [&](Eigen::Index i) {
        const double* u = draws_.data() + (i - rows.begin) * per_row;
        return (h.is_mining[i] != 0) & (h.entered_mining[i] == 0) & (h.legal_status[i] == informal) & (u[0] < move_share);
    });
    for (const Eigen::Index i : movers_) {
        const double* u = draws_.data() + (i - rows.begin) * per_row;
        if (returns_.mining_workers_year(h, i) <= 0.0 || h.savings_usd[i] < cost) continue;
        const int here = h.site[i];
        const double income_here = returns_.expected_income_now_usd(world, i, here);
        int best_site = here;
        double best_income = income_here;
        for (int k = 1; k <= samples; ++k) {
            const int site = std::min(static_cast<int>(u[k] * n_sites), n_sites - 1);
            const double income = returns_.expected_income_now_usd(world, i, site);
            if (income > best_income) {
                best_income = income;
                best_site = site;
            }
        }
        if (best_site == here || (best_income - income_here) * payback <= cost) continue;
        h.site[i] = best_site;
        h.savings_usd[i] -= cost;
        h.payments_usd[i] += cost;
        ++moves_;
        cost_paid_ += cost;
    }
}

void MigrationModule::end_pass(int, World& world, Results& results) {
    world.tally.migrants = moves_;
    world.tally.migration_cost_usd = cost_paid_;
    results.set(id_migrants_, world.month, moves_);
    results.set(id_cost_, world.month, cost_paid_);
}

}  // namespace asmsim
