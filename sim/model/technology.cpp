#include "model/technology.hpp"

#include <algorithm>

#include "core/draws.hpp"

namespace asmsim {

TechnologyModule::TechnologyModule(const ModelContext& ctx)
    : rng_(ctx.stream("technology")), returns_(ctx.params), lending_(ctx.params) {
    const ParameterSet& p = ctx.params;
    semi_cost_usd_ = p.real("technology.semi_mechanised_cost_usd");
    semi_factor_ = p.real("production.semi_mechanised_factor");
    mercury_free_cost_usd_ = p.real("technology.mercury_free_cost_usd");
    mercury_free_gain_ = p.real("technology.mercury_free_recovery_gain");
    payback_months_ = static_cast<double>(p.integer("technology.payback_months"));
    adoption_share_ = p.real("technology.adoption_share_monthly");
    hg_whole_ore_ = p.real("environment.hg_per_au_whole_ore");
    hg_concentrate_ = p.real("environment.hg_per_au_concentrate");
    mercury_usd_per_g_ = p.real("environment.mercury_usd_per_g");
    amalgamation_ = p.flag("environment.amalgamation");
}

void TechnologyModule::visit_rows(int, World& world, RowRange rows) {
    Households& h = world.households;
    const int gold = index_of(Commodity::gold);
    const double semi_cost = semi_cost_usd_ * world.price_level;  // local prices
    const double mercury_free_cost = mercury_free_cost_usd_ * world.price_level;
    const Policy::MercuryFree& support = world.policy.mercury_free;
    const bool support_on = support.on;  // a local: the loop's writes could alias the policy
    // Likewise the adoption shares (the loop's stores to household columns could alias them).
    const double adoption_share = adoption_share_;
    const double consider_if_supported = std::max(adoption_share, support.consider_share_monthly);
    // Every household draws a pair; the month's first loans are written here for every household.
    const Eigen::Index n = rows.end - rows.begin;
    u_.resize(static_cast<std::size_t>(2 * n));
    draw_household_uniforms(rng_, world.month, rows.begin, n, 2, u_.data());
    h.borrowed_usd.segment(rows.begin, n).setZero();
    // Extension agents of a mercury-free programme make reached households weigh it more often.
    auto reached_by_support = [&](Eigen::Index i) { return support_on && support.reached[i]; };
    auto consider_mercury_free = [&](Eigen::Index i) {
        return reached_by_support(i) ? consider_if_supported : adoption_share;
    };
    // Mining households whose draws let them consider a purchase this month (few).
    considering_.select(rows, [&](Eigen::Index i) {
        const double* u = u_.data() + 2 * (i - rows.begin);
        return (h.is_mining[i] != 0) & ((u[0] < adoption_share) | (u[1] < consider_mercury_free(i)));
    });
    for (const Eigen::Index i : considering_) {
        const double u_semi = u_[static_cast<std::size_t>(2 * (i - rows.begin))];
        const double u_mercury_free = u_[static_cast<std::size_t>(2 * (i - rows.begin) + 1)];
        const bool supported = reached_by_support(i);
        const int site = h.site[i];
        const int mineral = world.sites.mineral[site];
        const double income = returns_.expected_income_now_usd(world, i, site);

        if (!h.semi_mechanised[i] && u_semi < adoption_share) {
            const double gain = (semi_factor_ - 1.0) * income * payback_months_;
            if (h.savings_usd[i] >= semi_cost && gain > semi_cost) {
                h.savings_usd[i] -= semi_cost;
                h.payments_usd[i] += semi_cost;
                h.semi_mechanised[i] = 1;
                ++world.tally.adoptions_semi_mechanised;
            } else {
                // Ask for the shortfall grossed up for any up-front fee, so that the purchase never
                // leaves the household with negative cash.
                const double cash = std::max(0.0, h.savings_usd[i]);
                CreditOffer offer = lending_.cheapest_formal(world, i, semi_cost - cash);
                if (offer.lender >= 0 && lending_.net_proceeds_usd(offer) + cash < semi_cost)
                    offer = lending_.cheapest_formal(world, i, (semi_cost - cash) * offer.amount_usd /
                                                                   std::max(1e-9, lending_.net_proceeds_usd(offer)));
                const double financed_cost =
                    semi_cost + offer.amount_usd * offer.cost_monthly * lending_.term_months();
                if (offer.lender >= 0 && lending_.net_proceeds_usd(offer) + cash >= semi_cost &&
                    gain > financed_cost) {
                    lending_.borrow(world, i, offer);
                    h.savings_usd[i] -= semi_cost;
                    h.payments_usd[i] += semi_cost;
                    h.semi_mechanised[i] = 1;
                    ++world.tally.adoptions_semi_mechanised;
                }
            }
        }

        if (amalgamation_ && mineral == gold && h.processing[i] != mercury_free && u_mercury_free < consider_mercury_free(i)) {
            const double hg_per_au = h.processing[i] == whole_ore_amalgamation ? hg_whole_ore_ : hg_concentrate_;
            const double grams = returns_.expected_output_g(world, i, site);
            const double gain = (mercury_free_gain_ * income + grams * hg_per_au * mercury_usd_per_g_) * payback_months_;
            // A programme that reaches the household pays part of the price, while its budget lasts.
            const double subsidy = supported && world.programmes[support.account].remaining_usd() >=
                                                    support.subsidy_share * mercury_free_cost
                                       ? support.subsidy_share * mercury_free_cost
                                       : 0.0;
            const double own_cost = mercury_free_cost - subsidy;
            if (h.savings_usd[i] >= own_cost && gain > own_cost) {
                if (subsidy > 0.0) world.programmes[support.account].try_spend(subsidy);
                h.savings_usd[i] -= own_cost;
                h.payments_usd[i] += own_cost;
                h.processing[i] = mercury_free;
                ++world.tally.adoptions_mercury_free;
            }
        }
    }
    // After the adoptions of the same rows: a household's lease depends only on its own row and on
    // the programme's account, which only leasing spends (so the same as after every household's adoption).
    if (world.policy.leasing.on) lease_equipment(world, rows);
}

// Equipment leasing (an intervention): reached mining households without equipment lease it when
// the expected gain beats the fee; leases continue while the household mines and pays, and the
// programme pays the lessor its subsidy for each lease-month.
void TechnologyModule::lease_equipment(World& world, RowRange rows) {
    Households& h = world.households;
    Policy::Leasing& leasing = world.policy.leasing;
    ProgrammeAccount& programme = world.programmes[leasing.account];
    const double fee = leasing.fee_usd_month * world.price_level;
    const double subsidy = leasing.subsidy_usd_month * world.price_level;
    for (Eigen::Index i = rows.begin; i < rows.end; ++i) {
        if (leasing.leasing[i]) {
            const bool continues = h.is_mining[i] && h.savings_usd[i] >= fee && programme.try_spend(subsidy);
            if (continues) {
                h.savings_usd[i] -= fee;
                h.payments_usd[i] += fee;
            } else {
                leasing.leasing[i] = 0;
                h.semi_mechanised[i] = 0;
            }
            continue;
        }
        if (!h.is_mining[i] || h.semi_mechanised[i] || !leasing.reached[i]) continue;
        const double gain_month = (semi_factor_ - 1.0) * returns_.expected_income_now_usd(world, i, h.site[i]);
        if (gain_month <= fee || h.savings_usd[i] < fee || !programme.try_spend(subsidy)) continue;
        h.savings_usd[i] -= fee;
        h.payments_usd[i] += fee;
        h.semi_mechanised[i] = 1;
        leasing.leasing[i] = 1;
        ++world.tally.new_leases;
    }
}

}  // namespace asmsim
