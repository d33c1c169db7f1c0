#include "model/selling.hpp"

#include <algorithm>

#include "core/draws.hpp"

namespace asmsim {

SellingModule::SellingModule(const ModelContext& ctx) : rng_(ctx.stream("selling")), returns_(ctx.params) {
    inspection_rate_ = ctx.params.real("enforcement.inspection_rate_monthly");
    fine_usd_ = ctx.params.real("enforcement.fine_usd");
    informal_payment_share_ = ctx.params.real("enforcement.informal_payment_share");
    confiscation_share_ = ctx.params.real("enforcement.confiscation_share");
    trader_repayment_share_ = ctx.params.real("finance.trader_repayment_share");
}

void SellingModule::visit_rows(int, World& world, RowRange rows) {
    const Policy& policy = world.policy;
    if (policy.enforcement.on || policy.buying.on || policy.royalty.on)
        sell<true>(world, rows);
    else
        sell<false>(world, rows);
}

// With Levers = false (no programme acting on selling this month) the policy is not read; with true,
// levers that are off change nothing, so both give the same numbers without programmes.
template <bool Levers>
void SellingModule::sell(World& world, RowRange rows) {
    Households& h = world.households;
    MonthTally& tally = world.tally;
    const Policy::Enforcement& enforcement = world.policy.enforcement;
    const Policy::Buying& buying = world.policy.buying;
    // Every household draws; sellers use theirs.
    const Eigen::Index n = rows.end - rows.begin;
    u_.resize(static_cast<std::size_t>(n));
    draw_paired_uniforms(rng_, u_.data(), n);
    // Written for every household, so the month's start need not clear them (mining income; the first
    // of the month's debt service).
    h.mining_income_usd.segment(rows.begin, n).setZero();
    h.debt_service_usd.segment(rows.begin, n).setZero();
    sellers_.select(rows, [&](Eigen::Index i) { return (h.is_mining[i] != 0) & (h.output_g[i] > 0.0); });
    for (const Eigen::Index i : sellers_) {
        const double u_inspection = u_[static_cast<std::size_t>(i - rows.begin)];
        const int mineral = world.sites.mineral[h.site[i]];
        const double price = world.price_usd_per_g[mineral];
        double grams = h.output_g[i];

        // Inspection terms: the usual ones, or an enforcement programme's where it acts.
        const bool governed = Levers && enforcement.on && enforcement.reached[i];
        const double inspection_rate = governed ? enforcement.inspection_rate_monthly : inspection_rate_;
        // One branch, rarely taken (a separate one on the legal status would go either way at random).
        if ((h.legal_status[i] != licensed) & (u_inspection < inspection_rate)) {
            ++tally.inspections;
            if (governed) world.programmes[enforcement.account].try_spend(enforcement.usd_per_inspection * world.price_level);
            const double fine_usd = (governed ? enforcement.fine_usd : fine_usd_) * world.price_level;
            const double fine = std::min(fine_usd, std::max(0.0, h.savings_usd[i]));
            const double kept_by_officials = fine * (governed ? enforcement.informal_payment_share : informal_payment_share_);
            h.savings_usd[i] -= fine;
            h.payments_usd[i] += fine;
            tally.fines_usd += fine - kept_by_officials;
            tally.informal_payments_usd += kept_by_officials;
            tally.confiscated_g[mineral] += confiscation_share_ * grams;
            grams *= 1.0 - confiscation_share_;
        }

        // Channel: tied to the financier; else the better of the usual buyer and a buying programme.
        double share;
        const bool owes_trader = h.debt_usd(i, trader) > 0.0;  // unchanged until the repayment below
        if (owes_trader) {
            share = returns_.tied_price_share(mineral);
            tally.sold_tied_g[mineral] += grams;
        } else {
            const bool is_licensed = h.legal_status[i] == licensed;
            const bool cooperative = h.in_cooperative[i] != 0;
            const double usual = !is_licensed ? returns_.informal_price_share(mineral)
                                 : Levers     ? returns_.formal_price_share(world, i, cooperative)
                                              : returns_.usual_formal_price_share(cooperative);
            const double programme = Levers ? returns_.programme_price_share(world, i) : 0.0;
            const double programme_value = Levers ? grams * price * buying.price_share : 0.0;
            if (programme > usual &&
                world.programmes[buying.account].try_spend(programme_value * buying.cost_share_of_value)) {
                share = programme;
                tally.sold_programme_g[mineral] += grams;
                tally.royalties_usd += programme_value * returns_.royalty_rate(world, i);
            } else if (is_licensed) {
                share = usual;
                tally.sold_formal_g[mineral] += grams;
                const double royalty_rate = Levers ? returns_.royalty_rate(world, i) : returns_.usual_royalty_rate();
                tally.royalties_usd += grams * price * returns_.formal_share_before_royalty() * royalty_rate;
            } else {
                share = usual;
                tally.sold_informal_g[mineral] += grams;
            }
        }
        const double income = grams * price * share * returns_.digger_share();
        h.mining_income_usd[i] = income;
        h.savings_usd[i] += income;

        double repaid = 0.0;
        if (owes_trader) {
            repaid = std::min(h.debt_usd(i, trader), trader_repayment_share_ * income);
            h.debt_usd(i, trader) -= repaid;
            h.savings_usd[i] -= repaid;
        }
        h.debt_service_usd[i] = repaid;
    }
}

}  // namespace asmsim
