#include "model/labour.hpp"

#include <algorithm>

#include "core/draws.hpp"

namespace asmsim {

LabourModule::LabourModule(const ModelContext& ctx)
    : rng_(ctx.stream("labour")),
      returns_(ctx.params),
      wage_(ctx.params.real("labour.offfarm_usd_per_worker_month")),
      risk_discount_(ctx.params.real("labour.risk_discount")),
      entry_margin_(ctx.params.real("labour.entry_margin")),
      exit_margin_(ctx.params.real("labour.exit_margin")),
      switch_share_(ctx.params.real("labour.switch_share_monthly")),
      site_samples_(static_cast<int>(ctx.params.integer("labour.migration_site_samples"))) {}

void LabourModule::visit_rows(int, World& world, RowRange rows) {
    Households& h = world.households;
    const auto n_sites = static_cast<double>(world.sites.size());
    const double wage = wage_ * world.price_level;
    // Locals: the random engine is a member, and its calls could change the others as far as the
    // compiler knows, which would force reloads every household.
    const double switch_share = switch_share_;
    const int site_samples = site_samples_;
    for (Eigen::Index i = rows.begin; i < rows.end; ++i) {
        h.entered_mining[i] = 0;
        // Every household draws 1 + site_samples numbers every month, to keep the stream aligned;
        // only those whose switching draw lets them switch this month evaluate anything.
        double u[max_site_samples + 2];  // u[0] decides switching, u[1..] pick sites
        const UniformPair first = draw_uniform_pair(rng_);
        u[0] = first.first;
        u[1] = first.second;
        const double u_switch = u[0];
        if (u_switch >= switch_share) {
            // Most households: the site numbers are drawn but not needed (same numbers consumed).
            for (int k = 2; k < site_samples + 1; k += 2) rng_();
            continue;
        }
        for (int k = 2; k < site_samples + 1; k += 2) {
            const UniformPair pair = draw_uniform_pair(rng_);
            u[k] = pair.first;
            u[k + 1] = pair.second;
        }
        const double* u_site = u + 1;
        const double workers = returns_.mining_workers_year(h, i);
        if (workers <= 0.0) {
            // Its only worker took a programme job (alternative livelihoods): the household stops mining.
            if (h.is_mining[i] && h.job_workers[i] > 0) {
                h.is_mining[i] = 0;
                ++world.tally.mining_exits;
            }
            continue;
        }
        if (h.is_mining[i]) {
            const double per_worker = returns_.expected_income_now_usd(world, i, h.site[i]) / workers * (1.0 - risk_discount_);
            if (per_worker < wage * (1.0 - exit_margin_)) {
                h.is_mining[i] = 0;
                ++world.tally.mining_exits;
            }
            continue;
        }
        // An entrant compares its own site with a few others and goes to the best.
        int best_site = h.site[i];
        double best_income = returns_.expected_income_now_usd(world, i, best_site);
        for (int k = 0; k < site_samples; ++k) {
            const int site = std::min(static_cast<int>(u_site[k] * n_sites), static_cast<int>(n_sites) - 1);
            const double income = returns_.expected_income_now_usd(world, i, site);
            if (income > best_income) {
                best_income = income;
                best_site = site;
            }
        }
        if (best_income / workers * (1.0 - risk_discount_) > wage * (1.0 + entry_margin_)) {
            h.is_mining[i] = 1;
            h.entered_mining[i] = 1;
            h.site[i] = best_site;
            ++world.tally.mining_entries;
        }
    }
}

}  // namespace asmsim
