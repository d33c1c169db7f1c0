#pragma once
// Traders: buyers with limited cash (docs/model.md, "Traders: buyers with limited cash").
// Site buyers (formal: licensed, pay the royalty; informal: do not) buy from miners only with the
// cash they hold; they draw that cash on credit lines from the upper tier (dealers and exporters,
// or smuggling routes), whose own lines come from banks and foreign buyers. The price a buyer
// offers is the world price less the upper tier's margin, transport and security, a competition
// margin that falls with the number of buyers a household can reach, a liquidity margin that rises
// as the buyer's cash falls short of what it expects to be offered, and (formal buyers) the royalty.
// A scenario can cut the upper tier's credit or stop its exports for a while (a liquidity shock).
//
// TraderMarket holds the rules and is shared by selling (purchases), lending (pre-finance) and the
// traders' step; TradersModule is the monthly step that runs before selling.

#include <array>
#include <utility>
#include <vector>

#include "core/choose.hpp"
#include "core/parameters.hpp"
#include "model/context.hpp"
#include "model/module.hpp"
#include "model/world.hpp"

namespace asmsim {

// min(grams, max(0, cash) / outlay_per_g): the grams a buyer's cash pays for, with the division
// skipped when the cash surely covers the lot. The same number: a product P = fl(grams x outlay)
// >= 2^-1000 (normal, so within a relative 2^-53 of the exact product) enlarged by 2^-50 exceeds
// the exact product, so P x (1 + 2^-50) <= cash means cash / outlay > grams exactly, its rounding
// is at least grams, and the min is grams. Without the division, consecutive sales to one buyer do not
// wait on it (each sale's cash is the previous one's result).
inline double affordable_g(double grams, double outlay_per_g, double cash_usd) {
    const double product = grams * outlay_per_g;
    if (product >= 0x1p-1000 && product * (1.0 + 0x1p-50) <= cash_usd) return grams;
    return std::min(grams, std::max(0.0, cash_usd) / outlay_per_g);
}

class TraderMarket {
public:
    explicit TraderMarket(const ParameterSet& params);

    // Sizes the buyer columns and sets the posted offers of normal times (no cash shortage), so
    // that the decisions made at initialisation see a market (called by initialise_world).
    void initialise(World& world) const;

