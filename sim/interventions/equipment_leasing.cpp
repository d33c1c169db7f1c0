// Equipment leasing (access to finance): mining households it reaches may lease semi-mechanised
// equipment for a monthly fee instead of buying it; the programme pays the lessor a subsidy per
// lease-month. Leases end when the household stops mining or cannot pay, and when the programme
// ends. Lever: Policy::leasing, read by technology (docs/model.md, "Interventions").

#include "interventions/registry.hpp"

namespace asmsim {
namespace {

const std::string kind_name = "equipment_leasing";

class EquipmentLeasing final : public ReachingIntervention {
public:
    explicit EquipmentLeasing(const ModelContext& ctx)
        : ReachingIntervention(ctx, kind_name),
          fee_usd_month_(ctx.params.real(intervention_key(kind_name, "fee_usd_month"))),
          subsidy_usd_month_(ctx.params.real(intervention_key(kind_name, "subsidy_usd_month"))) {}

private:
    LeverRef lever(World& w) const override { return {w.policy.leasing.on, w.policy.leasing.reached}; }
    void set_terms(World& w) const override {
        Policy::Leasing& l = w.policy.leasing;
        l.leasing.setZero(w.households.size());
        l.fee_usd_month = fee_usd_month_;
        l.subsidy_usd_month = subsidy_usd_month_;
        l.account = account_index();
    }
    // When the programme ends, leased equipment goes back.
    void close_levers(World& w) override {
        ReachingIntervention::close_levers(w);
        Households& h = w.households;
        Policy::Leasing& l = w.policy.leasing;
        for (Eigen::Index i = 0; i < h.size(); ++i) {
            if (!l.leasing[i]) continue;
            l.leasing[i] = 0;
            h.semi_mechanised[i] = 0;
        }
    }
    double fee_usd_month_, subsidy_usd_month_;
};

}  // namespace

InterventionKind equipment_leasing_kind() {
    return {kind_name, "leases semi-mechanised equipment to the miners it reaches for a monthly fee",
            [](ParameterSchema& s) {
                declare_common(s, kind_name, {"miners", "everyone", "informal_miners", "women_headed", "sites"}, 100.0,
                               "assumption: a leasing officer and maintenance staff");
                s.real(intervention_key(kind_name, "fee_usd_month"), 20.0, "USD/month", 0.0, 1e6,
                       "Lease paid by the household each month, in prices of month 0",
                       "assumption: the purchase price (technology.semi_mechanised_cost_usd, 600) over 30 months");
                s.real(intervention_key(kind_name, "subsidy_usd_month"), 10.0, "USD/month", 0.0, 1e6,
                       "Programme subsidy to the lessor per lease-month (maintenance, risk), in prices of month 0",
                       "assumption: half the lease again");
            },
            [](const ModelContext& ctx) { return std::make_unique<EquipmentLeasing>(ctx); }};
}

}  // namespace asmsim
