// Support for mercury-free processing (technical assistance, environment): gold miners it reaches
// are visited by extension agents, so they consider mercury-free processing with chance
// `consider_share_monthly` each month instead of the usual adoption rate, and the programme pays
// `subsidy_share` of the equipment when they adopt. Lever: Policy::mercury_free, read by technology
// (docs/model.md, "Interventions").

#include "interventions/registry.hpp"

namespace asmsim {
namespace {

const std::string kind_name = "mercury_free_support";

class MercuryFreeSupport final : public ReachingIntervention {
public:
    explicit MercuryFreeSupport(const ModelContext& ctx)
        : ReachingIntervention(ctx, kind_name),
          subsidy_share_(ctx.params.real(intervention_key(kind_name, "subsidy_share"))),
          consider_share_(ctx.params.real(intervention_key(kind_name, "consider_share_monthly"))) {}

private:
    LeverRef lever(World& w) const override { return {w.policy.mercury_free.on, w.policy.mercury_free.reached}; }
    void set_terms(World& w) const override {
        Policy::MercuryFree& m = w.policy.mercury_free;
        m.subsidy_share = subsidy_share_;
        m.consider_share_monthly = consider_share_;
        m.account = account_index();
    }
    double subsidy_share_, consider_share_;
};

}  // namespace

InterventionKind mercury_free_support_kind() {
    return {kind_name, "subsidises mercury-free processing and sends extension agents to the gold miners it reaches",
            [](ParameterSchema& s) {
                declare_common(s, kind_name, {"miners", "everyone", "informal_miners", "women_headed", "sites"}, 100.0,
                               "assumption: extension agents");
                s.real(intervention_key(kind_name, "subsidy_share"), 0.5, "1", 0.0, 1.0,
                       "Share of the mercury-free equipment's price the programme pays",
                       "scenario choice");
                s.real(intervention_key(kind_name, "consider_share_monthly"), 0.2, "1/month", 0.0, 1.0,
                       "Chance per month that a reached household weighs adopting mercury-free processing",
                       "assumption: extension visits several times a year (the usual rate is technology.adoption_share_monthly)");
            },
            [](const ModelContext& ctx) { return std::make_unique<MercuryFreeSupport>(ctx); }};
}

}  // namespace asmsim