    // Buyers household i can reach at its site: informal ones; formal ones too when licensed.
    int reach(const World& world, Eigen::Index i) const {
        const Traders& t = world.traders;
        return world.households.legal_status[i] == licensed ? t.per_site() : t.informal_per_site;
    }
    double competition_margin(int buyers) const { return competition_margin_ / static_cast<double>(buyers); }
    // Share of the world price site buyer b pays household i, royalty (formal) and competition
    // deducted, before a cooperative's levy or a tied discount.
    double offer_share(const World& world, int b, Eigen::Index i, double royalty_rate) const {
        const BuyerColumns& s = world.traders.site;
        // price_share - competition_margin(reach), precomputed per buyer when prices are posted.
        const double offer = world.households.legal_status[i] == licensed ? s.offer_licensed[b] : s.offer_unlicensed[b];
        return offer - (s.formal[b] ? royalty_rate : 0.0);
    }
    // The buyers household i may sell to, best offer first (at most 3): its own informal buyer,
    // the next informal one, and when licensed its formal buyer. Returns the count.
    // Informal offers are ranked net of `informal_penalty` (the expected seizure a licensed seller
    // risks by selling informally; 0 for unlicensed sellers).
    // Inline: called for every seller every month.
    int candidates(const World& world, Eigen::Index i, double royalty_rate, double informal_penalty,
                   std::array<int, 3>& out) const {
        const Traders& t = world.traders;
        const BuyerColumns& sb = t.site;
        const int first = t.first_informal(world.households.site[i]);
        const int k = static_cast<int>(i) % t.informal_per_site;  // 32-bit division (rows fit in int)
        int n = 0;
        out[n++] = first + k;  // own_informal_buyer
        if (t.informal_per_site > 1) out[n++] = first + (k + 1 == t.informal_per_site ? 0 : k + 1);
        if (world.households.legal_status[i] == licensed)
            out[n++] = first - t.formal_per_site + (t.formal_per_site == 1 ? 0 : static_cast<int>(i) % t.formal_per_site);
        // Best offer first; equal offers keep the household's own buyer first (an insertion sort of
        // at most 3, stable, each offer computed once). The keys are named scalars, not an array: the
        // compiler read an array's two 8-byte keys back as one 16-byte load, which the processor cannot
        // forward from the two stores (a stall that held about a fifth of selling's perf samples).
        const auto key = [&](int b) { return offer_share(world, b, i, royalty_rate) - (sb.formal[b] ? 0.0 : informal_penalty); };
        // The first two are ordered without a branch: which offer is better goes either way at random.
        double key0 = key(out[0]), key1 = n > 1 ? key(out[1]) : 0.0;
        {
            const bool swap = n > 1 && key1 > key0;
            const int a = out[0], b = n > 1 ? out[1] : out[0];  // out[1] is unset when n == 1
            const double ka = key0, kb = key1;
            out[0] = swap ? b : a;
            out[1] = swap ? a : b;
            key0 = choose(swap, kb, ka);
            key1 = choose(swap, ka, kb);
        }
        if (n > 2) {
            const double key2 = key(out[2]);
            if (key2 > key1) {
                std::swap(out[1], out[2]);
                if (key2 > key0) std::swap(out[0], out[1]);
            }
        }
        return n;
    }
    // Household i's own informal buyer at its site (households are spread evenly over them).
    int own_informal_buyer(const World& world, Eigen::Index i) const {
        const Traders& t = world.traders;
        return t.first_informal(world.households.site[i]) + static_cast<int>(i) % t.informal_per_site;
    }
    // Whether a licensed household selling to an informal buyer is exposed to inspection, and the
    // expected share of its lot seized that it weighs when choosing (inspection rate x seizure).
    bool licensed_informal_illegal() const { return licensed_informal_illegal_; }
    double licensed_informal_penalty(double inspection_rate) const {
        return licensed_informal_illegal_ ? inspection_rate * confiscation_share_ : 0.0;
    }
    // The buyer that would pre-finance household i: the one it is tied to, else its best candidate.
    int financier(const World& world, Eigen::Index i, double royalty_rate) const;

    // Normal-times shares (no shortage), for code without the world at hand.
    double normal_informal_share(int mineral, int informal_buyers) const;
    double normal_formal_share_before_royalty(int mineral, int buyers) const;

    double tied_discount() const { return tied_discount_; }
    // What a gram bought by site buyer b fetches from its dealer this month, net of transport and
    // security (share of the world price): its margin is this less what it pays (and the royalty).
    double resale_share(const World& world, int b) const {
        const BuyerColumns& s = world.traders.site;
        const int m = s.mineral[b];
        return world.traders.upper.price_share[Traders::upper_row(m, s.formal[b] != 0)] - transport_[m];
    }

    // The traders' step (see TradersModule).
    void step(World& world, const std::array<double, n_commodities>& world_price) const;

private:
    void settle_upper(World& world, const std::array<double, n_commodities>& price) const;
    void fund_site_buyers(World& world, const std::array<double, n_commodities>& price) const;
    void post_prices(World& world) const;

    int informal_per_site_, formal_per_site_;
    double competition_margin_, liquidity_margin_, formal_dealer_margin_, smuggling_margin_;
    std::array<double, n_commodities> transport_{};
    double site_cash_months_, site_credit_months_, dealer_cash_months_, dealer_credit_months_;
    double turnover_weight_;
    int shock_start_, shock_duration_;
    double shock_credit_cut_;
    bool shock_export_ban_;
    double tied_discount_, royalty_;
    bool licensed_informal_illegal_;
    double confiscation_share_, inspection_rate_;
};

class TradersModule final : public WholeModule {
public:
    explicit TradersModule(const ModelContext& ctx) : market_(ctx.params) {}
    std::string_view name() const override { return "traders"; }
    std::string_view summary() const override {
        return "dealers export and pay site buyers; credit lines (and liquidity shocks); buyers' cash and prices";
    }
    void step(World& world, Results&) override { market_.step(world, world.price_usd_per_g); }

private:
    TraderMarket market_;
};

// Cross-parameter checks, thrown as InputError naming the key (located by the scenario loader).
void validate_trader_parameters(const ParameterSet& params);

}  // namespace asmsim
