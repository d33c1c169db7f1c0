#include "model/selling.hpp"

#include <algorithm>
#include <array>
#include <string>

#include "core/draws.hpp"

namespace asmsim {

SellingModule::SellingModule(const ModelContext& ctx)
    : rng_(ctx.stream("selling")), returns_(ctx.params), market_(ctx.params) {
    inspection_rate_ = ctx.params.real("enforcement.inspection_rate_monthly");
    fine_usd_ = ctx.params.real("enforcement.fine_usd");
    informal_payment_share_ = ctx.params.real("enforcement.informal_payment_share");
    confiscation_share_ = ctx.params.real("enforcement.confiscation_share");
    trader_repayment_share_ = ctx.params.real("finance.trader_repayment_share");
    Results& r = ctx.results;
    for (Commodity c : all_commodities) {
        const int k = index_of(c);
        const std::string m(commodity_name(c));
        out_.local_price_ratio[k] = r.declare("local_price_ratio_" + m, "1",
            "price miners were paid for " + m + " (before the digger share) over the world price; the best posted "
            "informal offer when none was sold");
        out_.formal_channel_share[k] = r.declare("formal_channel_share_" + m, "1",
            "share of the " + m + " sold that went to formal buyers (licensed buyers and a buying programme)");
        out_.trader_margin[k] = r.declare("trader_margin_" + m, "1",
            "site buyers' margin on the " + m + " they bought (their dealer's price net of transport, less what they paid and the royalty: competition, cash shortage, a tied discount), share of its world value");
        out_.held_back_g[k] = r.declare("held_back_" + m + "_g", "g",
            m + " miners held back to next month because their buyers had no cash");
    }
    out_.site_buyer_cash = r.declare("site_buyer_cash_usd", "USD", "cash held by site buyers after the month's purchases");
    out_.site_buyer_credit = r.declare("site_buyer_credit_used_usd", "USD", "site buyers' debt to their dealers");
    out_.dealer_cash = r.declare("dealer_cash_usd", "USD", "cash held by dealers, exporters and smuggling routes");
    out_.dealer_credit = r.declare("dealer_credit_used_usd", "USD", "dealers' debt to banks and foreign buyers");
    out_.dealer_stock_usd = r.declare("dealer_stock_usd", "USD", "mineral held by dealers, not yet exported, at the world price");
    out_.programme_cash = r.declare("programme_cash_usd", "USD", "a buying programme's cash after the month's purchases");
    out_.shock = r.declare("trader_shock_active", "1", "1 in the months of a liquidity shock to the upper tier");
}

void SellingModule::end_pass(int, World& world, Results& results) {
    const MonthTally& t = world.tally;
    const Traders& tr = world.traders;
    const int month = world.month;
    auto set = [&](int output, double value) { results.set(output, month, value); };
    for (int c = 0; c < n_commodities; ++c) {
        const double sold = t.sold_formal_g[c] + t.sold_informal_g[c] + t.sold_tied_g[c] + t.sold_programme_g[c];
        double posted = 0.0;
        int sites = 0;
        for (Eigen::Index s = 0; s < world.sites.size(); ++s)
            if (world.sites.mineral[s] == c) posted += tr.informal_offer[s], ++sites;
        set(out_.local_price_ratio[c], t.sold_world_usd[c] > 0.0 ? t.sold_paid_usd[c] / t.sold_world_usd[c]
                                       : sites > 0             ? posted / sites
                                                               : 0.0);
        set(out_.formal_channel_share[c], sold > 0.0 ? (t.sold_formal_g[c] + t.sold_programme_g[c]) / sold : 0.0);
        set(out_.trader_margin[c], t.sold_world_usd[c] > 0.0 ? t.sold_margin_usd[c] / t.sold_world_usd[c] : 0.0);
        set(out_.held_back_g[c], t.held_back_g[c]);
    }
    set(out_.site_buyer_cash, tr.site.cash_usd.sum());
    set(out_.site_buyer_credit, tr.site.credit_used_usd.sum());
    set(out_.dealer_cash, tr.upper.cash_usd.sum());
    set(out_.dealer_credit, tr.upper.credit_used_usd.sum());
    double stock = 0.0;
    for (Eigen::Index u = 0; u < tr.upper.size(); ++u) stock += tr.upper.stock_g[u] * world.price_usd_per_g[tr.upper.mineral[u]];
    set(out_.dealer_stock_usd, stock);
    set(out_.programme_cash, tr.programme_cash_usd);
    set(out_.shock, tr.shock_active ? 1.0 : 0.0);
}

void SellingModule::visit_rows(int, World& world, RowRange rows) {
    const Policy& policy = world.policy;
    if (policy.enforcement.on || policy.buying.on || policy.royalty.on)
        sell<true>(world, rows);
    else
        sell<false>(world, rows);
}

// With Levers = false (no programme acting on selling this month) the policy is not read; with true,
// levers that are off change nothing, so both give the same numbers without programmes.
template <bool Levers>
void SellingModule::sell(World& world, RowRange rows) {
    Households& h = world.households;
    MonthTally& tally = world.tally;
    const Policy::Enforcement& enforcement = world.policy.enforcement;
    const Policy::Buying& buying = world.policy.buying;
    // Every household draws; sellers use theirs.
    const Eigen::Index n = rows.end - rows.begin;
    u_.resize(static_cast<std::size_t>(n));
    draw_household_uniforms(rng_, world.month, rows.begin, n, 1, u_.data());
    // Written for every household, so the month's start need not clear them (mining income; the first
    // of the month's debt service).
    h.mining_income_usd.segment(rows.begin, n).setZero();
    h.debt_service_usd.segment(rows.begin, n).setZero();
    // Sellers: this month's output and what was held back last month (also by households that
    // have stopped mining since).
    sellers_.select(rows, [&](Eigen::Index i) { return (h.output_g[i] + h.held_g[i]) > 0.0; });
    Traders& traders = world.traders;
    BuyerColumns& sb = traders.site;
    for (const Eigen::Index i : sellers_) {
        const double u_inspection = u_[static_cast<std::size_t>(i - rows.begin)];
        const int mineral = world.sites.mineral[h.site[i]];
        const double price = world.price_usd_per_g[mineral];
        double grams = h.output_g[i];
        // Held back last month; a household that has since moved to a site of another mineral
        // leaves its lot behind (rare: only when buyers were short of cash).
        if ((h.held_g[i] > 0.0) & (h.held_mineral[i] != mineral)) {
            tally.held_lost_g[h.held_mineral[i]] += h.held_g[i];
            h.held_g[i] = 0.0;
        }
        grams += h.held_g[i];

        // Channel and price (model/traders.hpp): tied to the financier, else the best offer among the
        // buying programme and the site buyers the household can reach. A licensed household that
        // sells to an informal buyer breaks its licence terms and is exposed to inspection like an
        // unlicensed one, so it ranks informal offers net of the expected seizure
        // (traders.licensed_informal_sales_illegal). Each buyer pays only out of its cash (formal
        // buyers also remit the royalty); what no buyer can pay for is held back to next month.
        const bool governed = Levers && enforcement.on && enforcement.reached[i];
        const double inspection_rate = governed ? enforcement.inspection_rate_monthly : inspection_rate_;
        const double royalty_rate = Levers ? returns_.royalty_rate(world, i) : returns_.usual_royalty_rate();
        const bool is_licensed = h.legal_status[i] == licensed;
        bool owes_trader = (h.debt_usd(i, trader) > 0.0) & (h.tied_buyer[i] >= 0);  // unchanged until the repayment below
        if (owes_trader && world.traders.site_of(h.tied_buyer[i]) != h.site[i])
            h.tied_buyer[i] = market_.own_informal_buyer(world, i);  // moved: a buyer at the new site takes over the debt
        const bool cooperative = h.in_cooperative[i] != 0;
        const double informal_penalty = is_licensed ? market_.licensed_informal_penalty(inspection_rate) : 0.0;
        std::array<int, 3> buyers{};
        int n_buyers = 0;
        if (owes_trader) buyers[n_buyers++] = h.tied_buyer[i];
        else n_buyers = market_.candidates(world, i, royalty_rate, informal_penalty, buyers);
        const double programme = Levers && !owes_trader ? returns_.programme_price_share(world, i) : 0.0;
        const bool to_programme =
            programme > 0.0 && programme > market_.offer_share(world, buyers[0], i, royalty_rate) -
                                               (sb.formal[buyers[0]] ? 0.0 : informal_penalty);
        // Exposed to inspection: unlicensed, or licensed and selling informally where that is illegal.
        const bool exposed = !is_licensed || (market_.licensed_informal_illegal() && !to_programme && !sb.formal[buyers[0]]);

        // One branch, rarely taken.
        if (exposed & (u_inspection < inspection_rate)) {
            ++tally.inspections;
            if (governed) world.programmes[enforcement.account].try_spend(enforcement.usd_per_inspection * world.price_level);
            const double fine_usd = (governed ? enforcement.fine_usd : fine_usd_) * world.price_level;
            const double fine = std::min(fine_usd, std::max(0.0, h.savings_usd[i]));
            const double kept_by_officials = fine * (governed ? enforcement.informal_payment_share : informal_payment_share_);
            h.savings_usd[i] -= fine;
            h.payments_usd[i] += fine;
            tally.fines_usd += fine - kept_by_officials;
            tally.informal_payments_usd += kept_by_officials;
            tally.confiscated_g[mineral] += confiscation_share_ * grams;
            grams *= 1.0 - confiscation_share_;
        }

        double grams_left = grams, grams_sold = 0.0, value_share = 0.0;  // value_share: sum of grams x share
        if (to_programme) {
            // The programme pays price_share of the value (royalty included) out of its working capital.
            const double per_g = price * buying.price_share;
            const double g = std::min(grams_left, traders.programme_cash_usd / per_g);
            if (g > 0.0 && world.programmes[buying.account].try_spend(g * price * buying.cost_share_of_value)) {
                traders.programme_cash_usd -= g * per_g;
                traders.programme_stock_g[mineral] += g;
                tally.programme_bought_usd += g * per_g;
                tally.sold_programme_g[mineral] += g;
                tally.royalties_usd += g * per_g * royalty_rate;
                grams_left -= g;
                grams_sold += g;
                value_share += g * programme;
            }
        }
        for (int k = 0; k < n_buyers && grams_left > 0.0; ++k) {
            const int b = buyers[k];
            const bool formal = sb.formal[b] != 0;
            double share = market_.offer_share(world, b, i, royalty_rate);
            if (owes_trader) share *= 1.0 - market_.tied_discount();
            if (share <= 0.0) continue;
            sb.offered_g[b] += grams_left;
            // The buyer's outlay per gram: the seller's price (before a cooperative's levy) and the royalty.
            const double outlay_per_g = price * (share + (formal ? royalty_rate : 0.0));
            const double g = affordable_g(grams_left, outlay_per_g, sb.cash_usd[b]);
            if (g > 0.0) {
                sb.cash_usd[b] -= g * outlay_per_g;
                sb.bought_g[b] += g;
                sb.bought_usd[b] += g * price * share;
                sb.royalty_usd[b] += formal ? g * price * royalty_rate : 0.0;
                sb.stock_g[b] += g;
                if (formal) tally.royalties_usd += g * price * royalty_rate;
                (owes_trader ? tally.sold_tied_g : formal ? tally.sold_formal_g : tally.sold_informal_g)[mineral] += g;
                tally.sold_margin_usd[mineral] += g * price * (market_.resale_share(world, b) - share - (formal ? royalty_rate : 0.0));
                const double seller_share = formal && cooperative ? share * (1.0 - returns_.cooperative_levy()) : share;
                grams_left -= g;
                grams_sold += g;
                value_share += g * seller_share;
            }
        }
        h.held_g[i] = grams_left;
        h.held_mineral[i] = mineral;
        tally.held_back_g[mineral] += grams_left;
        tally.sold_paid_usd[mineral] += price * value_share;
        tally.sold_world_usd[mineral] += price * grams_sold;
        const double income = price * value_share * returns_.digger_share();
        h.mining_income_usd[i] = income;
        h.savings_usd[i] += income;

        // A tied seller repays its financier out of its pay: site pay, which pools the site's sales
        // (a household that no longer mines repays in finance).
        const double repaid = 0.0;
        h.debt_service_usd[i] = repaid;
    }
}

}  // namespace asmsim
