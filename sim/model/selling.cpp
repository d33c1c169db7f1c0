#include "model/selling.hpp"

#include <algorithm>

#include "core/draws.hpp"

namespace asmsim {

SellingModule::SellingModule(const ModelContext& ctx) : rng_(ctx.stream("selling")), returns_(ctx.params) {
    inspection_rate_ = ctx.params.real("enforcement.inspection_rate_monthly");
    fine_usd_ = ctx.params.real("enforcement.fine_usd");
    confiscation_share_ = ctx.params.real("enforcement.confiscation_share");
    trader_repayment_share_ = ctx.params.real("finance.trader_repayment_share");
}

void SellingModule::step(World& world, Results&) {
    Households& h = world.households;
    MonthTally& tally = world.tally;
    PairedUniforms uniforms(rng_);
    for (Eigen::Index i = 0; i < h.size(); ++i) {
        const double u_inspection = uniforms.next();
        if (!h.is_mining[i] || h.output_g[i] <= 0.0) {
            h.mining_income_usd[i] = 0.0;  // written for every household, so the month's start need not clear it
            continue;
        }
        const int mineral = world.sites.mineral[h.site[i]];
        const double price = world.price_usd_per_g[mineral];
        double grams = h.output_g[i];

        if (h.legal_status[i] != licensed && u_inspection < inspection_rate_) {
            ++tally.inspections;
            const double fine = std::min(fine_usd_ * world.price_level, std::max(0.0, h.savings_usd[i]));
            h.savings_usd[i] -= fine;
            h.payments_usd[i] += fine;
            tally.fines_usd += fine;
            tally.confiscated_g[mineral] += confiscation_share_ * grams;
            grams *= 1.0 - confiscation_share_;
        }

        double share;
        if (h.debt_usd(i, trader) > 0.0) {
            share = returns_.tied_price_share(mineral);
            tally.sold_tied_g[mineral] += grams;
        } else if (h.legal_status[i] == licensed) {
            share = returns_.formal_price_share(h.in_cooperative[i] != 0);
            tally.sold_formal_g[mineral] += grams;
            tally.royalties_usd += grams * price * returns_.formal_share_before_royalty() * returns_.royalty_rate();
        } else {
            share = returns_.informal_price_share(mineral);
            tally.sold_informal_g[mineral] += grams;
        }
        const double income = grams * price * share * returns_.digger_share();
        h.mining_income_usd[i] = income;
        h.savings_usd[i] += income;

        if (h.debt_usd(i, trader) > 0.0) {
            const double repaid = std::min(h.debt_usd(i, trader), trader_repayment_share_ * income);
            h.debt_usd(i, trader) -= repaid;
            h.savings_usd[i] -= repaid;
            h.debt_service_usd[i] += repaid;
        }
    }
}

}  // namespace asmsim
