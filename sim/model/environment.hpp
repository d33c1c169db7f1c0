#pragma once
// Mercury and land (docs/model.md, "Mercury and land"): gold amalgamation uses and releases
// mercury, bought by the household; extraction degrades land, part of it farm land at the site;
// restoration returns degraded land to the site's farms.

#include <array>

#include "model/context.hpp"
#include "model/module.hpp"
#include "model/row_selection.hpp"

namespace asmsim {

class EnvironmentModule final : public Module {
public:
    explicit EnvironmentModule(const ModelContext& ctx);
    std::string_view name() const override { return "environment"; }
    std::string_view summary() const override {
        return "amalgamation releases mercury (bought by miners); extraction degrades land, some of it farm "
               "land; restoration returns land to farms";
    }
    // Pass 0: mercury and degradation per household, then site totals and restoration (end_pass);
    // pass 1: farm land lost and restored, per household, from those site totals.
    int pass_count() const override { return 2; }
    PassKind pass_kind(int) const override { return PassKind::rows; }
    void begin_pass(int pass, World& world, Results& results) override;
    void visit_rows(int pass, World& world, RowRange rows) override;
    void end_pass(int pass, World& world, Results& results) override;

private:
    void restore_by_programme(World& world, Eigen::ArrayXd& restored) const;

    double hg_whole_ore_, hg_concentrate_, mercury_usd_per_g_;
    std::array<double, n_commodities> ha_per_g_{};
    double farm_share_, restoration_ha_per_month_, restoration_usd_per_ha_;
    Eigen::ArrayXd site_degraded_ha_, site_farm_ha_, site_households_;  // per-month scratch
    double mercury_g_ = 0.0;  // released this month
    RowList producers_;       // scratch: the block's households with output
    Eigen::ArrayXd site_keep_, site_gain_ha_;  // per site: share of farm land kept, land restored per household
};

}  // namespace asmsim
