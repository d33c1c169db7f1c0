// Licence fee subsidy or waiver: the programme pays `subsidy_share` of the licence fee (issue and
// renewal) of the households it reaches; 1 waives the fee. Lever: Policy::fee_subsidy, read by
// formalisation (docs/model.md, "Interventions").

#include "interventions/registry.hpp"

namespace asmsim {
namespace {

const std::string kind_name = "licence_fee_subsidy";

class LicenceFeeSubsidy final : public ReachingIntervention {
public:
    explicit LicenceFeeSubsidy(const ModelContext& ctx)
        : ReachingIntervention(ctx, kind_name), share_(ctx.params.real(intervention_key(kind_name, "subsidy_share"))) {}

private:
    LeverRef lever(World& w) const override { return {w.policy.fee_subsidy.on, w.policy.fee_subsidy.reached}; }
    void set_terms(World& w) const override {
        w.policy.fee_subsidy.share = share_;
        w.policy.fee_subsidy.account = account_index();
    }
    double share_;
};

}  // namespace

InterventionKind licence_fee_subsidy_kind() {
    return {kind_name, "pays part or all of the licence fee of the households it reaches",
            [](ParameterSchema& s) {
                declare_common(s, kind_name, {"informal_miners", "miners", "everyone", "women_headed", "sites"}, 0.0,
                               "assumption: the subsidy is paid through the existing licensing office", 1.0);
                s.real(intervention_key(kind_name, "subsidy_share"), 1.0, "1", 0.0, 1.0,
                       "Share of the licence fee the programme pays (1: the fee is waived)",
                       "scenario choice: a waiver, as in fee-waiver proposals for ASM licences");
            },
            [](const ModelContext& ctx) { return std::make_unique<LicenceFeeSubsidy>(ctx); }};
}

}  // namespace asmsim
