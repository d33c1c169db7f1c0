// Partial credit guarantee for licensed miners (access to finance): banks lend to licensed
// households it reaches against (1 - guarantee_share) of the usual collateral; when such a
// borrower defaults the programme pays the bank `guarantee_share` of the bank debt written off.
// It also pays a fee per guaranteed loan. Lever: Policy::guarantee, read by lending, finance and
// formalisation (the credit-eligibility benefit of a licence)
// (docs/model.md, "Interventions").

#include "interventions/registry.hpp"

namespace asmsim {
namespace {

const std::string kind_name = "credit_guarantee";

class CreditGuarantee final : public ReachingIntervention {
public:
    explicit CreditGuarantee(const ModelContext& ctx)
        : ReachingIntervention(ctx, kind_name),
          share_(ctx.params.real(intervention_key(kind_name, "guarantee_share"))),
          usd_per_loan_(ctx.params.real(intervention_key(kind_name, "usd_per_loan"))) {}

private:
    LeverRef lever(World& w) const override { return {w.policy.guarantee.on, w.policy.guarantee.reached}; }
    void set_terms(World& w) const override {
        Policy::Guarantee& g = w.policy.guarantee;
        g.guaranteed.setZero(w.households.size());
        g.share = share_;
        g.usd_per_loan = usd_per_loan_;
        g.account = account_index();
    }
    double share_, usd_per_loan_;
};

}  // namespace

InterventionKind credit_guarantee_kind() {
    return {kind_name, "guarantees part of bank loans to licensed miners, so that banks ask for less collateral",
            [](ParameterSchema& s) {
                declare_common(s, kind_name, {"miners", "everyone", "informal_miners", "women_headed", "sites"}, 50.0,
                               "assumption: a guarantee fund's administration");
                s.real(intervention_key(kind_name, "guarantee_share"), 0.5, "1", 0.0, 1.0,
                       "Share of a guaranteed loan's losses the programme covers (and of the collateral it replaces)",
                       "assumption: 50% is a common partial-guarantee cover");
                s.real(intervention_key(kind_name, "usd_per_loan"), 10.0, "USD", 0.0, 1e6,
                       "Programme cost of assessing and registering one guaranteed loan, in prices of month 0",
                       "assumption");
            },
            [](const ModelContext& ctx) { return std::make_unique<CreditGuarantee>(ctx); }};
}

}  // namespace asmsim
