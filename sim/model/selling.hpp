#pragma once
// Selling (docs/model.md, "Selling and enforcement"): informal miners may be inspected (fine, part
// of which officials keep, and confiscation); output is sold through the household's channel: to
// the trader who pre-financed it (tied, deeper discount), to formal buyers when licensed (world
// price less royalty), or to informal traders, unless a government buying programme that reaches
// it pays more. The household keeps the digger share; a tied household repays its trader out of
// the sale.

#include <vector>

#include "model/context.hpp"
#include "model/mining_returns.hpp"
#include "model/module.hpp"
#include "model/row_selection.hpp"
#include "model/traders.hpp"

namespace asmsim {

class SellingModule final : public Module {
public:
    explicit SellingModule(const ModelContext& ctx);
    std::string_view name() const override { return "selling"; }
    std::string_view summary() const override {
        return "informal miners risk inspection (fine, confiscation); output is sold tied to a financier, to "
               "formal buyers (royalty) or to informal traders";
    }
    PassKind pass_kind(int) const override { return PassKind::rows; }
    void visit_rows(int, World& world, RowRange rows) override;
    void end_pass(int, World& world, Results& results) override;  // the market's outputs

private:
    template <bool Levers>
    void sell(World& world, RowRange rows);

    RandomEngine rng_;
    MiningReturns returns_;
    TraderMarket market_;
    double inspection_rate_, fine_usd_, informal_payment_share_, confiscation_share_, trader_repayment_share_;
    std::vector<double> u_;  // scratch: the block's draws
    RowList sellers_;        // scratch: the block's households with output to sell
    struct Outputs {
        std::array<int, n_commodities> local_price_ratio, formal_channel_share, trader_margin, held_back_g;
        int site_buyer_cash, site_buyer_credit, dealer_cash, dealer_credit, dealer_stock_usd, programme_cash, shock;
    } out_{};
};

}  // namespace asmsim
