// Cash transfer: the benchmark programme (issue 16.3). Every household it reaches receives
// `transfer_usd_month` each month the programme runs, unconditionally; it counts as the household's
// off-farm income (other income), so households consume or save it by the buffer-stock rule (7.14).
// The programme pays the transfer plus its delivery: a share `delivery_cost_share` of what it spends
// goes to delivery (targeting, payment fees, staff), so one transfer costs transfer / (1 - share).
// Its benefit-cost ratio (consumption gained per USD spent) is therefore near 1 - share when the
// transfers are consumed within the horizon and change nothing else: the yardstick for the others.
// Lever: Policy::cash_transfer, read by other income (docs/model.md 7.17, "Cash transfer").

#include "interventions/registry.hpp"

namespace asmsim {
namespace {

const std::string kind_name = "cash_transfer";

class CashTransfer final : public Intervention {
public:
    explicit CashTransfer(const ModelContext& ctx)
        : Intervention(ctx, kind_name),
          transfer_usd_month_(ctx.params.real(intervention_key(kind_name, "transfer_usd_month"))),
          delivery_cost_share_(ctx.params.real(intervention_key(kind_name, "delivery_cost_share"))) {}

private:
    void open_levers(World& world) override {
        world.policy.cash_transfer.paid.setZero(world.households.size());
        world.policy.cash_transfer.usd_month = transfer_usd_month_;
    }
    void close_levers(World& world) override { world.policy.cash_transfer.on = false; }
    void apply_levers(World& world) override {
        Policy::CashTransfer& lever = world.policy.cash_transfer;
        ProgrammeAccount& programme = account(world);
        const double cost = transfer_usd_month_ * world.price_level / (1.0 - delivery_cost_share_);
        for (Eigen::Index i = 0; i < world.households.size(); ++i)
            lever.paid[i] = reaches(world, i) && programme.try_spend(cost) ? 1 : 0;
        lever.on = true;
    }
    double transfer_usd_month_, delivery_cost_share_;
};

}  // namespace

InterventionKind cash_transfer_kind() {
    return {kind_name, "pays an unconditional monthly cash transfer to each household it reaches (the benchmark)",
            [](ParameterSchema& s) {
                declare_common(s, kind_name, {"everyone", "miners", "informal_miners", "women_headed", "sites"}, 0.0,
                               "assumption: delivery costs are in delivery_cost_share");
                s.real(intervention_key(kind_name, "transfer_usd_month"), 20.0, "USD/month", 0.0, 1e6,
                       "Transfer each reached household receives per month, in prices of month 0",
                       "assumption: a modest unconditional transfer, well below the baseline's off-farm wage of 77 "
                       "USD/month per worker");
                s.real(intervention_key(kind_name, "delivery_cost_share"), 0.1, "1", 0.0, 0.9,
                       "Share of the programme's spending that does not reach households (targeting, payment, staff)",
                       "assumption: digital unconditional transfers deliver about 90 cents of each dollar");
            },
            [](const ModelContext& ctx) { return std::make_unique<CashTransfer>(ctx); }};
}

}  // namespace asmsim
