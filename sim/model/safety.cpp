#include "model/safety.hpp"

#include <algorithm>
#include <cmath>

#include "core/choose.hpp"
#include "core/draws.hpp"

namespace asmsim {

SafetyModule::SafetyModule(const ModelContext& ctx) : rng_(ctx.stream("safety")), returns_(ctx.params) {
    const ParameterSet& p = ctx.params;
    rate_informal_month_ = p.real("safety.injury_rate_informal_per_100py") / 100.0 / 12.0;
    rate_licensed_month_ = p.real("safety.injury_rate_licensed_per_100py") / 100.0 / 12.0;
    semi_factor_ = p.real("safety.semi_mechanised_injury_factor");
    fatal_share_ = p.real("safety.fatal_share");
    months_lost_ = static_cast<int>(p.integer("safety.injury_months_lost"));
}

void SafetyModule::visit_rows(int, World& world, RowRange rows) {
    const bool trained = world.policy.safety.on, jobs = world.policy.jobs.on;
    if (trained)
        jobs ? injure<true, true>(world, rows) : injure<true, false>(world, rows);
    else
        jobs ? injure<false, true>(world, rows) : injure<false, false>(world, rows);
}

// Trained = true when a training programme has trained households (their injury rates are lower);
// Jobs = true when programme jobs exist this month (they lower the exposure).
template <bool Trained, bool Jobs>
void SafetyModule::injure(World& world, RowRange rows) {
    Households& h = world.households;
    MonthTally& tally = world.tally;
    const std::int8_t* trained = world.policy.safety.trained.data();
    const double trained_injury_factor = world.policy.safety.injury_factor;
    // Copies in locals: the loop's stores could alias the members and the world, which the compiler
    // would otherwise reload every household (same numbers).
    const MiningReturns returns = returns_;
    const bool rainy = world.rainy;
    const double rate_licensed = rate_licensed_month_, rate_informal = rate_informal_month_, semi_factor = semi_factor_;
    // One draw per household-month decides everything: the injury count by inversion, then the
    // position of the draw within that count's probability is again uniform and decides whether
    // someone died, and then who. Every household draws; miners use theirs.
    u_.resize(static_cast<std::size_t>(rows.end - rows.begin));
    draw_household_uniforms(rng_, world.month, rows.begin, rows.end - rows.begin, 1, u_.data());
    // This month's injuries, for site pay's steps down (written for every household).
    h.new_injuries.segment(rows.begin, rows.end - rows.begin).setZero();
    miners_.select(rows, [&](Eigen::Index i) { return h.is_mining[i] != 0; });
    // The exposure totals in locals, each added to in row order (the other status's adds 0, which
    // changes no sum): in the tally, each addition waited on the last one's store.
    double exposure_licensed = tally.exposure_licensed_person_months;
    double exposure_informal = tally.exposure_informal_person_months;
    for (const Eigen::Index i : miners_) {
        const double u_injuries = u_[static_cast<std::size_t>(i - rows.begin)];
        // Exposure: the month's effective mining workers (full-time equivalents).
        const double exposure = returns.mining_workers<Jobs>(h, i, rainy);
        const bool is_licensed = h.legal_status[i] == licensed;
        exposure_licensed += choose(is_licensed, exposure, 0.0);
        exposure_informal += choose(is_licensed, 0.0, exposure);
        double rate = choose(is_licensed, rate_licensed, rate_informal) * choose(h.semi_mechanised[i] != 0, semi_factor, 1.0);
        if constexpr (Trained)
            if (trained[i]) rate *= trained_injury_factor;
        const double mean = rate * exposure;
        // No injury when u <= exp(-mean); u <= 1 - mean implies it, and spares the exp most months.
        if (u_injuries <= 1.0 - mean) continue;
        const PoissonDraw draw = poisson_with_residual(mean, u_injuries);
        const int able = h.workers(i) - h.injured_workers[i];
        int injuries = std::min(draw.count, std::max(0, able));
        if (injuries == 0) continue;
        (is_licensed ? tally.injuries_licensed : tally.injuries_informal) += injuries;
        h.new_injuries[i] = static_cast<std::int8_t>(std::min(injuries, 127));
        // At most one death per household-month: the chance that at least one injury is fatal.
        const double p_death = 1.0 - std::pow(1.0 - fatal_share_, injuries);
        if (draw.residual < p_death) {
            const double u_who = draw.residual / p_death;  // uniform again, given a death
            tally.fatalities += 1;
            --injuries;
            const bool woman = h.female_workers[i] > 0 &&
                               (h.male_workers[i] == 0 ||
                                u_who < static_cast<double>(h.female_workers[i]) / h.workers(i));
            (woman ? h.female_workers[i] : h.male_workers[i]) -= 1;
            h.size_persons[i] -= 1;
        }
        if (injuries > 0 && months_lost_ > 0) {
            h.injured_workers[i] = std::min(h.workers(i), h.injured_workers[i] + injuries);
            h.injury_months_left[i] = months_lost_;
        }
    }
    tally.exposure_licensed_person_months = exposure_licensed;
    tally.exposure_informal_person_months = exposure_informal;
}

}  // namespace asmsim
