#include "model/labour.hpp"

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

void LabourModule::step(World& world, Results&) {
    Households& h = world.households;
    const auto n_sites = static_cast<double>(world.sites.size());
    const double wage = wage_ * world.price_level;
    for (Eigen::Index i = 0; i < h.size(); ++i) {
        const double u_switch = draw_uniform(rng_);
        const double workers = returns_.mining_workers_year(h, i);
        // Site samples are drawn for every household every month, to keep the stream aligned.
        int best_site = h.site[i];
        double best_income = -1.0;
        const bool may_enter = !h.is_mining[i] && workers > 0.0;
        for (int k = 0; k < site_samples_; ++k) {
            const double u_site = draw_uniform(rng_);
            if (!may_enter) continue;
            const int site = static_cast<int>(u_site * n_sites);
            const double income = returns_.expected_income_usd(
                world, i, site, returns_.price_share_now(h, i, world.sites.mineral[site]));
            if (income > best_income) {
                best_income = income;
                best_site = site;
            }
        }
        if (workers <= 0.0) continue;
        if (h.is_mining[i]) {
            const int site = h.site[i];
            const double per_worker =
                returns_.expected_income_usd(world, i, site, returns_.price_share_now(h, i, world.sites.mineral[site])) /
                workers * (1.0 - risk_discount_);
            if (per_worker < wage * (1.0 - exit_margin_) && u_switch < switch_share_) {
                h.is_mining[i] = 0;
                ++world.tally.mining_exits;
            }
        } else {
            const int home = h.site[i];
            const double at_home =
                returns_.expected_income_usd(world, i, home, returns_.price_share_now(h, i, world.sites.mineral[home]));
            if (at_home >= best_income) {
                best_income = at_home;
                best_site = home;
            }
            const double per_worker = best_income / workers * (1.0 - risk_discount_);
            if (per_worker > wage * (1.0 + entry_margin_) && u_switch < switch_share_) {
                h.is_mining[i] = 1;
                h.site[i] = best_site;
                ++world.tally.mining_entries;
            }
        }
    }
}

}  // namespace asmsim
