#include "model/traders.hpp"

#include <algorithm>
#include <string>

#include "core/input_error.hpp"

namespace asmsim {

namespace {
double clamp01(double x) { return std::clamp(x, 0.0, 1.0); }
// 1 - funds / need in [0, 1]; 0 when nothing is needed.
double shortfall(double funds, double need) { return need > 0.0 ? clamp01(1.0 - funds / need) : 0.0; }
}  // namespace

TraderMarket::TraderMarket(const ParameterSet& p) {
    informal_per_site_ = static_cast<int>(p.integer("traders.informal_buyers_per_site"));
    formal_per_site_ = static_cast<int>(p.integer("traders.formal_buyers_per_site"));
    competition_margin_ = p.real("traders.competition_margin");
    liquidity_margin_ = p.real("traders.liquidity_margin");
    formal_dealer_margin_ = p.real("traders.formal_dealer_margin");
    smuggling_margin_ = p.real("traders.smuggling_margin");
    for (Commodity c : all_commodities)
        transport_[index_of(c)] = p.real("traders." + std::string(commodity_name(c)) + ".transport_security_share");
    site_cash_months_ = p.real("traders.site_cash_months");
    site_credit_months_ = p.real("traders.site_credit_months");
    dealer_cash_months_ = p.real("traders.dealer_cash_months");
    dealer_credit_months_ = p.real("traders.dealer_credit_months");
    turnover_weight_ = 1.0 / p.real("traders.turnover_memory_months");
    shock_start_ = static_cast<int>(p.integer("traders.shock_start_month"));
    shock_duration_ = static_cast<int>(p.integer("traders.shock_duration_months"));
    shock_credit_cut_ = p.real("traders.shock_credit_cut");
    shock_export_ban_ = p.flag("traders.shock_export_ban");
    tied_discount_ = p.real("selling.tied_discount");
    royalty_ = p.real("selling.royalty_rate");
    licensed_informal_illegal_ = p.flag("traders.licensed_informal_sales_illegal");
    confiscation_share_ = p.real("enforcement.confiscation_share");
    inspection_rate_ = p.real("enforcement.inspection_rate_monthly");
}

double TraderMarket::normal_informal_share(int mineral, int informal_buyers) const {
    return 1.0 - smuggling_margin_ - transport_[mineral] - competition_margin(informal_buyers);
}
double TraderMarket::normal_formal_share_before_royalty(int mineral, int buyers) const {
    return 1.0 - formal_dealer_margin_ - transport_[mineral] - competition_margin(buyers);
}

void TraderMarket::initialise(World& world) const {
    Traders& t = world.traders;
    t.informal_per_site = informal_per_site_;
    t.formal_per_site = formal_per_site_;
    const Eigen::Index n_sites = world.sites.size();
    t.site.resize(n_sites * t.per_site());
    for (Eigen::Index s = 0; s < n_sites; ++s)
        for (int k = 0; k < t.per_site(); ++k) {
            const Eigen::Index b = s * t.per_site() + k;
            t.site.formal[b] = k < formal_per_site_ ? 1 : 0;
            t.site.mineral[b] = world.sites.mineral[s];
        }
    t.upper.resize(2 * n_commodities);
    for (int m = 0; m < n_commodities; ++m)
        for (int f = 0; f < 2; ++f) {
            t.upper.mineral[Traders::upper_row(m, f)] = m;
            t.upper.formal[Traders::upper_row(m, f)] = static_cast<std::uint8_t>(f);
        }
    t.informal_offer.setZero(n_sites);
    t.informal_offer_licensed.setZero(n_sites);
    t.formal_offer.setZero(n_sites);
    for (Eigen::Index u = 0; u < t.upper.size(); ++u)
        t.upper.price_share[u] = 1.0 - (t.upper.formal[u] ? formal_dealer_margin_ : smuggling_margin_);
    post_prices(world);
}

int TraderMarket::financier(const World& world, Eigen::Index i, double royalty_rate) const {
    const int tied = world.households.tied_buyer[i];
    if (tied >= 0 && world.households.debt_usd(i, trader) > 0.0) return tied;
    std::array<int, 3> c{};
    const bool licensed_seller = world.households.legal_status[i] == licensed;
    candidates(world, i, royalty_rate, licensed_seller ? licensed_informal_penalty(inspection_rate_) : 0.0, c);
    return c[0];
}

// The month's step, before selling:
// 1. the upper tier sells last month's purchases abroad (not during an export ban), repays its
//    credit, draws its profit beyond its working cash, and buys the site buyers' stock with the
//    cash and credit it has (all sellers rationed in the same proportion);
// 2. site buyers repay or draw credit from their dealer to hold the cash they expect to need, and
//    draw their profit beyond their working cash;
// 3. site buyers post prices;
// 4. the buying programme resells its stock at the world price.
void TraderMarket::step(World& world, const std::array<double, n_commodities>& price) const {
    Traders& t = world.traders;
    t.site.offered_last_g = t.site.offered_g;
    t.site.clear_flows();
    t.upper.clear_flows();
    t.shock_active = shock_start_ >= 0 && world.month >= shock_start_ && world.month < shock_start_ + shock_duration_;

    // What each site buyer expects to be offered this month: its site's mineral produced this month
    // and held back (it sees the output before buying), times its part of what the site's sellers
    // offered its buyers last month (bought or not). In month 0, and where nothing was offered, the
    // mineral is shared among the buyers who can buy it (licensed households may sell to all of a
    // site's buyers, the others to informal buyers only).
    BuyerColumns& sb = t.site;
    const Households& h = world.households;
    const Eigen::Index n_sites = world.sites.size();
    std::vector<double> unlicensed_g(static_cast<std::size_t>(n_sites), 0.0), licensed_g(unlicensed_g),
        offered_site_g(unlicensed_g);
    // Without a branch on whether the household has anything (which goes either way at random): one
    // that has not adds 0, which changes no sum (each sum starts at +0 and adds grams >= 0).
    for (Eigen::Index i = 0; i < h.size(); ++i) {
        const double g = h.output_g[i] + h.held_g[i];
        double* sums = h.legal_status[i] == licensed ? licensed_g.data() : unlicensed_g.data();
        sums[h.site[i]] += g > 0.0 ? g : 0.0;
    }
    for (Eigen::Index b = 0; b < sb.size(); ++b)
        offered_site_g[static_cast<std::size_t>(t.site_of(static_cast<int>(b)))] += sb.offered_last_g[b];
    for (Eigen::Index b = 0; b < sb.size(); ++b) {
        const auto s = static_cast<std::size_t>(t.site_of(static_cast<int>(b)));
        const double even = sb.formal[b] ? licensed_g[s] / t.per_site()
                                         : unlicensed_g[s] / t.informal_per_site + licensed_g[s] / t.per_site();
        sb.expected_g[b] = offered_site_g[s] > 0.0
                               ? (unlicensed_g[s] + licensed_g[s]) * sb.offered_last_g[b] / offered_site_g[s]
                               : even;
    }
    for (Eigen::Index b = 0; b < sb.size(); ++b) {
        const int m = sb.mineral[b];
        sb.need_usd[b] = sb.expected_g[b] * price[m] * t.upper.price_share[Traders::upper_row(m, sb.formal[b] != 0)];
        // The turnover that scales cash and credit lines: a moving average of the need.
        sb.turnover_usd[b] = world.month == 0 ? sb.need_usd[b]
                                              : sb.turnover_usd[b] + turnover_weight_ * (sb.need_usd[b] - sb.turnover_usd[b]);
    }
    if (world.month == 0) {
        // Working cash at the start; dealers' turnover is what their site buyers turn over.
        for (Eigen::Index b = 0; b < sb.size(); ++b) sb.cash_usd[b] = site_cash_months_ * sb.turnover_usd[b];
        for (Eigen::Index b = 0; b < sb.size(); ++b)
            t.upper.turnover_usd[Traders::upper_row(sb.mineral[b], sb.formal[b] != 0)] += sb.turnover_usd[b];
        for (Eigen::Index u = 0; u < t.upper.size(); ++u) t.upper.cash_usd[u] = dealer_cash_months_ * t.upper.turnover_usd[u];
    }
    t.cash_start_usd.resize(static_cast<std::size_t>(sb.size() + t.upper.size()));
    for (Eigen::Index b = 0; b < sb.size(); ++b) t.cash_start_usd[static_cast<std::size_t>(b)] = sb.cash_usd[b];
    for (Eigen::Index u = 0; u < t.upper.size(); ++u)
        t.cash_start_usd[static_cast<std::size_t>(sb.size() + u)] = t.upper.cash_usd[u];

    settle_upper(world, price);
    fund_site_buyers(world, price);
    post_prices(world);

    // Buying programme: resells last month's purchases at the world price; its working capital
    // arrives the first month it runs.
    if (world.policy.buying.on && !t.programme_started) {
        t.programme_started = true;
        t.programme_cash_usd += world.policy.buying.working_capital_usd * world.price_level;
    }
    for (int m = 0; m < n_commodities; ++m) {
        t.programme_cash_usd += t.programme_stock_g[m] * price[m];
        t.programme_stock_g[m] = 0.0;
    }
}

void TraderMarket::settle_upper(World& world, const std::array<double, n_commodities>& price) const {
    Traders& t = world.traders;
    BuyerColumns& up = t.upper;
    BuyerColumns& sb = t.site;
    const bool banned = t.shock_active && shock_export_ban_;
    const double cut = t.shock_active ? shock_credit_cut_ : 0.0;
    // Value the site buyers offer each dealer (their stock at the dealer's normal price).
    std::vector<double> offered(static_cast<std::size_t>(up.size()), 0.0);
    for (Eigen::Index b = 0; b < sb.size(); ++b)
        offered[static_cast<std::size_t>(Traders::upper_row(sb.mineral[b], sb.formal[b] != 0))] +=
            sb.stock_g[b] * price[sb.mineral[b]];
    std::vector<double> fraction(static_cast<std::size_t>(up.size()), 0.0);
    for (Eigen::Index u = 0; u < up.size(); ++u) {
        const int m = up.mineral[u];
        // 1. Exports: last month's purchases sold at the world price.
        if (!banned && up.stock_g[u] > 0.0) {
            up.sales_usd[u] = up.stock_g[u] * price[m];
            up.cash_usd[u] += up.sales_usd[u];
            up.stock_g[u] = 0.0;
        }
        // 2. Credit line from banks and foreign buyers, scaled to turnover; cut during a shock.
        up.turnover_usd[u] += turnover_weight_ * (offered[static_cast<std::size_t>(u)] - up.turnover_usd[u]);
        up.credit_limit_usd[u] = dealer_credit_months_ * up.turnover_usd[u] * (1.0 - cut);
        const double repay = std::min(up.credit_used_usd[u], up.cash_usd[u]);
        up.credit_used_usd[u] -= repay;
        up.cash_usd[u] -= repay;
        up.credit_repaid_usd[u] += repay;
        // Profit beyond the working cash goes to the owners.
        const double keep = dealer_cash_months_ * up.turnover_usd[u];
        if (up.credit_used_usd[u] <= 0.0 && up.cash_usd[u] > keep) {
            up.drawings_usd[u] = up.cash_usd[u] - keep;
            up.cash_usd[u] = keep;
        }
        // 3. Price and purchases: its margin widens as its cash and unused credit fall short of
        //    what it is offered.
        const double funds = up.cash_usd[u] + std::max(0.0, up.credit_limit_usd[u] - up.credit_used_usd[u]);
        const double base = 1.0 - (up.formal[u] ? formal_dealer_margin_ : smuggling_margin_);
        const double need = offered[static_cast<std::size_t>(u)] * base;
        up.need_usd[u] = need;
        up.tightness[u] = shortfall(funds, need);
        up.price_share[u] = base - liquidity_margin_ * up.tightness[u];
        const double value = offered[static_cast<std::size_t>(u)] * up.price_share[u];
        fraction[static_cast<std::size_t>(u)] = value > 0.0 ? std::min(1.0, funds / value) : 0.0;
    }
    // Each site buyer sells the same fraction of its stock to its dealer, and pays transport and
    // security on what it ships.
    for (Eigen::Index b = 0; b < sb.size(); ++b) {
        if (sb.stock_g[b] <= 0.0) continue;
        const int u = Traders::upper_row(sb.mineral[b], sb.formal[b] != 0);
        const double g = sb.stock_g[b] * fraction[static_cast<std::size_t>(u)];
        if (g <= 0.0) continue;
        const double world_value = g * price[sb.mineral[b]];
        const double paid = world_value * up.price_share[u];
        // The dealer pays from cash, then from its credit line.
        const double drawn = std::max(0.0, paid - up.cash_usd[u]);
        up.credit_used_usd[u] += drawn;
        up.credit_drawn_usd[u] += drawn;
        up.cash_usd[u] += drawn - paid;
        up.bought_g[u] += g;
        up.bought_usd[u] += paid;
        up.stock_g[u] += g;
        sb.stock_g[b] -= g;
        sb.sales_usd[b] += paid;
        sb.cash_usd[b] += paid;
        const double transport = world_value * transport_[sb.mineral[b]];
        sb.transport_usd[b] += transport;
        sb.cash_usd[b] -= transport;
    }
}

void TraderMarket::fund_site_buyers(World& world, const std::array<double, n_commodities>&) const {
    Traders& t = world.traders;
    BuyerColumns& up = t.upper;
    BuyerColumns& sb = t.site;
    for (Eigen::Index b = 0; b < sb.size(); ++b) {
        const int u = Traders::upper_row(sb.mineral[b], sb.formal[b] != 0);
        // A dealer short of funds rations the lines it gives its site buyers in proportion.
        sb.credit_limit_usd[b] = site_credit_months_ * sb.turnover_usd[b] * (1.0 - up.tightness[u]);
        // Repay what exceeds the cash it needs (all of it above the line).
        const double excess = std::max(sb.cash_usd[b] - sb.need_usd[b], sb.credit_used_usd[b] - sb.credit_limit_usd[b]);
        const double repay = std::min({sb.credit_used_usd[b], std::max(0.0, excess), std::max(0.0, sb.cash_usd[b])});
        if (repay > 0.0) {
            sb.credit_used_usd[b] -= repay;
            sb.cash_usd[b] -= repay;
            sb.credit_repaid_usd[b] += repay;
            up.cash_usd[u] += repay;
            up.repaid_down_usd[u] += repay;
            // The dealer repays its own line first.
            const double r = std::min(up.credit_used_usd[u], up.cash_usd[u]);
            up.credit_used_usd[u] -= r;
            up.cash_usd[u] -= r;
            up.credit_repaid_usd[u] += r;
        }
        // Draw what it lacks, within its line and the dealer's cash and unused credit.
        const double want = std::min(sb.need_usd[b] - sb.cash_usd[b], sb.credit_limit_usd[b] - sb.credit_used_usd[b]);
        const double dealer_funds = up.cash_usd[u] + std::max(0.0, up.credit_limit_usd[u] - up.credit_used_usd[u]);
        const double draw = std::max(0.0, std::min(want, dealer_funds));
        if (draw > 0.0) {
            const double from_cash = std::min(draw, up.cash_usd[u]);
            up.credit_used_usd[u] += draw - from_cash;
            up.credit_drawn_usd[u] += draw - from_cash;
            up.cash_usd[u] -= from_cash;
            up.lent_down_usd[u] += draw;
            sb.credit_used_usd[b] += draw;
            sb.credit_drawn_usd[b] += draw;
            sb.cash_usd[b] += draw;
        }
        // Profit beyond the working cash, once its line is repaid, goes to the owner.
        const double keep = std::max(sb.need_usd[b], site_cash_months_ * sb.turnover_usd[b]);
        if (sb.credit_used_usd[b] <= 0.0 && sb.cash_usd[b] > keep) {
            sb.drawings_usd[b] += sb.cash_usd[b] - keep;
            sb.cash_usd[b] = keep;
        }
        sb.tightness[b] = shortfall(std::max(0.0, sb.cash_usd[b]), sb.need_usd[b]);
    }
}

void TraderMarket::post_prices(World& world) const {
    Traders& t = world.traders;
    BuyerColumns& sb = t.site;
    for (Eigen::Index b = 0; b < sb.size(); ++b) {
        const int m = sb.mineral[b];
        const double upper = t.upper.price_share[Traders::upper_row(m, sb.formal[b] != 0)];
        sb.price_share[b] = std::max(0.0, upper - transport_[m] - liquidity_margin_ * sb.tightness[b]);
        sb.offer_unlicensed[b] = sb.price_share[b] - competition_margin(t.informal_per_site);
        sb.offer_licensed[b] = sb.price_share[b] - competition_margin(t.per_site());
    }
    // Best posted offers per site, for expectations (competition included; formal before royalty).
    const double informal_margin = competition_margin(t.informal_per_site);
    const double all_margin = competition_margin(t.per_site());
    for (Eigen::Index s = 0; s < world.sites.size(); ++s) {
        double best_informal = 0.0, best_formal = 0.0;
        for (int k = 0; k < t.per_site(); ++k) {
            const Eigen::Index b = s * t.per_site() + k;
            (sb.formal[b] ? best_formal : best_informal) =
                std::max(sb.formal[b] ? best_formal : best_informal, sb.price_share[b]);
        }
        t.informal_offer[s] = std::max(0.0, best_informal - informal_margin);
        t.informal_offer_licensed[s] = std::max(0.0, best_informal - all_margin);
        t.formal_offer[s] = std::max(0.0, best_formal - all_margin);
    }
}

void validate_trader_parameters(const ParameterSet& p) {
    const int start = static_cast<int>(p.integer("traders.shock_start_month"));
    const int months = static_cast<int>(p.integer("simulation.months"));
    if (start >= months)
        throw InputError({}, "traders.shock_start_month",
                         "the traders' liquidity shock starts in month " + std::to_string(start) +
                             ", after the run ends (simulation.months = " + std::to_string(months) + ")",
                         "months count from 0: use a month below " + std::to_string(months) + ", or -1 for no shock");
}

}  // namespace asmsim
