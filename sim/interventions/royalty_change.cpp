// Royalty change: licensed households it reaches pay `royalty_rate` instead of the usual rate on the
// value of their formal sales. It costs the programme nothing; the treasury's loss or gain shows in
// fiscal revenue. Lever: Policy::royalty, read by selling and by every expectation of formal income
// (docs/model.md, "Interventions").

#include "interventions/registry.hpp"

namespace asmsim {
namespace {

const std::string kind_name = "royalty_change";

class RoyaltyChange final : public ReachingIntervention {
public:
    explicit RoyaltyChange(const ModelContext& ctx)
        : ReachingIntervention(ctx, kind_name), rate_(ctx.params.real(intervention_key(kind_name, "royalty_rate"))) {}

private:
    LeverRef lever(World& w) const override { return {w.policy.royalty.on, w.policy.royalty.reached}; }
    void set_terms(World& w) const override { w.policy.royalty.rate = rate_; }
    double rate_;
};

}  // namespace

InterventionKind royalty_change_kind() {
    return {kind_name, "sets a different royalty rate on the formal sales of the households it reaches",
            [](ParameterSchema& s) {
                declare_common(s, kind_name, {"everyone", "miners", "informal_miners", "women_headed", "sites"}, 0.0,
                               "assumption: collected by the existing buyers", 1.0);
                s.real(intervention_key(kind_name, "royalty_rate"), 0.015, "1", 0.0, 0.5,
                       "Royalty on the value of formal sales of reached households",
                       "scenario choice: half the default rate (selling.royalty_rate)");
            },
            [](const ModelContext& ctx) { return std::make_unique<RoyaltyChange>(ctx); }};
}

}  // namespace asmsim
