// Technical assistance: productivity and safety training for the mining households it reaches.
// Each month a share of the reached households not yet trained are trained, at a cost per
// household: their skill rises by `skill_gain` and their injury rates are multiplied by
// `injury_factor` (lever Policy::safety, read by safety). Training lasts after the programme
// ends (docs/model.md, "Interventions").

#include "core/draws.hpp"
#include "interventions/registry.hpp"

namespace asmsim {
namespace {

const std::string kind_name = "technical_assistance";

class TechnicalAssistance final : public Intervention {
public:
    explicit TechnicalAssistance(const ModelContext& ctx)
        : Intervention(ctx, kind_name),
          uptake_share_monthly_(ctx.params.real(intervention_key(kind_name, "uptake_share_monthly"))),
          skill_gain_(ctx.params.real(intervention_key(kind_name, "skill_gain"))),
          injury_factor_(ctx.params.real(intervention_key(kind_name, "injury_factor"))),
          usd_per_trainee_(ctx.params.real(intervention_key(kind_name, "usd_per_household"))) {}

private:
    void open_levers(World& world) override {
        Policy::Safety& safety = world.policy.safety;
        safety.trained.setZero(world.households.size());
        safety.injury_factor = injury_factor_;
        safety.on = true;  // the trained stay trained, so the lever stays on
    }
    void close_levers(World&) override {}
    void apply_levers(World& world) override {
        Households& h = world.households;
        ArrayXflag& trained = world.policy.safety.trained;
        ProgrammeAccount& programme = account(world);
        const double cost = usd_per_trainee_ * world.price_level;
        for (Eigen::Index i = 0; i < h.size(); ++i) {
            const double u = monthly_uniform(i, world.month);  // every household, every month
            if (trained[i] || u >= uptake_share_monthly_ || !reaches(world, i)) continue;
            if (!programme.try_spend(cost)) continue;
            trained[i] = 1;
            h.skill[i] *= 1.0 + skill_gain_;
        }
    }
    double uptake_share_monthly_, skill_gain_, injury_factor_, usd_per_trainee_;
};

}  // namespace

InterventionKind technical_assistance_kind() {
    return {kind_name, "trains the mining households it reaches in productive and safe mining",
            [](ParameterSchema& s) {
                declare_common(s, kind_name, {"miners", "everyone", "informal_miners", "women_headed", "sites"}, 0.0,
                               "assumption: the cost per household covers the trainers");
                s.real(intervention_key(kind_name, "uptake_share_monthly"), 0.1, "1/month", 0.0, 1.0,
                       "Chance per month that a reached household not yet trained is trained",
                       "assumption: a training round reaches its target group in about a year");
                s.real(intervention_key(kind_name, "skill_gain"), 0.1, "1", 0.0, 2.0,
                       "Relative rise in mining productivity (skill) after training",
                       "assumption: modest gains from better pit layout and processing");
                s.real(intervention_key(kind_name, "injury_factor"), 0.7, "1", 0.0, 1.0,
                       "Injury rates of trained households relative to the untrained",
                       "assumption: training and protective equipment avert about a third of injuries");
                s.real(intervention_key(kind_name, "usd_per_household"), 80.0, "USD", 0.0, 1e6,
                       "Programme cost of training one household (a few days, protective equipment), in prices of month 0",
                       "assumption");
            },
            [](const ModelContext& ctx) { return std::make_unique<TechnicalAssistance>(ctx); }};
}

}  // namespace asmsim
