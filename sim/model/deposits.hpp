#pragma once
// Deposits and site capital (docs/model.md, "Deposits, discoveries and site capital"): once a month,
// after production and selling, each site's sponsors invest part of their surplus in equipment when
// mining has paid well for about a year, the equipment depreciates, and it raises the output per
// worker-day and the land disturbed per gram; then prospecting by the site's miners may find a new,
// richer deposit from the area's finite reserve, which renews the site's grade.

#include "model/context.hpp"
#include "model/mining_returns.hpp"
#include "model/module.hpp"

namespace asmsim {

class DepositsModule final : public WholeModule {
public:
    explicit DepositsModule(const ModelContext& ctx);
    std::string_view name() const override { return "deposits"; }
    std::string_view summary() const override {
        return "site capital: investment out of sponsors' surplus after good returns, depreciation; "
               "discoveries of new deposits by prospecting miners from a finite reserve";
    }
    void step(World& world, Results& results) override;

private:
    void invest(World& world, const Eigen::ArrayXd& extracted_g);
    void discover(World& world);

    RandomEngine rng_;
    MiningReturns returns_;
    double wage_usd_;                 // outside option per worker-month at month-0 prices
    double invest_share_, depreciation_monthly_, smoothing_, usd_per_worker_ref_;
    double output_gain_max_, land_gain_max_;
    double discovery_per_worker_month_, grade_sd_log_;
    double reserve_left_;             // undiscovered workable deposits in the area
    Eigen::ArrayXd draws_;            // scratch: two numbers per site and month
    struct Ids {
        int active_sites, discoveries, reserve, mean_grade, mean_grade_worked, miners_cv;
        int capital, investment, capital_per_miner, land_per_miner, output_factor;
    } id_{};
};

}  // namespace asmsim
