#pragma once
// Mercury and land (docs/model.md, "Mercury and land"): gold amalgamation uses and releases
// mercury, bought by the household; extraction degrades land, part of it farm land at the site;
// restoration returns degraded land to the site's farms.

#include <array>

#include "model/context.hpp"
#include "model/module.hpp"

namespace asmsim {

class EnvironmentModule final : public Module {
public:
    explicit EnvironmentModule(const ModelContext& ctx);
    std::string_view name() const override { return "environment"; }
    std::string_view summary() const override {
        return "amalgamation releases mercury (bought by miners); extraction degrades land, some of it farm "
               "land; restoration returns land to farms";
    }
    void step(World& world, Results& results) override;

private:
    void restore_by_programme(World& world, Eigen::ArrayXd& restored) const;

    double hg_whole_ore_, hg_concentrate_, mercury_usd_per_g_;
    std::array<double, n_commodities> ha_per_g_{};
    double farm_share_, restoration_ha_per_month_, restoration_usd_per_ha_;
    Eigen::ArrayXd site_degraded_ha_, site_farm_ha_, site_households_;  // per-month scratch
    Eigen::ArrayXd site_keep_, site_gain_ha_;  // per site: share of farm land kept, land restored per household
};

}  // namespace asmsim
