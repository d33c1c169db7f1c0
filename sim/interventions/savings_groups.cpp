// Savings-group promotion (women's financial inclusion): facilitators set up village savings and
// loan associations where the programme acts; each month a share of the reached households that
// are not members join, and the programme pays a one-off cost per member trained. Members then save,
// borrow and share out as every member does (process "finance"). Membership lasts after the
// programme ends (docs/model.md, "Interventions").

#include "core/draws.hpp"
#include "interventions/registry.hpp"

namespace asmsim {
namespace {

const std::string kind_name = "savings_groups";

class SavingsGroups final : public Intervention {
public:
    explicit SavingsGroups(const ModelContext& ctx)
        : Intervention(ctx, kind_name),
          join_share_monthly_(ctx.params.real(intervention_key(kind_name, "join_share_monthly"))),
          usd_per_member_(ctx.params.real(intervention_key(kind_name, "usd_per_member"))) {}

private:
    void open_levers(World&) override {}
    void close_levers(World&) override {}
    void apply_levers(World& world) override {
        Households& h = world.households;
        ProgrammeAccount& programme = account(world);
        const double cost = usd_per_member_ * world.price_level;
        for (Eigen::Index i = 0; i < h.size(); ++i) {
            const double u = monthly_uniform(i, world.month);  // every household, every month
            if (h.vsla_member[i] || u >= join_share_monthly_ || !reaches(world, i)) continue;
            if (!programme.try_spend(cost)) continue;
            h.vsla_member[i] = 1;
        }
    }
    double join_share_monthly_, usd_per_member_;
};

}  // namespace

InterventionKind savings_groups_kind() {
    return {kind_name, "sets up savings groups and enrols the households it reaches, women-headed ones by default",
            [](ParameterSchema& s) {
                declare_common(s, kind_name, {"women_headed", "everyone", "miners", "informal_miners", "sites"}, 0.0,
                               "assumption: the cost per member covers the facilitators");
                s.real(intervention_key(kind_name, "join_share_monthly"), 0.1, "1/month", 0.0, 1.0,
                       "Chance per month that a reached household that is not a member joins",
                       "assumption: groups are set up over about a year");
                s.real(intervention_key(kind_name, "usd_per_member"), 30.0, "USD", 0.0, 1e6,
                       "Programme cost per member enrolled (facilitation and training), in prices of month 0",
                       "assumption: tens of USD per member, the order of magnitude reported for facilitated savings groups");
            },
            [](const ModelContext& ctx) { return std::make_unique<SavingsGroups>(ctx); }};
}

}  // namespace asmsim
