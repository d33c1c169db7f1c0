#include "model/formalisation.hpp"

#include <algorithm>
#include <cmath>

#include "core/draws.hpp"

namespace asmsim {

FormalisationModule::FormalisationModule(const ModelContext& ctx)
    : rng_(ctx.stream("formalisation")), returns_(ctx.params) {
    const ParameterSet& p = ctx.params;
    fee_usd_ = p.real("formalisation.licence_fee_usd");
    compliance_usd_month_ = p.real("formalisation.compliance_cost_usd_month");
    cooperative_fee_share_ = p.real("formalisation.cooperative_fee_share");
    licence_months_ = static_cast<int>(p.integer("formalisation.licence_months"));
    processing_per_month_ = p.real("formalisation.processing_per_1000_households_month") *
                            static_cast<double>(p.integer("simulation.households")) / 1000.0;
    inspection_rate_ = p.real("enforcement.inspection_rate_monthly");
    fine_usd_ = p.real("enforcement.fine_usd");
    confiscation_share_ = p.real("enforcement.confiscation_share");
    benefit_scale_usd_ = p.real("formalisation.benefit_scale_usd");
    peer_weight_ = p.real("formalisation.peer_weight");
    intercept_ = p.real("formalisation.apply_logit_intercept");
}

// Inline: evaluated for most households every month, and its per-month constants then leave the loop.
inline FormalisationModule::Benefit FormalisationModule::net_benefit(const World& world, Eigen::Index i,
                                                              double wait_months) const {
    const Households& h = world.households;
    const int site = h.site[i];
    const int mineral = world.sites.mineral[site];
    // Income at the informal price (tied while owing a trader, as the trader still takes the output).
    const double informal_share = h.debt_usd(i, trader) > 0.0 ? returns_.tied_price_share(mineral)
                                                              : returns_.informal_price_share(mineral);
    const double informal_income = returns_.expected_income_usd(world, i, site, informal_share);
    const double per_share = informal_share > 0.0 ? informal_income / informal_share : 0.0;
    const double level = world.price_level;  // fees, fines and compliance are local prices
    const double avoided_penalties = inspection_rate_ * (fine_usd_ * level + confiscation_share_ * informal_income);
    const double months = std::max(0.0, licence_months_ - wait_months);
    Benefit best{-1e300, false, fee_usd_ * level};
    for (bool cooperative : {false, true}) {
        const double price_gain = per_share * (returns_.formal_price_share(cooperative) - informal_share);
        const double fee = (cooperative ? fee_usd_ * cooperative_fee_share_ : fee_usd_) * level;
        const double net = months * (price_gain + avoided_penalties - compliance_usd_month_ * level) - fee;
        if (net > best.net_usd) best = {net, cooperative, fee};
    }
    return best;
}

void FormalisationModule::step(World& world, Results&) {
    Households& h = world.households;
    MonthTally& tally = world.tally;

    // 1. Licensed miners pay the month's compliance cost (out of cash); licences age and, at expiry,
    //    are renewed (no queue) when still worth it and affordable.
    const double compliance_usd = compliance_usd_month_ * world.price_level;
    for (Eigen::Index i = 0; i < h.size(); ++i) {
        if (h.legal_status[i] != licensed) continue;
        if (h.is_mining[i]) {
            const double paid = std::min(compliance_usd, std::max(0.0, h.savings_usd[i]));
            h.savings_usd[i] -= paid;
            h.payments_usd[i] += paid;
        }
        if (--h.licence_months_left[i] > 0) continue;
        const Benefit b = net_benefit(world, i, 0.0);
        if (h.is_mining[i] && b.net_usd > 0.0 && h.savings_usd[i] >= b.fee_usd) {
            h.savings_usd[i] -= b.fee_usd;
            h.payments_usd[i] += b.fee_usd;
            tally.licence_fees_usd += b.fee_usd;
            h.licence_months_left[i] = licence_months_;
            h.in_cooperative[i] = b.cooperative ? 1 : 0;
            ++tally.licences_renewed;
        } else {
            h.legal_status[i] = informal;
            h.in_cooperative[i] = 0;
            ++tally.licences_lapsed;
        }
    }

    // 2. The administration processes applications, oldest first, within its capacity.
    world.processing_credit = std::min(world.processing_credit + processing_per_month_,
                                       std::max(1.0, processing_per_month_));
    while (!world.licence_queue.empty() && world.processing_credit >= 1.0) {
        const int i = world.licence_queue.front();
        world.licence_queue.pop_front();
        world.processing_credit -= 1.0;
        h.legal_status[i] = licensed;
        h.licence_months_left[i] = licence_months_;
        ++tally.licences_issued;
    }

    // 3. Informal mining households decide whether to apply (one draw each, every month).
    const double wait_months =
        processing_per_month_ > 0.0 ? static_cast<double>(world.licence_queue.size()) / processing_per_month_ : 1e9;
    const int degree = static_cast<int>(world.neighbours.cols());
    // Whichever way it applies, a household needs at least the lower of the two fees in cash; poor
    // households rarely have it, and are then spared the benefit calculation.
    const double lowest_fee = std::min(fee_usd_, fee_usd_ * cooperative_fee_share_) * world.price_level;
    PairedUniforms uniforms(rng_);
    for (Eigen::Index i = 0; i < h.size(); ++i) {
        const double u = uniforms.next();
        if (!h.is_mining[i] || h.legal_status[i] != informal || h.savings_usd[i] < lowest_fee) continue;
        const Benefit b = net_benefit(world, i, wait_months);
        if (h.savings_usd[i] < b.fee_usd) continue;
        // With every neighbour licensed the chance is highest; most draws fail even that bound,
        // which spares reading the neighbours.
        const double logit_without_peers = intercept_ + b.net_usd / benefit_scale_usd_;
        if (!uniform_below_logistic(u, logit_without_peers + peer_weight_)) continue;
        int licensed_neighbours = 0, neighbours = 0;
        for (int k = 0; k < degree; ++k) {
            const int j = world.neighbours(i, k);
            if (j < 0) continue;
            ++neighbours;
            licensed_neighbours += h.legal_status[j] == licensed ? 1 : 0;
        }
        const double peer_share = neighbours > 0 ? static_cast<double>(licensed_neighbours) / neighbours : 0.0;
        const double logit = logit_without_peers + peer_weight_ * peer_share;
        if (uniform_below_logistic(u, logit)) {
            h.savings_usd[i] -= b.fee_usd;
            h.payments_usd[i] += b.fee_usd;
            tally.licence_fees_usd += b.fee_usd;
            h.legal_status[i] = applicant;
            h.in_cooperative[i] = b.cooperative ? 1 : 0;
            world.licence_queue.push_back(static_cast<int>(i));
            ++tally.applications;
        }
    }
}

}  // namespace asmsim
