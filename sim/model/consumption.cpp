#include "model/consumption.hpp"

#include <algorithm>

#include "model/finance.hpp"

namespace asmsim {

ConsumptionModule::ConsumptionModule(const ModelContext& ctx)
    : lending_(ctx.params),
      returns_(ctx.params),
      subsistence_usd_per_ae_(ctx.params.real("consumption.subsistence_usd_per_ae_month")),
      child_ae_weight_(ctx.params.real("consumption.child_ae_weight")),
      mpc_(ctx.params.real("consumption.mpc")) {}

void ConsumptionModule::visit_rows(int, World& world, RowRange rows) {
    Households& h = world.households;
    // Locals: the loop's stores to household columns could alias members and the world, which the
    // compiler would then reload every household (the same products, so the same numbers).
    const double subsistence_usd_per_ae = subsistence_usd_per_ae_ * world.price_level;
    const double child_ae_weight = child_ae_weight_, mpc = mpc_;
    // First the households short of their subsistence borrow, then every household consumes: a
    // household's borrowing reads nothing that another's consumption changes, so this is the same as
    // borrowing and consuming household by household.
    short_.select(rows, [&](Eigen::Index i) {
        return subsistence_usd_per_ae * adult_equivalents(h, i, child_ae_weight) - h.savings_usd[i] > 0.0;
    });
    for (const Eigen::Index i : short_) {
        const double shortfall = subsistence_usd_per_ae * adult_equivalents(h, i, child_ae_weight) - h.savings_usd[i];
        CreditOffer offer = lending_.cheapest_formal(world, i, shortfall);
        if (offer.lender >= 0 && offer.cost_monthly > h.credit_rate_tolerance[i]) offer = CreditOffer{};
        if (offer.lender < 0 && h.is_mining[i]) {
            const int site = h.site[i];
            const double expected = returns_.expected_income_usd(
                world, i, site, returns_.tied_price_share(world.sites.mineral[site]));
            offer = lending_.trader_offer(world, i, shortfall, expected);
        }
        lending_.borrow(world, i, offer);
    }
    for (Eigen::Index i = rows.begin; i < rows.end; ++i) {
        const double subsistence = subsistence_usd_per_ae * adult_equivalents(h, i, child_ae_weight);
        const double cash = std::max(0.0, h.savings_usd[i]);
        const double spent = std::min(cash, subsistence + mpc * std::max(0.0, cash - subsistence));
        h.consumption_usd[i] = spent;
        h.savings_usd[i] -= spent;
    }
}

}  // namespace asmsim
