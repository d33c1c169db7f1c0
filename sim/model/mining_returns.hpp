#pragma once
// What a month of mining yields a household, shared by the processes that decide on it
// (labour, formalisation, technology, consumption) and the ones that realise it (production,
// selling), so that expectations and outcomes use the same equations (docs/model.md,
// "Production" and "Selling"). Small and inline: these run inside the household loops.

#include <algorithm>
#include <array>

#include "core/choose.hpp"
#include "core/parameters.hpp"
#include "model/world.hpp"

namespace asmsim {

class MiningReturns {
public:
    explicit MiningReturns(const ParameterSet& params);

    // Effective mining workers of a mining household this season (women weighted by their effort;
    // the injured, those in programme jobs and farm labour removed). Jobs = false when no programme
    // job exists this month (Policy::jobs off, so every job_workers is 0): the column is not read,
    // and x - 0 = x gives the same number.
    template <bool Jobs = true>
    double mining_workers(const Households& h, Eigen::Index i, bool rainy) const {
        double able = h.male_workers[i] + female_effort_ * h.female_workers[i] - h.injured_workers[i];
        if constexpr (Jobs) able -= h.job_workers[i];
        return std::max(0.0, able) * (rainy ? mine_share_rainy_ : mine_share_dry_);
    }
    // The same, averaged over the year's seasons: what decisions look at.
    double mining_workers_year(const Households& h, Eigen::Index i) const {
        const double able =
            h.male_workers[i] + female_effort_ * h.female_workers[i] - h.injured_workers[i] - h.job_workers[i];
        return std::max(0.0, able) * mine_share_year_;
    }
    double days(bool rainy) const { return rainy ? days_rainy_ : days_dry_; }
    double days_year_average() const { return days_year_; }

    // Grams per worker-day at a site of `mineral` with grade (and congestion) `grade`, for an
    // average manual worker using amalgamation.
    double site_g_per_worker_day(int mineral, double grade) const { return output_per_day_[mineral] * grade; }
    // The household's own multiplier: skill, equipment, and for gold the recovery of its processing.
    double household_factor(const Households& h, Eigen::Index i, int mineral) const {
        // Multiplying by 1 where a factor does not apply gives the same number, chosen without a branch.
        const double f = h.skill[i] * choose(h.semi_mechanised[i] != 0, semi_factor_, 1.0);
        return f * choose((mineral == gold_) & (h.processing[i] == mercury_free), 1.0 + mercury_free_gain_, 1.0);
    }

    // Share of the world price received per gram sold, by channel. Formal sales lose the royalty
    // (the household's own rate when a royalty intervention reaches it) and, through a
    // cooperative, the cooperative's levy.
    double usual_royalty_rate() const { return royalty_; }
    double royalty_rate(const World& world, Eigen::Index i) const {
        const Policy::Royalty& r = world.policy.royalty;
        return r.on && r.reached[i] ? r.rate : royalty_;
    }
    double formal_price_share(const World& world, Eigen::Index i, bool cooperative) const {
        const Policy::Royalty& r = world.policy.royalty;
        if (!r.on || !r.reached[i]) return cooperative ? formal_net_coop_ : formal_net_;
        const double net = formal_share_ * (1.0 - r.rate);
        return cooperative ? net * (1.0 - cooperative_levy_) : net;
    }
    // The formal share at the scenario's royalty, whatever the levers (for code paths without them).
    double usual_formal_price_share(bool cooperative) const { return cooperative ? formal_net_coop_ : formal_net_; }
    double informal_price_share(int mineral) const { return informal_share_[mineral]; }
    double tied_price_share(int mineral) const { return tied_share_[mineral]; }
    // Through a government buying programme that reaches the household and may buy from it
    // (royalty withheld); 0 when it cannot sell there.
    double programme_price_share(const World& world, Eigen::Index i) const {
        const Policy::Buying& b = world.policy.buying;
        if (!b.on || !b.reached[i] || (b.requires_licence && world.households.legal_status[i] != licensed)) return 0.0;
        return b.price_share * (1.0 - royalty_rate(world, i));
    }
    // The same, were the household licensed (for the decision to apply).
    double programme_price_share_if_licensed(const World& world, Eigen::Index i) const {
        const Policy::Buying& b = world.policy.buying;
        return b.on && b.reached[i] ? b.price_share * (1.0 - royalty_rate(world, i)) : 0.0;
    }
    // The channel the household sells through now: tied when it owes a trader; else the better of
    // its usual buyer (formal when licensed, informal trader otherwise) and a buying programme.
    double price_share_now(const World& world, Eigen::Index i, int mineral) const {
        const Households& h = world.households;
        if (h.debt_usd(i, trader) > 0.0) return tied_share_[mineral];
        const double usual = h.legal_status[i] == licensed ? formal_price_share(world, i, h.in_cooperative[i] != 0)
                                                           : informal_share_[mineral];
        return std::max(usual, programme_price_share(world, i));
    }

    // Sites' yield of an average manual worker-day this month (output per worker-day x grade x
    // congestion from last month's miners); refreshed at the start of each month.
    void refresh_site_yields(World& world) const;

    // Expected monthly output (grams) of household i at `site`, averaged over seasons.
    double expected_output_g(const World& world, Eigen::Index i, int site) const {
        const int mineral = world.sites.mineral[site];
        return mining_workers_year(world.households, i) * days_year_ * world.sites.g_per_worker_day[site] *
               household_factor(world.households, i, mineral);
    }
    // Expected monthly mining income at `site` selling through `price_share`, before any risk discount.
    double expected_income_usd(const World& world, Eigen::Index i, int site, double price_share) const {
        const int mineral = world.sites.mineral[site];
        return expected_output_g(world, i, site) * world.expected_price_usd_per_g[mineral] * price_share *
               digger_share_;
    }
    // The same through the household's current channel.
    double expected_income_now_usd(const World& world, Eigen::Index i, int site) const {
        return expected_income_usd(world, i, site, price_share_now(world, i, world.sites.mineral[site]));
    }

    double digger_share() const { return digger_share_; }
    double formal_share_before_royalty() const { return formal_share_; }

private:
    static constexpr int gold_ = static_cast<int>(Commodity::gold);
    double days_dry_, days_rainy_, days_year_;
    double mine_share_dry_, mine_share_rainy_, mine_share_year_;  // 1 - farm labour share
    double female_effort_;
    std::array<double, n_commodities> output_per_day_{}, informal_share_{}, tied_share_{};
    double semi_factor_, mercury_free_gain_;
    double digger_share_, formal_share_, royalty_, cooperative_levy_, formal_net_, formal_net_coop_;
};

}  // namespace asmsim
