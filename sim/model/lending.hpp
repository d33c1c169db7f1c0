#pragma once
// Who can lend to a household, how much and at what monthly cost, and the act of borrowing.
// Shared by the processes that borrow (technology, consumption); the finance process services
// the loans (docs/model.md, "Finance").

#include <array>

#include "core/parameters.hpp"
#include "model/traders.hpp"
#include "model/world.hpp"

namespace asmsim {

struct CreditOffer {
    int lender = -1;              // Lender, or -1 when nobody lends
    double amount_usd = 0.0;      // granted (at most what was asked)
    double cost_monthly = 0.0;    // interest plus fees spread over the term
};

class Lending {
public:
    explicit Lending(const ParameterSet& params);

    // The cheapest offer among savings group, microfinance and bank for `wanted_usd`.
    CreditOffer cheapest_formal(const World& world, Eigen::Index i, double wanted_usd) const;
    // Trader pre-finance, tied to selling output to the trader (mining households only): from the
    // site buyer it is tied to, or would sell to, and no more than that buyer's cash.
    CreditOffer trader_offer(const World& world, Eigen::Index i, double wanted_usd,
                             double expected_mining_income_usd) const;
    // Cash a loan brings in after up-front fees.
    double net_proceeds_usd(const CreditOffer& offer) const {
        return offer.lender == mfi ? offer.amount_usd * (1.0 - mfi_fee_share_) : offer.amount_usd;
    }
    // Takes the loan: cash, debt, instalment, fees and tallies.
    void borrow(World& world, Eigen::Index i, const CreditOffer& offer) const;

    double rate_monthly(int lender) const { return rate_[lender]; }
    // True when a credit-guarantee programme reaches household i this month.
    static bool guaranteed(const World& world, Eigen::Index i) {
        return world.policy.guarantee.on && world.policy.guarantee.reached[i];
    }
    int term_months() const { return term_months_; }

private:
    std::array<double, n_lenders> rate_{};
    double vsla_multiple_, mfi_fee_share_, mfi_max_usd_, bank_max_usd_, collateral_ratio_, land_value_usd_per_ha_;
    double trader_credit_months_, royalty_;
    TraderMarket market_;
    int term_months_;
};

}  // namespace asmsim
