#pragma once
// Deposits and site capital (docs/model.md, "Deposits, discoveries and site capital"): once a month,
// after production and selling, each site's sponsors invest part of their surplus in equipment when
// mining has paid well for about a year, the equipment depreciates, and it raises the output per
// worker-day and the land disturbed per gram; then prospecting by the site's miners may find a new,
// richer deposit from the area's finite reserve, which renews the site's grade.

#include <algorithm>

#include "model/context.hpp"
#include "model/mining_returns.hpp"
#include "model/module.hpp"

namespace asmsim {

// Sponsors' investment and the site factors it buys (docs/model.md 7.18), shared with
// initialisation, which starts each site's capital where its month-0 investment would keep it.
class CapitalRule {
public:
    explicit CapitalRule(const ParameterSet& p);
    // Diggers' pay per worker relative to the outside wage, from the value of the month's output
    // (world price x informal share) and the site's effective miners.
    double pay_ratio(double value_usd, double workers, double wage_usd) const {
        return workers > 0.0 && wage_usd > 0.0 ? digger_share_ * value_usd / workers / wage_usd : 0.0;
    }
    // I = invest_share x (1 - d) x value x clamp(smoothed pay ratio - 1, 0, 1), USD.
    double investment_usd(double value_usd, double pay_ratio_smoothed) const {
        return invest_share_ * (1.0 - digger_share_) * value_usd * std::clamp(pay_ratio_smoothed - 1.0, 0.0, 1.0);
    }
    // The stock (month-0 USD) a monthly investment sustains against depreciation.
    double steady_stock(double invest_real) const {
        return depreciation_monthly_ > 0.0 ? invest_real / depreciation_monthly_ : 0.0;
    }
    double depreciation_monthly() const { return depreciation_monthly_; }
    // Equipment per worker relative to the reference, with diminishing returns k / (1 + k).
    double saturation(double capital_usd, double workers) const {
        const double per_worker = capital_usd / (usd_per_worker_ref_ * std::max(workers, 1.0));
        return per_worker / (1.0 + per_worker);
    }
    double output_factor(double saturation) const { return 1.0 + output_gain_max_ * saturation; }
    double land_factor(double saturation) const { return 1.0 + land_gain_max_ * saturation; }

private:
    double digger_share_, invest_share_, depreciation_monthly_, usd_per_worker_ref_;
    double output_gain_max_, land_gain_max_;
};

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
    CapitalRule capital_;
    double wage_usd_;                 // outside option per worker-month at month-0 prices
    double smoothing_;
    double discovery_per_worker_month_, grade_sd_log_;
    double reserve_left_;             // undiscovered workable deposits in the area
    Eigen::ArrayXd draws_;            // scratch: two numbers per site and month
    struct Ids {
        int active_sites, discoveries, reserve, mean_grade, mean_grade_worked, miners_cv;
        int capital, investment, capital_per_miner, land_per_miner, output_factor;
    } id_{};
};

}  // namespace asmsim
