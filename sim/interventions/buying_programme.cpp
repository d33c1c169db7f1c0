// Government buying programme (market access): a formal buyer with its own cash. Households it
// reaches that are not tied to a trader, and hold a licence when the programme requires one, may
// sell to it at `price_share` of the world price, royalty withheld (its price rule). They do when
// that pays more than their site's buyers. It pays only out of its working capital
// (`working_capital_usd`, in prices of month 0, given the first month it runs), and resells what it
// bought at the world price the next month, so its cash limits what it buys each month
// (model/traders.cpp). Handling costs a share of the value bought, paid from its budget. Lever:
// Policy::buying, read by selling and by every expectation of mining income (docs/model.md,
// "Interventions" and "Traders").

#include "interventions/registry.hpp"

namespace asmsim {
namespace {

const std::string kind_name = "buying_programme";

class BuyingProgramme final : public ReachingIntervention {
public:
    explicit BuyingProgramme(const ModelContext& ctx)
        : ReachingIntervention(ctx, kind_name),
          price_share_(ctx.params.real(intervention_key(kind_name, "price_share"))),
          requires_licence_(ctx.params.flag(intervention_key(kind_name, "requires_licence"))),
          cost_share_(ctx.params.real(intervention_key(kind_name, "cost_share_of_value"))),
          working_capital_usd_(ctx.params.real(intervention_key(kind_name, "working_capital_usd"))) {}

private:
    LeverRef lever(World& w) const override { return {w.policy.buying.on, w.policy.buying.reached}; }
    void set_terms(World& w) const override {
        Policy::Buying& b = w.policy.buying;
        b.price_share = price_share_;
        b.requires_licence = requires_licence_;
        b.cost_share_of_value = cost_share_;
        b.account = account_index();
        b.working_capital_usd = working_capital_usd_;
    }
    double price_share_;
    bool requires_licence_;
    double cost_share_, working_capital_usd_;
};

}  // namespace

InterventionKind buying_programme_kind() {
    return {kind_name, "buys output at the world price minus a small fee from the miners it reaches",
            [](ParameterSchema& s) {
                declare_common(s, kind_name, {"miners", "everyone", "informal_miners", "women_headed", "sites"}, 200.0,
                               "assumption: buying agents and an assay point", 1.0);
                s.real(intervention_key(kind_name, "price_share"), 0.97, "1", 0.0, 1.0,
                       "Share of the world price the programme pays, before royalty",
                       "assumption: world price minus a 3% fee");
                s.flag(intervention_key(kind_name, "requires_licence"), false,
                       "Whether only licensed miners may sell to the programme",
                       "scenario choice: open to registered informal miners, which brings their output into the "
                       "taxed channel");
                s.real(intervention_key(kind_name, "working_capital_usd"), 20000.0, "USD", 0.0, 1e12,
                       "Cash the programme buys with (prices of month 0); it is paid back as the programme resells "
                       "at the world price the next month, so it caps what the programme buys in a month",
                       "assumption: a small buying centre's float");
                s.real(intervention_key(kind_name, "cost_share_of_value"), 0.01, "1", 0.0, 1.0,
                       "Programme cost of handling output (assay, transport, security), as a share of its value",
                       "assumption");
            },
            [](const ModelContext& ctx) { return std::make_unique<BuyingProgramme>(ctx); }};
}

}  // namespace asmsim
