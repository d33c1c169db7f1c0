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

    // Share of the world price received per gram sold, by channel. Prices are set by the buyers
    // (model/traders.hpp): the posted offers of the household's site this month (world.traders),
    // or, where no world is at hand, those of normal times (no buyer short of cash). Formal sales
    // lose the royalty (the household's own rate when a royalty intervention reaches it) and,
    // through a cooperative, the cooperative's levy.
    double usual_royalty_rate() const { return royalty_; }
    double royalty_rate(const World& world, Eigen::Index i) const {
        const Policy::Royalty& r = world.policy.royalty;
        return r.on && r.reached[i] ? r.rate : royalty_;
    }
    double formal_price_share(const World& world, Eigen::Index i, bool cooperative) const {
        const double net = std::max(0.0, world.traders.formal_offer[world.households.site[i]] - royalty_rate(world, i));
        return cooperative ? net * (1.0 - cooperative_levy_) : net;
    }
    // The formal share in normal times at the scenario's royalty, whatever the levers.
    double usual_formal_price_share(bool cooperative) const { return cooperative ? formal_net_coop_ : formal_net_; }
    // Informal traders' and a tied financier's offers in normal times.
    double informal_price_share(int mineral) const { return informal_share_[mineral]; }
    double tied_price_share(int mineral) const { return tied_share_[mineral]; }
    // This month's posted offers at household i's site.
    double informal_price_share_now(const World& world, Eigen::Index i) const {
        const Traders& t = world.traders;
        const int s = world.households.site[i];
        return world.households.legal_status[i] == licensed ? t.informal_offer_licensed[s] - licensed_informal_penalty_
                                                            : t.informal_offer[s];
    }
    // Posted informal offer to an unlicensed household at `site` (what a licence would replace).
    double unlicensed_price_share_now(const World& world, int site) const { return world.traders.informal_offer[site]; }
    // Best offer to a licensed household at its site: formal buyers (royalty, a cooperative's levy) or
    // informal ones net of the expected seizure where selling informally breaks the licence.
    double licensed_price_share_now(const World& world, Eigen::Index i, bool cooperative) const {
        return std::max(formal_price_share(world, i, cooperative),
                        world.traders.informal_offer_licensed[world.households.site[i]] - licensed_informal_penalty_);
    }
    double tied_price_share_now(const World& world, Eigen::Index i) const {
        return world.traders.informal_offer[world.households.site[i]] * (1.0 - tied_discount_);
    }
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
    // The channel the household sells through now: tied when it owes a trader; else the best of
    // its site's informal buyers, formal buyers when licensed, and a buying programme.
    double price_share_now(const World& world, Eigen::Index i, int /*mineral*/) const {
        const Households& h = world.households;
        if (h.debt_usd(i, trader) > 0.0) return tied_price_share_now(world, i);
        double usual = informal_price_share_now(world, i);
        if (h.legal_status[i] == licensed) usual = std::max(usual, formal_price_share(world, i, h.in_cooperative[i] != 0));
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
    double cooperative_levy() const { return cooperative_levy_; }

private:
    static constexpr int gold_ = static_cast<int>(Commodity::gold);
    double days_dry_, days_rainy_, days_year_;
    double mine_share_dry_, mine_share_rainy_, mine_share_year_;  // 1 - farm labour share
    double female_effort_;
    std::array<double, n_commodities> output_per_day_{}, informal_share_{}, tied_share_{};
    double semi_factor_, mercury_free_gain_;
    double digger_share_, royalty_, cooperative_levy_, formal_net_, formal_net_coop_, tied_discount_;
    double licensed_informal_penalty_;  // expected seizure share a licensed seller weighs against informal buyers
};

}  // namespace asmsim
