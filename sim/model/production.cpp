#include "model/production.hpp"

#include "core/draws.hpp"

namespace asmsim {

ProductionModule::ProductionModule(const ModelContext& ctx)
    : rng_(ctx.stream("production")),
      rich_rng_(ctx.stream("production_rich_find")),
      returns_(ctx.params),
      luck_sd_log_(ctx.params.real("production.output_sd_log")) {
    // A rich find multiplies the team's month by M with probability p; other months are scaled by
    // (1 - p M) / (1 - p), so that expected output is unchanged (a mean-preserving spread).
    const double p = ctx.params.real("production.rich_find_probability_monthly");
    rich_probability_ = p;
    rich_factor_ = ctx.params.real("production.rich_find_multiplier");
    usual_factor_ = p > 0.0 ? (1.0 - p * rich_factor_) / (1.0 - p) : 1.0;
}

void ProductionModule::begin_pass(int, World& world, Results&) { miners_now_.setZero(world.sites.size()); }

void ProductionModule::visit_rows(int, World& world, RowRange rows) {
    Households& h = world.households;
    Sites& sites = world.sites;
    const double days = returns_.days(world.rainy);
    // Copies in locals: the loop's stores to output and site sums could alias the members, which
    // the compiler would otherwise reload every household (same numbers).
    const MiningReturns returns = returns_;
    const double luck_sd_log = luck_sd_log_;
    const bool rainy = world.rainy;
    // Drawn for every household (miners use theirs).
    luck_.resize(static_cast<std::size_t>(rows.end - rows.begin));
    draw_mean_one_lognormals(rng_, world.month, rows.begin, luck_sd_log, luck_.data(), rows.end - rows.begin);
    // Rich finds from their own stream (one draw per household and month), so that the luck draws
    // are those of a run without them.
    rich_.resize(luck_.size());
    draw_household_uniforms(rich_rng_, world.month, rows.begin, rows.end - rows.begin, 1, rich_.data());
    for (std::size_t k = 0; k < luck_.size(); ++k)
        luck_[k] *= rich_[k] < rich_probability_ ? rich_factor_ : usual_factor_;
    // Written for every household, so the month's start need not clear it.
    h.output_g.segment(rows.begin, rows.end - rows.begin).setZero();
    miners_.select(rows, [&](Eigen::Index i) { return h.is_mining[i] != 0; });
    for (const Eigen::Index i : miners_) {
        const int site = h.site[i];
        const double workers = returns.mining_workers(h, i, rainy);
        miners_now_[site] += workers;
        const double grams = workers * days * sites.g_per_worker_day[site] *
                             returns.household_factor(h, i, sites.mineral[site]) *
                             luck_[static_cast<std::size_t>(i - rows.begin)];
        h.output_g[i] = grams;
        sites.cumulative_output_g[site] += grams;
    }
}

// Sites' crowding changes once every household has produced: it is next month's.
void ProductionModule::end_pass(int, World& world, Results&) { world.sites.miners.swap(miners_now_); }

}  // namespace asmsim
