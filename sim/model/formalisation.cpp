#include "model/formalisation.hpp"

#include <algorithm>
#include <cmath>
#include <deque>

#include "core/draws.hpp"

namespace asmsim {

FormalisationModule::FormalisationModule(const ModelContext& ctx)
    : rng_(ctx.stream("formalisation")), renew_rng_(ctx.stream("formalisation.renewal")), returns_(ctx.params) {
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
    travel_usd_ = p.real("formalisation.travel_cost_usd");
    informal_payment_usd_ = p.real("formalisation.informal_payment_usd");
    discount_factor_ = 1.0 / (1.0 + p.real("formalisation.discount_rate_monthly"));
    eviction_rate_ = p.real("formalisation.eviction_rate_monthly");
    eviction_months_lost_ = p.real("formalisation.eviction_months_lost");
    credit_use_share_ = p.real("formalisation.credit_use_share");
    credit_spread_ = std::max(0.0, p.real("finance.mfi_rate_monthly") - p.real("finance.bank_rate_monthly"));
    bank_loan_max_usd_ = p.real("finance.bank_loan_max_usd");
    collateral_ratio_ = p.real("finance.bank_collateral_ratio");
    land_value_usd_per_ha_ = p.real("finance.land_value_usd_per_ha");
    renewal_intercept_ = p.real("formalisation.renewal_logit_intercept");
    licensable_ha_per_household_ = p.real("formalisation.licensable_ha_per_household");
    ha_per_licence_ = p.real("formalisation.ha_per_licence");
    cooperative_members_ = static_cast<double>(p.integer("formalisation.cooperative_members"));
    months_no_wait_ = benefit_months(0.0);
    months_at_wait_ = months_no_wait_;  // wait_months_ starts at 0
}

double FormalisationModule::benefit_months(double wait_months) const {
    const double months = std::max(0.0, licence_months_ - wait_months);
    if (months <= 0.0) return 0.0;
    const double d = discount_factor_;
    if (d >= 1.0) return months;
    // sum over k = wait .. term-1 of d^k
    return std::pow(d, wait_months) * (1.0 - std::pow(d, months)) / (1.0 - d);
}

// Licence units in use per site: licensed households and applicants (a cooperative member takes
// 1/members of a unit). Capacity is fixed from the sites' households at the start of the run.
void FormalisationModule::count_land_in_use(const World& world) {
    const Households& h = world.households;
    const Eigen::Index sites = world.sites.size();
    if (!land_sized_) {
        // The same at every site: licensable land per household of the area, times the area's
        // households per site, in whole licences.
        const double households_per_site = static_cast<double>(h.size()) / static_cast<double>(sites);
        land_capacity_.setConstant(sites, std::floor(licensable_ha_per_household_ * households_per_site / ha_per_licence_));
        land_sized_ = true;
    }
    land_in_use_.setZero(sites);
    for (Eigen::Index i = 0; i < h.size(); ++i)
        if (h.legal_status[i] != informal) land_in_use_[h.site[i]] += land_units(h.in_cooperative[i] != 0);
}

double FormalisationModule::fee_share_paid(const World& world, Eigen::Index i) const {
    const Policy::FeeSubsidy& subsidy = world.policy.fee_subsidy;
    if (!subsidy.on || !subsidy.reached[i]) return 1.0;
    const bool funded = world.programmes[subsidy.account].remaining_usd() >= subsidy.share * fee_usd_ * world.price_level;
    return funded ? 1.0 - subsidy.share : 1.0;
}

// The household pays its part of the route's fee (b.fee_usd); a fee subsidy that reaches it pays
// the rest to the licensing office, so the treasury receives the whole fee.
void FormalisationModule::pay_fee(World& world, Eigen::Index i, const Benefit& b) const {
    Households& h = world.households;
    h.savings_usd[i] -= b.fee_usd;
    h.payments_usd[i] += b.fee_usd;
    world.tally.licence_fees_usd += b.fee_usd;
    const Policy::FeeSubsidy& subsidy = world.policy.fee_subsidy;
    if (b.subsidy_usd > 0.0 && world.programmes[subsidy.account].try_spend(b.subsidy_usd))
        world.tally.licence_fees_usd += b.subsidy_usd;
}

// Travel to the licensing office and informal payments to officials: leave the household, reach no treasury.
void FormalisationModule::pay_upfront(World& world, Eigen::Index i, double usd) const {
    Households& h = world.households;
    h.savings_usd[i] -= usd;
    h.payments_usd[i] += usd;
    world.tally.informal_payments_usd += informal_payment_usd_ * world.price_level;
}

void FormalisationModule::issue_licence(World& world, Eigen::Index i) const {
    world.households.legal_status[i] = licensed;
    world.households.licence_months_left[i] = licence_months_;
    ++world.tally.licences_issued;
}

// Inline: evaluated for most households every month, and its per-month constants then leave the loop.
// With Levers = false (no programme acting on formalisation this month) the policy is not read at all;
// with true, levers that are off change nothing, so both give the same numbers without programmes.
template <bool Levers>
[[gnu::always_inline]] inline FormalisationModule::Benefit FormalisationModule::net_benefit(const World& world, Eigen::Index i,
                                                                                            double wait_months,
                                                                                            bool individual_route) const {
    const Households& h = world.households;
    const int site = h.site[i];
    // Income at the informal price (tied while owing a trader, as the trader still takes the output;
    // or through a buying programme open to informal miners, when that pays more).
    // Prices are this month's posted offers at the site (model/traders.hpp).
    double informal_share = h.debt_usd(i, trader) > 0.0 ? returns_.tied_price_share_now(world, i)
                                                         : returns_.unlicensed_price_share_now(world, site);
    if constexpr (Levers)
        if (h.debt_usd(i, trader) <= 0.0 && !world.policy.buying.requires_licence)
            informal_share = std::max(informal_share, returns_.programme_price_share(world, i));
    const double informal_income = returns_.expected_income_usd(world, i, site, informal_share);
    const double per_share = informal_share > 0.0 ? informal_income / informal_share : 0.0;
    const double level = world.price_level;  // fees, fines and compliance are local prices
    double inspection_rate = inspection_rate_, fine_usd = fine_usd_, fee_share = 1.0;
    if constexpr (Levers) {
        const Policy::Enforcement& enforcement = world.policy.enforcement;
        if (enforcement.on && enforcement.reached[i]) {
            inspection_rate = enforcement.inspection_rate_monthly;
            fine_usd = enforcement.fine_usd;
        }
        fee_share = fee_share_paid(world, i);
    }
    const double avoided_penalties = inspection_rate * (fine_usd * level + confiscation_share_ * informal_income);
    // Secure tenure: no eviction from the claim (months of informal income lost, at a monthly rate).
    const double tenure = eviction_rate_ * eviction_months_lost_ * informal_income;
    // Eligibility for bank credit: in the months it borrows, a licensed household pays the bank's
    // rate instead of microfinance's on what its collateral allows (more under a credit guarantee).
    double ratio = collateral_ratio_;
    if constexpr (Levers)
        if (world.policy.guarantee.on && world.policy.guarantee.reached[i]) ratio *= 1.0 - world.policy.guarantee.share;
    const double collateral = std::max(0.0, h.savings_usd[i]) + h.farm_land_ha[i] * land_value_usd_per_ha_;
    const double bank_limit = std::min(bank_loan_max_usd_ * level, ratio > 0.0 ? collateral / ratio : bank_loan_max_usd_ * level);
    const double credit = credit_use_share_ * credit_spread_ * bank_limit;
    // The discounted months depend only on the wait: the month's queue wait and no wait are cached.
    const double months = wait_months == wait_months_ ? months_at_wait_
                          : wait_months == 0.0        ? months_no_wait_
                                                      : benefit_months(wait_months);
    const double upfront = (travel_usd_ + informal_payment_usd_) * level;
    Benefit best{-1e300, false, fee_usd_ * level * fee_share, 0.0};
    for (bool cooperative : {false, true}) {
        if (!cooperative && !individual_route) continue;  // no land left for a licence of its own
        // Once licensed, the household sells formally, or to a buying programme when that pays more.
        double licensed_share = returns_.licensed_price_share_now(world, i, cooperative);
        if constexpr (Levers)
            licensed_share = std::max(licensed_share, returns_.programme_price_share_if_licensed(world, i));
        const double price_gain = per_share * (licensed_share - informal_share);
        const double route_fee = (cooperative ? fee_usd_ * cooperative_fee_share_ : fee_usd_) * level;
        const double fee = route_fee * fee_share;
        const double net =
            months * (price_gain + avoided_penalties + tenure + credit - compliance_usd_month_ * level) - fee - upfront;
        if (net > best.net_usd) best = {net, cooperative, fee, route_fee - fee};
    }
    return best;
}

// Also emitted out of line, for the tests that compare it with fees_only_benefit.
template FormalisationModule::Benefit FormalisationModule::net_benefit<false>(const World&, Eigen::Index, double, bool) const;

// net_benefit's route loop with no months of benefit: 0 x (a finite gain) is 0, so each route's
// net is minus its fee, and the same route wins (ties to the first).
FormalisationModule::Benefit FormalisationModule::fees_only_benefit(double price_level) const {
    Benefit best{-1e300, false, fee_usd_ * price_level, 0.0};
    const double upfront = (travel_usd_ + informal_payment_usd_) * price_level;
    for (bool cooperative : {false, true}) {
        const double fee = (cooperative ? fee_usd_ * cooperative_fee_share_ : fee_usd_) * price_level;
        if (-fee - upfront > best.net_usd) best = {-fee - upfront, cooperative, fee, 0.0};
    }
    return best;
}

void FormalisationModule::begin_pass(int pass, World& world, Results&) {
    if (pass == 1) {
        process_queue(world);
    } else if (pass == 2) {
        const Policy& policy = world.policy;
        levers_ = policy.fee_subsidy.on || policy.one_stop.on || policy.enforcement.on || policy.buying.on ||
                  policy.royalty.on || policy.guarantee.on;
        count_land_in_use(world);
        wait_months_ = processing_per_month_ > 0.0
                           ? static_cast<double>(world.licence_queue.size()) / processing_per_month_
                           : 1e9;
        months_at_wait_ = benefit_months(wait_months_);
    }
}

void FormalisationModule::visit_rows(int pass, World& world, RowRange rows) {
    if (pass == 0)
        renew_or_lapse(world, rows);
    else
        levers_ ? apply_for_licences<true>(world, rows) : apply_for_licences<false>(world, rows);
}

// 1. Licensed miners pay the month's compliance cost (out of cash); licences age and, at expiry,
//    are renewed (no queue) when still worth it and affordable.
void FormalisationModule::renew_or_lapse(World& world, RowRange rows) {
    Households& h = world.households;
    MonthTally& tally = world.tally;
    const double compliance_usd = compliance_usd_month_ * world.price_level;
    // Every household has its renewal uniform each month, renewing or not (common random numbers);
    // only a licence's expiry reads it, so it is computed there. Informal households have nothing to
    // do here: the others are listed first (no branch per household), then visited in row order.
    holders_.select(rows, [&](Eigen::Index i) { return h.legal_status[i] != informal; });
    for (const Eigen::Index i : holders_) {
        // A household that stopped mining gives up its claim: an application is withdrawn (it
        // leaves the queue unprocessed), a licence lapses and frees its land.
        if (h.legal_status[i] == applicant && !h.is_mining[i]) {
            h.legal_status[i] = informal;
            h.in_cooperative[i] = 0;
            continue;
        }
        if (h.legal_status[i] != licensed) continue;
        if (!h.is_mining[i]) {
            h.legal_status[i] = informal;
            h.in_cooperative[i] = 0;
            h.licence_months_left[i] = 0;
            ++tally.licences_lapsed;
            continue;
        }
        {
            const double paid = std::min(compliance_usd, std::max(0.0, h.savings_usd[i]));
            h.savings_usd[i] -= paid;
            h.payments_usd[i] += paid;
        }
        if (--h.licence_months_left[i] > 0) continue;
        // At expiry the household weighs the licence again (no queue for a renewal), with its own
        // random utility: it renews with chance logistic(renewal intercept + net benefit / scale).
        // A renewal keeps the licence's land: a cooperative member may not take a licence of its own.
        const Benefit b = net_benefit<true>(world, i, 0.0, h.in_cooperative[i] == 0);  // rare (at expiry)
        const double u = household_uniform(renew_rng_, world.month, i, 0);
        const double upfront = (travel_usd_ + informal_payment_usd_) * world.price_level;
        if (h.is_mining[i] && h.savings_usd[i] >= b.fee_usd + upfront &&
            uniform_below_logistic(u, renewal_intercept_ + b.net_usd / benefit_scale_usd_)) {
            pay_fee(world, i, b);
            pay_upfront(world, i, upfront);
            h.licence_months_left[i] = licence_months_;
            h.in_cooperative[i] = b.cooperative ? 1 : 0;
            ++tally.licences_renewed;
        } else {
            h.legal_status[i] = informal;
            h.in_cooperative[i] = 0;
            ++tally.licences_lapsed;
        }
    }
}

// 2. A one-stop shop issues the licences that are due; the administration processes the ordinary
//    queue, oldest first, within its capacity.
void FormalisationModule::process_queue(World& world) {
    std::deque<Policy::OneStop::Application>& one_stop_queue = world.policy.one_stop.queue;
    while (!one_stop_queue.empty() && one_stop_queue.front().licence_month <= world.month) {
        // Withdrawn applications (the household stopped mining) are dropped.
        if (world.households.legal_status[one_stop_queue.front().household] == applicant)
            issue_licence(world, one_stop_queue.front().household);
        one_stop_queue.pop_front();
    }
    world.processing_credit = std::min(world.processing_credit + processing_per_month_,
                                       std::max(1.0, processing_per_month_));
    while (!world.licence_queue.empty() && world.processing_credit >= 1.0) {
        const int i = world.licence_queue.front();
        world.licence_queue.pop_front();
        if (world.households.legal_status[i] != applicant) continue;  // withdrawn: costs no processing
        world.processing_credit -= 1.0;
        issue_licence(world, i);
    }
}

// 3. Informal mining households decide whether to apply (one draw each, every month).
template <bool Levers>
void FormalisationModule::apply_for_licences(World& world, RowRange rows) {
    Households& h = world.households;
    const double wait_months = wait_months_;
    const int degree = static_cast<int>(world.neighbours.cols());
    // Whichever way it applies, a household needs at least the lower of the two fees in cash; poor
    // households rarely have it, and are then spared the benefit calculation.
    const double lowest_fee = std::min(fee_usd_, fee_usd_ * cooperative_fee_share_) * world.price_level;
    const double upfront = (travel_usd_ + informal_payment_usd_) * world.price_level;
    const Policy::OneStop& one_stop = world.policy.one_stop;
    // Once the queue's wait is at least a licence period (most months of a long run), no household's
    // benefit depends on its income: it is computed once for the month instead of per household.
    const bool licence_outlasted = !Levers && licence_months_ - wait_months <= 0.0;
    const Benefit fees_only = fees_only_benefit(world.price_level);
    const LogisticThreshold fees_only_peer_bound(intercept_ + fees_only.net_usd / benefit_scale_usd_ + peer_weight_);
    // Every household draws; those that may apply use theirs.
    u_.resize(static_cast<std::size_t>(rows.end - rows.begin));
    draw_household_uniforms(rng_, world.month, rows.begin, rows.end - rows.begin, 1, u_.data());
    // Informal miners (and, without programmes, only those with the lower fee in cash: with a fee
    // subsidy, what a household pays depends on the budget left when its turn comes, checked below).
    // A household's own columns do not change before its turn, so the list can be made first.
    candidates_.select(rows, [&](Eigen::Index i) {
        const bool informal_miner = (h.is_mining[i] != 0) & (h.legal_status[i] == informal);
        return Levers ? informal_miner : informal_miner & (h.savings_usd[i] >= lowest_fee + upfront);
    });
    for (const Eigen::Index i : candidates_) {
        const double u = u_[static_cast<std::size_t>(i - rows.begin)];
        const double fee_share = Levers ? fee_share_paid(world, i) : 1.0;
        if (!h.is_mining[i] || h.legal_status[i] != informal || h.savings_usd[i] < lowest_fee * fee_share + upfront) continue;
        // Tenure binds: no licensable land left at the site, not even a share of a cooperative's.
        const int site = h.site[i];
        if (land_in_use_[site] + land_units(true) > land_capacity_[site]) continue;
        // A one-stop shop that reaches the household and can still pay licenses it in a fixed time.
        const bool fast_track = Levers && one_stop.on && one_stop.reached[i] &&
                                world.programmes[one_stop.account].remaining_usd() >= one_stop.usd_per_licence * world.price_level;
        // Without land for a licence of its own, a household can still join a cooperative's.
        const bool individual_route = land_in_use_[site] + land_units(false) <= land_capacity_[site];
        const Benefit b = licence_outlasted && individual_route
                              ? fees_only
                              : net_benefit<Levers>(world, i, fast_track ? one_stop.processing_months : wait_months,
                                                    individual_route);
        if (h.savings_usd[i] < b.fee_usd + upfront) continue;
        if (land_in_use_[site] + land_units(b.cooperative) > land_capacity_[site]) continue;
        // With every neighbour licensed the chance is highest; most draws fail even that bound,
        // which spares reading the neighbours.
        const double logit_without_peers = intercept_ + b.net_usd / benefit_scale_usd_;
        if (licence_outlasted && individual_route ? !fees_only_peer_bound.below(u) : !uniform_below_logistic(u, logit_without_peers + peer_weight_))
            continue;
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
            pay_fee(world, i, b);
            pay_upfront(world, i, upfront);
            land_in_use_[site] += land_units(b.cooperative);
            h.legal_status[i] = applicant;
            h.in_cooperative[i] = b.cooperative ? 1 : 0;
            ++world.tally.applications;
            if (fast_track && world.programmes[one_stop.account].try_spend(one_stop.usd_per_licence * world.price_level)) {
                if (one_stop.processing_months == 0)
                    issue_licence(world, i);
                else
                    world.policy.one_stop.queue.push_back({static_cast<int>(i), world.month + one_stop.processing_months});
            } else {
                world.licence_queue.push_back(static_cast<int>(i));
            }
        }
    }
}

}  // namespace asmsim
