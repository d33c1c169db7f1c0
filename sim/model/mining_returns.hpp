#pragma once
// What a month of mining yields a household, shared by the processes that decide on it
// (labour, formalisation, technology) and the ones that realise it (production, selling), so
// that expectations and outcomes use the same equations (docs/model.md, "Production" and "Selling").

#include <array>

#include "core/parameters.hpp"
#include "model/world.hpp"

namespace asmsim {

class MiningReturns {
public:
    explicit MiningReturns(const ParameterSet& params);

    // Effective mining workers of a mining household this season (women weighted by their effort,
    // injured and farm labour removed).
    double mining_workers(const Households& h, Eigen::Index i, bool rainy) const;
    // The same, averaged over the year's seasons: what decisions look at.
    double mining_workers_year(const Households& h, Eigen::Index i) const;
    double days(bool rainy) const { return rainy ? days_rainy_ : days_dry_; }
    double days_year_average() const { return days_year_; }

    // Grams per effective worker-day before luck; `grade` includes the site's congestion.
    double output_g_per_worker_day(int mineral, int semi_mechanised, int processing, double skill, double grade) const;

    // Share of the world price received per gram sold, by channel.
    double formal_price_share(bool cooperative) const;  // after royalty and levy
    double informal_price_share(int mineral) const { return informal_share_[mineral]; }
    double tied_price_share(int mineral) const { return informal_share_[mineral] * (1.0 - tied_discount_); }
    // The channel the household sells through now: tied when it owes a trader, else formal when licensed.
    double price_share_now(const Households& h, Eigen::Index i, int mineral) const;

    // Expected monthly output (grams) of the household at `site`, averaged over seasons, at the
    // site's grade and last month's congestion.
    double expected_output_g(const World& world, Eigen::Index i, int site) const;
    // Expected monthly mining income of the household at `site`, at the expected price, averaged
    // over seasons, selling through `price_share`; before any risk discount.
    double expected_income_usd(const World& world, Eigen::Index i, int site, double price_share) const;

    double digger_share() const { return digger_share_; }
    double royalty_rate() const { return royalty_; }
    double formal_share_before_royalty() const { return formal_share_; }
    double cooperative_levy() const { return levy_; }

private:
    double days_dry_, days_rainy_, days_year_;
    double rainy_fraction_;
    double farm_share_dry_, farm_share_rainy_;
    double female_effort_;
    std::array<double, n_commodities> output_per_day_{};
    std::array<double, n_commodities> informal_share_{};
    double semi_factor_, mercury_free_gain_;
    double digger_share_, formal_share_, royalty_, levy_, tied_discount_;
};

}  // namespace asmsim
