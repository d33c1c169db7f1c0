#include "model/technology.hpp"

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

void TechnologyModule::step(World& world, Results&) {
    Households& h = world.households;
    const int gold = index_of(Commodity::gold);
    const double semi_cost = semi_cost_usd_ * world.price_level;  // local prices
    const double mercury_free_cost = mercury_free_cost_usd_ * world.price_level;
    for (Eigen::Index i = 0; i < h.size(); ++i) {
        const auto [u_semi, u_mercury_free] = draw_uniform_pair(rng_);
        if (!h.is_mining[i] || (u_semi >= adoption_share_ && u_mercury_free >= adoption_share_)) continue;
        const int site = h.site[i];
        const int mineral = world.sites.mineral[site];
        const double income = returns_.expected_income_now_usd(world, i, site);

        if (!h.semi_mechanised[i] && u_semi < adoption_share_) {
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

        if (amalgamation_ && mineral == gold && h.processing[i] != mercury_free && u_mercury_free < adoption_share_) {
            const double hg_per_au = h.processing[i] == whole_ore_amalgamation ? hg_whole_ore_ : hg_concentrate_;
            const double grams = returns_.expected_output_g(world, i, site);
            const double gain = (mercury_free_gain_ * income + grams * hg_per_au * mercury_usd_per_g_) * payback_months_;
            if (h.savings_usd[i] >= mercury_free_cost && gain > mercury_free_cost) {
                h.savings_usd[i] -= mercury_free_cost;
                h.payments_usd[i] += mercury_free_cost;
                h.processing[i] = mercury_free;
                ++world.tally.adoptions_mercury_free;
            }
        }
    }
}

}  // namespace asmsim
