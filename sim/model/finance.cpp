#include "model/finance.hpp"

#include <algorithm>

namespace asmsim {

FinanceModule::FinanceModule(const ModelContext& ctx) : lending_(ctx.params) {
    const ParameterSet& p = ctx.params;
    contribution_usd_ = p.real("finance.vsla_contribution_usd_month");
    subsistence_usd_per_ae_ = p.real("consumption.subsistence_usd_per_ae_month");
    child_ae_weight_ = p.real("consumption.child_ae_weight");
    cycle_months_ = static_cast<int>(p.integer("finance.vsla_cycle_months"));
    default_after_months_ = static_cast<int>(p.integer("finance.default_after_months"));
    exclusion_months_ = static_cast<int>(p.integer("finance.exclusion_months"));
}

void FinanceModule::visit_rows(int, World& world, RowRange rows) {
    Households& h = world.households;
    Sites& sites = world.sites;
    MonthTally& tally = world.tally;
    // Bank loans under a credit guarantee (an intervention), or none.
    std::int8_t* guaranteed = world.policy.guarantee.guaranteed.size() > 0 ? world.policy.guarantee.guaranteed.data() : nullptr;
    // Constants in locals: the loop's stores could alias the members, which would force reloads.
    const double subsistence_usd_per_ae = subsistence_usd_per_ae_ * world.price_level;
    const double child_ae_weight = child_ae_weight_, contribution_usd = contribution_usd_;
    // The month's savings-group flow starts here, for every household.
    h.vsla_net_usd.segment(rows.begin, rows.end - rows.begin).setZero();
    // Most households neither save in a group nor owe anything: the others are listed first.
    active_.select(rows, [&](Eigen::Index i) {
        return (h.vsla_member[i] != 0) | (h.arrears_months[i] != 0) | (h.debt_usd(i, vsla) > 0.0) |
               (h.debt_usd(i, mfi) > 0.0) | (h.debt_usd(i, bank) > 0.0) | (h.debt_usd(i, trader) > 0.0);
    });
    // The month's interest total in a local, added to in the same order: in the tally, the stores to
    // household columns between could alias it, and each addition would wait on the last one's store.
    double interest_usd = tally.interest_usd;
    for (const Eigen::Index i : active_) {
        // Interest accrues on every balance (without a branch: a lender owed nothing adds 0, which
        // changes neither the balance nor the total).
        for (int l = 0; l < n_lenders; ++l) {
            const double interest = std::max(0.0, h.debt_usd(i, l)) * lending_.rate_monthly(l);
            h.debt_usd(i, l) += interest;
            interest_usd += interest;
        }
        // Cash above this month's subsistence is what can go to savings groups and lenders.
        const double subsistence = subsistence_usd_per_ae * adult_equivalents(h, i, child_ae_weight);
        double spare = std::max(0.0, h.savings_usd[i] - subsistence);

        if (h.vsla_member[i] && spare >= contribution_usd) {
            h.savings_usd[i] -= contribution_usd;
            h.vsla_net_usd[i] -= contribution_usd;
            h.vsla_shares_usd[i] += contribution_usd;
            sites.vsla_fund_usd[h.site[i]] += contribution_usd;
            spare -= contribution_usd;
        }

        bool missed = false;
        for (int l = 0; l < n_lenders; ++l) {
            if (h.debt_usd(i, l) <= 0.0) continue;
            // Trader debt of a household that still mines is repaid out of its sales (selling).
            if (l == trader && h.is_mining[i]) continue;
            const double due = std::min(h.debt_usd(i, l),
                                        l == trader ? h.debt_usd(i, l) / lending_.term_months() : h.installment_usd(i, l));
            const double paid = std::min(due, spare);
            h.debt_usd(i, l) -= paid;
            h.savings_usd[i] -= paid;
            h.debt_service_usd[i] += paid;
            if (l == vsla) sites.vsla_fund_usd[h.site[i]] += paid;
            if (l == trader && h.tied_buyer[i] >= 0) {  // to the site buyer that pre-financed it
                world.traders.site.cash_usd[h.tied_buyer[i]] += paid;
                world.traders.site.prefinance_repaid_usd[h.tied_buyer[i]] += paid;
            }
            spare -= paid;
            if (paid < due - 1e-9) missed = true;
            if (h.debt_usd(i, l) <= 1e-9) {
                h.debt_usd(i, l) = 0.0;
                h.installment_usd(i, l) = 0.0;
                if (l == bank && guaranteed) guaranteed[i] = 0;
            }
        }
        h.arrears_months[i] = missed ? h.arrears_months[i] + 1 : 0;

        if (h.arrears_months[i] >= default_after_months_) {
            // Default: the bank takes savings as collateral, the rest of every debt is written off.
            const double seized = std::min(std::max(0.0, h.savings_usd[i]), h.debt_usd(i, bank));
            h.debt_usd(i, bank) -= seized;
            h.savings_usd[i] -= seized;
            h.debt_service_usd[i] += seized;
            // A guaranteed bank loan: the programme pays the bank its share of the loss.
            if (guaranteed && guaranteed[i]) {
                const Policy::Guarantee& guarantee = world.policy.guarantee;
                world.programmes[guarantee.account].try_spend(guarantee.share * h.debt_usd(i, bank));
                guaranteed[i] = 0;
            }
            for (int l = 0; l < n_lenders; ++l) {
                tally.written_off_usd += h.debt_usd(i, l);
                h.debt_usd(i, l) = 0.0;
                h.installment_usd(i, l) = 0.0;
            }
            h.arrears_months[i] = 0;
            h.excluded_until_month[i] = world.month + exclusion_months_;
            ++tally.defaults;
        }
    }
    tally.interest_usd = interest_usd;
}

// Share-out at the end of each savings-group cycle: the fund goes back to members pro rata to shares.
void FinanceModule::begin_pass(int pass, World& world, Results&) {
    if (pass != 1) return;
    Households& h = world.households;
    Sites& sites = world.sites;
    if ((world.month + 1) % cycle_months_ == 0) {
        site_shares_.setZero(sites.size());
        for (Eigen::Index i = 0; i < h.size(); ++i)
            if (h.vsla_member[i]) site_shares_[h.site[i]] += h.vsla_shares_usd[i];
        for (Eigen::Index i = 0; i < h.size(); ++i) {
            if (!h.vsla_member[i] || h.vsla_shares_usd[i] <= 0.0) continue;
            const int site = h.site[i];
            const double payout = sites.vsla_fund_usd[site] * h.vsla_shares_usd[i] / site_shares_[site];
            h.savings_usd[i] += payout;
            h.vsla_net_usd[i] += payout;
            h.vsla_shares_usd[i] = 0.0;
        }
        for (Eigen::Index s = 0; s < sites.size(); ++s)
            if (site_shares_[s] > 0.0) sites.vsla_fund_usd[s] = 0.0;
    }
}

}  // namespace asmsim
