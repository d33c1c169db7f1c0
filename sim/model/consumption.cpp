#include "model/consumption.hpp"

#include <algorithm>

#include "model/finance.hpp"

namespace asmsim {

ConsumptionModule::ConsumptionModule(const ModelContext& ctx)
    : lending_(ctx.params),
      returns_(ctx.params),
      subsistence_usd_per_ae_(ctx.params.real("consumption.subsistence_usd_per_ae_month")),
      child_ae_weight_(ctx.params.real("consumption.child_ae_weight")),
      mpc_(ctx.params.real("consumption.mpc")),
      buffer_stock_(ctx.params.flag("consumption.buffer_stock")),
      learning_rate_(ctx.params.real("consumption.income_learning_rate")),
      buffer_months_(ctx.params.real("consumption.buffer_target_months")),
      kappa_(ctx.params.real("consumption.mpc_excess_cash")),
      buy_threshold_(ctx.params.real("consumption.livestock_buy_threshold")),
      buy_share_(ctx.params.real("consumption.livestock_buy_share")),
      sale_discount_(ctx.params.real("consumption.livestock_sale_discount")) {}

void ConsumptionModule::visit_rows(int, World& world, RowRange rows) {
    Households& h = world.households;
    // Locals: the loop's stores to household columns could alias members and the world, which the
    // compiler would then reload every household (the same products, so the same numbers).
    const double subsistence_usd_per_ae = subsistence_usd_per_ae_ * world.price_level;
    const double child_ae_weight = child_ae_weight_, mpc = mpc_;
    const double w = learning_rate_, b = buffer_months_, kappa = kappa_;
    const double keep = 1.0 - sale_discount_;
    const bool first_month = world.month == 0;

    // 1. Learning and livestock sales (buffer-stock rule only). Permanent income P follows the
    // household's own income (mining income is grams times what its buyer paid, so the price is
    // learned through it); month 0 starts P at that month's income. A household whose cash on hand
    // X falls short of what it wants to spend, max(subsistence, C*), sells livestock at a discount.
    if (buffer_stock_) {
        for (Eigen::Index i = rows.begin; i < rows.end; ++i) {
            const double income = h.income_usd(i);
            double& p = h.permanent_income_usd[i];
            p = first_month ? income : p + w * (income - p);
            h.livestock_net_usd[i] = 0.0;
            if (h.livestock_usd[i] <= 0.0) continue;
            const double subsistence = subsistence_usd_per_ae * adult_equivalents(h, i, child_ae_weight);
            const double cash = std::max(0.0, h.savings_usd[i]);
            const double wanted = std::max(subsistence, p + kappa * (cash - (1.0 + b) * p));
            if (cash >= wanted) continue;
            const double proceeds = std::min(wanted - cash, keep * h.livestock_usd[i]);
            h.livestock_usd[i] = std::max(0.0, h.livestock_usd[i] - proceeds / keep);
            h.savings_usd[i] += proceeds;
            h.livestock_net_usd[i] = proceeds;
        }
    }

    // 2. Borrowing for subsistence, as before: first the households short of their subsistence
    // borrow, then every household consumes: a household's borrowing reads nothing that another's
    // consumption changes, so this is the same as borrowing and consuming household by household.
    short_.select(rows, [&](Eigen::Index i) {
        return subsistence_usd_per_ae * adult_equivalents(h, i, child_ae_weight) - h.savings_usd[i] > 0.0;
    });
    for (const Eigen::Index i : short_) {
        const double shortfall = subsistence_usd_per_ae * adult_equivalents(h, i, child_ae_weight) - h.savings_usd[i];
        CreditOffer offer = lending_.cheapest_formal(world, i, shortfall);
        if (offer.lender >= 0 && offer.cost_monthly > h.credit_rate_tolerance[i]) offer = CreditOffer{};
        if (offer.lender < 0 && h.is_mining[i]) {
            const int site = h.site[i];
            const double expected = returns_.expected_income_usd(world, i, site, returns_.tied_price_share_now(world, i));
            offer = lending_.trader_offer(world, i, shortfall, expected);
        }
        lending_.borrow(world, i, offer);
    }

    // 3. Consumption.
    if (!buffer_stock_) {
        for (Eigen::Index i = rows.begin; i < rows.end; ++i) {
            const double subsistence = subsistence_usd_per_ae * adult_equivalents(h, i, child_ae_weight);
            const double cash = std::max(0.0, h.savings_usd[i]);
            const double spent = std::min(cash, subsistence + mpc * std::max(0.0, cash - subsistence));
            h.consumption_usd[i] = spent;
            h.savings_usd[i] -= spent;
            h.livestock_net_usd[i] = 0.0;
            h.at_borrowing_limit[i] = spent >= cash;
        }
        return;
    }
    // Buffer stock: C* = P + kappa (X - (1 + b) P), at least subsistence when the cash allows, at most
    // the cash on hand X (credit is drawn only for subsistence, step 2, so X includes all the credit
    // the household obtains). The household is at its borrowing limit when it wanted more than X.
    // Cash left well above the target buys livestock.
    for (Eigen::Index i = rows.begin; i < rows.end; ++i) {
        const double subsistence = subsistence_usd_per_ae * adult_equivalents(h, i, child_ae_weight);
        const double p = h.permanent_income_usd[i];
        const double cash = std::max(0.0, h.savings_usd[i]);
        const double target = (1.0 + b) * p;
        const double desired = p + kappa * (cash - target);
        const double spent = std::clamp(desired, std::min(subsistence, cash), cash);
        h.consumption_usd[i] = spent;
        h.savings_usd[i] -= spent;
        h.at_borrowing_limit[i] = std::max(desired, subsistence) > cash;
        const double excess = cash - spent - buy_threshold_ * target;
        if (excess > 0.0 && target > 0.0) {
            const double bought = buy_share_ * excess;
            h.savings_usd[i] -= bought;
            h.livestock_usd[i] += bought;
            h.livestock_net_usd[i] -= bought;
        }
    }
}

}  // namespace asmsim
