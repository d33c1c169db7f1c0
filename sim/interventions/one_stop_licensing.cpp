// One-stop licensing: the households it reaches file their application at a one-stop shop that
// licenses them after `processing_months`, outside the ordinary queue; the programme pays per
// licence processed. Lever: Policy::one_stop, read by formalisation (docs/model.md, "Interventions").

#include "interventions/registry.hpp"

namespace asmsim {
namespace {

const std::string kind_name = "one_stop_licensing";

class OneStopLicensing final : public ReachingIntervention {
public:
    explicit OneStopLicensing(const ModelContext& ctx)
        : ReachingIntervention(ctx, kind_name),
          processing_months_(static_cast<int>(ctx.params.integer(intervention_key(kind_name, "processing_months")))),
          usd_per_licence_(ctx.params.real(intervention_key(kind_name, "usd_per_licence"))) {}

private:
    LeverRef lever(World& w) const override { return {w.policy.one_stop.on, w.policy.one_stop.reached}; }
    void set_terms(World& w) const override {
        w.policy.one_stop.processing_months = processing_months_;
        w.policy.one_stop.usd_per_licence = usd_per_licence_;
        w.policy.one_stop.account = account_index();
    }
    int processing_months_;
    double usd_per_licence_;
};

}  // namespace

InterventionKind one_stop_licensing_kind() {
    return {kind_name, "licenses the applicants it reaches within a fixed, short time, outside the queue",
            [](ParameterSchema& s) {
                declare_common(s, kind_name, {"informal_miners", "miners", "everyone", "women_headed", "sites"}, 300.0,
                               "assumption: a small office (two staff) per 1000 households", 1.0);
                s.integer(intervention_key(kind_name, "processing_months"), 1, "months", 0, 60,
                          "Months from application to licence at the one-stop shop",
                          "assumption: no reliable processing times found (domain facts); one month");
                s.real(intervention_key(kind_name, "usd_per_licence"), 20.0, "USD", 0.0, 1e6,
                       "Programme cost of processing one application, in prices of month 0",
                       "assumption: a day of an officer's time and a site visit");
            },
            [](const ModelContext& ctx) { return std::make_unique<OneStopLicensing>(ctx); }};
}

}  // namespace asmsim
