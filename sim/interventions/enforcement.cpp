// Enforcement and local governance: informal miners it reaches face another inspection rate and
// fine, and a better-governed administration lets a smaller share of what is collected go to
// officials instead of the treasury. The programme pays inspectors per inspection. Lever:
// Policy::enforcement, read by selling and formalisation (docs/model.md, "Interventions").

#include "interventions/registry.hpp"

namespace asmsim {
namespace {

const std::string kind_name = "enforcement";

class Enforcement final : public ReachingIntervention {
public:
    explicit Enforcement(const ModelContext& ctx)
        : ReachingIntervention(ctx, kind_name),
          inspection_rate_(ctx.params.real(intervention_key(kind_name, "inspection_rate_monthly"))),
          fine_usd_(ctx.params.real(intervention_key(kind_name, "fine_usd"))),
          informal_payment_share_(ctx.params.real(intervention_key(kind_name, "informal_payment_share"))),
          usd_per_inspection_(ctx.params.real(intervention_key(kind_name, "usd_per_inspection"))) {}

private:
    LeverRef lever(World& w) const override { return {w.policy.enforcement.on, w.policy.enforcement.reached}; }
    void set_terms(World& w) const override {
        Policy::Enforcement& e = w.policy.enforcement;
        e.inspection_rate_monthly = inspection_rate_;
        e.fine_usd = fine_usd_;
        e.informal_payment_share = informal_payment_share_;
        e.usd_per_inspection = usd_per_inspection_;
        e.account = account_index();
    }
    double inspection_rate_, fine_usd_, informal_payment_share_, usd_per_inspection_;
};

}  // namespace

InterventionKind enforcement_kind() {
    return {kind_name, "changes inspections and fines of informal miners and curbs informal payments to officials",
            [](ParameterSchema& s) {
                declare_common(s, kind_name, {"everyone", "miners", "informal_miners", "women_headed", "sites"}, 100.0,
                               "assumption: supervision and audit of local officials", 1.0);
                s.real(intervention_key(kind_name, "inspection_rate_monthly"), 0.06, "1/month", 0.0, 1.0,
                       "Chance that a reached informal mining household is inspected in a month",
                       "scenario choice: twice the default (enforcement.inspection_rate_monthly)");
                s.real(intervention_key(kind_name, "fine_usd"), 50.0, "USD", 0.0, 1e6,
                       "Fine for mining without a licence for reached households, in prices of month 0",
                       "scenario choice: the default fine (enforcement.fine_usd)");
                s.real(intervention_key(kind_name, "informal_payment_share"), 0.1, "1", 0.0, 1.0,
                       "Share of fines kept by officials instead of reaching the treasury, where the programme acts",
                       "scenario choice: governance reform cuts leakage from the default (enforcement.informal_payment_share)");
                s.real(intervention_key(kind_name, "usd_per_inspection"), 10.0, "USD", 0.0, 1e6,
                       "Programme cost of one inspection, in prices of month 0",
                       "assumption: an inspector's day and transport");
            },
            [](const ModelContext& ctx) { return std::make_unique<Enforcement>(ctx); }};
}

}  // namespace asmsim
