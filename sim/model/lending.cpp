#include "model/lending.hpp"

#include <algorithm>

namespace asmsim {

Lending::Lending(const ParameterSet& p) : market_(p) {
    royalty_ = p.real("selling.royalty_rate");
    rate_[vsla] = p.real("finance.vsla_rate_monthly");
    rate_[mfi] = p.real("finance.mfi_rate_monthly");
    rate_[bank] = p.real("finance.bank_rate_monthly");
    rate_[trader] = p.real("finance.trader_rate_monthly");
    vsla_multiple_ = p.real("finance.vsla_loan_multiple");
    mfi_fee_share_ = p.real("finance.mfi_fee_share");
    mfi_max_usd_ = p.real("finance.mfi_loan_max_usd");
    bank_max_usd_ = p.real("finance.bank_loan_max_usd");
    collateral_ratio_ = p.real("finance.bank_collateral_ratio");
    land_value_usd_per_ha_ = p.real("finance.land_value_usd_per_ha");
    trader_credit_months_ = p.real("finance.trader_credit_months");
    term_months_ = static_cast<int>(p.integer("finance.loan_term_months"));
}

CreditOffer Lending::cheapest_formal(const World& world, Eigen::Index i, double wanted_usd) const {
    const Households& h = world.households;
    CreditOffer best;
    auto consider = [&](int lender, double limit, double cost) {
        const double amount = std::min(wanted_usd, limit);
        if (amount <= 0.0) return;
        // Prefer the cheaper lender; between equals, the one lending more.
        if (best.lender < 0 || cost < best.cost_monthly || (cost == best.cost_monthly && amount > best.amount_usd))
            best = {lender, amount, cost};
    };
    if (h.vsla_member[i]) {
        const double limit = std::min(vsla_multiple_ * h.vsla_shares_usd[i] - h.debt_usd(i, vsla),
                                      world.sites.vsla_fund_usd[h.site[i]]);
        consider(vsla, limit, rate_[vsla]);
    }
    // Exclusion is read only for households a formal lender would otherwise serve (rarely cached).
    auto excluded = [&] { return world.month < h.excluded_until_month[i]; };
    if (h.mfi_reach[i] && h.debt_usd(i, mfi) <= 0.0 && !excluded())
        consider(mfi, mfi_max_usd_, rate_[mfi] + mfi_fee_share_ / term_months_);
    if (h.legal_status[i] == licensed && !excluded()) {
        const double collateral = std::max(0.0, h.savings_usd[i]) + h.farm_land_ha[i] * land_value_usd_per_ha_;
        // A credit guarantee that reaches the household stands in for part of the collateral.
        const double ratio = guaranteed(world, i) ? collateral_ratio_ * (1.0 - world.policy.guarantee.share)
                                                  : collateral_ratio_;
        const double limit =
            std::min(bank_max_usd_, ratio > 0.0 ? collateral / ratio : bank_max_usd_) - h.debt_usd(i, bank);
        consider(bank, limit, rate_[bank]);
    }
    return best;
}

CreditOffer Lending::trader_offer(const World& world, Eigen::Index i, double wanted_usd,
                                  double expected_mining_income_usd) const {
    const Households& h = world.households;
    if (!h.is_mining[i]) return {};
    const double limit = trader_credit_months_ * expected_mining_income_usd - h.debt_usd(i, trader);
    const int buyer = market_.financier(world, i, royalty_);
    const double amount = std::min({wanted_usd, limit, world.traders.site.cash_usd[buyer]});
    if (amount <= 0.0) return {};
    return {trader, amount, rate_[trader]};
}

void Lending::borrow(World& world, Eigen::Index i, const CreditOffer& offer) const {
    if (offer.lender < 0 || offer.amount_usd <= 0.0) return;
    Households& h = world.households;
    const int l = offer.lender;
    // (Before the debt changes: the financier is the one trader_offer chose.)
    if (l == trader) {
        // Pre-finance comes out of the site buyer's cash and ties the household to it.
        const int buyer = market_.financier(world, i, royalty_);
        BuyerColumns& sb = world.traders.site;
        sb.cash_usd[buyer] -= offer.amount_usd;
        sb.prefinance_lent_usd[buyer] += offer.amount_usd;
        h.tied_buyer[i] = buyer;
    }
    h.debt_usd(i, l) += offer.amount_usd;
    h.savings_usd[i] += offer.amount_usd;
    h.borrowed_usd[i] += offer.amount_usd;
    if (l == vsla) world.sites.vsla_fund_usd[h.site[i]] -= offer.amount_usd;
    if (l == mfi) {
        const double fee = mfi_fee_share_ * offer.amount_usd;
        h.savings_usd[i] -= fee;
        h.payments_usd[i] += fee;
    }
    // A bank loan under a credit guarantee: the programme pays its fee and covers part of any loss.
    Policy::Guarantee& guarantee = world.policy.guarantee;
    if (l == bank && guaranteed(world, i) &&
        world.programmes[guarantee.account].try_spend(guarantee.usd_per_loan * world.price_level))
        guarantee.guaranteed[i] = 1;
    // Formal loans are repaid in equal instalments; trader debt is repaid out of sales.
    if (l != trader) h.installment_usd(i, l) = h.debt_usd(i, l) * (1.0 / term_months_ + rate_[l]);
    ++world.tally.new_loans[l];
    world.tally.new_loans_usd[l] += offer.amount_usd;
}

}  // namespace asmsim
