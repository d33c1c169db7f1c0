// Land restoration: the programme restores degraded land at the sites it reaches, `ha_per_month`
// (per 1000 households) in all, shared among those sites in proportion to their degraded land, at a
// cost per hectare. Restored land goes back to the site's households as farm land (process
// "environment"). Lever: Policy::restoration (docs/model.md, "Interventions").

#include "interventions/registry.hpp"

namespace asmsim {
namespace {

const std::string kind_name = "land_restoration";

class LandRestoration final : public Intervention {
public:
    explicit LandRestoration(const ModelContext& ctx)
        : Intervention(ctx, kind_name),
          ha_per_month_(ctx.params.real(intervention_key(kind_name, "ha_per_month_per_1000_households")) *
                        static_cast<double>(ctx.params.integer("simulation.households")) / 1000.0),
          usd_per_ha_(ctx.params.real(intervention_key(kind_name, "usd_per_ha"))) {}

private:
    void open_levers(World& world) override {
        Policy::Restoration& r = world.policy.restoration;
        r.ha_this_month.setZero(world.sites.size());
        r.usd_per_ha = usd_per_ha_;
        r.account = account_index();
    }
    void close_levers(World& world) override { world.policy.restoration.on = false; }
    void apply_levers(World& world) override {
        Policy::Restoration& r = world.policy.restoration;
        const Sites& sites = world.sites;
        double degraded = 0.0;
        for (Eigen::Index s = 0; s < sites.size(); ++s)
            if (reaches_site(s)) degraded += sites.land_degraded_ha[s];
        for (Eigen::Index s = 0; s < sites.size(); ++s)
            r.ha_this_month[s] = reaches_site(s) && degraded > 0.0
                                     ? std::min(sites.land_degraded_ha[s], ha_per_month_ * sites.land_degraded_ha[s] / degraded)
                                     : 0.0;
        r.on = true;
    }
    double ha_per_month_, usd_per_ha_;
};

}  // namespace

InterventionKind land_restoration_kind() {
    return {kind_name, "restores degraded land at the sites it reaches and returns it to farming",
            [](ParameterSchema& s) {
                declare_common(s, kind_name, {"everyone", "sites"}, 100.0, "assumption: a site team");
                s.real(intervention_key(kind_name, "ha_per_month_per_1000_households"), 0.5, "ha/month", 0.0, 1e6,
                       "Hectares restored per month, per 1000 simulated households",
                       "assumption: about the land the baseline degrades each month (land_degraded_ha)");
                s.real(intervention_key(kind_name, "usd_per_ha"), 1500.0, "USD/ha", 0.0, 1e7,
                       "Cost of restoring a hectare, in prices of month 0",
                       "assumption: as environment.restoration_usd_per_ha");
            },
            [](const ModelContext& ctx) { return std::make_unique<LandRestoration>(ctx); }};
}

}  // namespace asmsim
