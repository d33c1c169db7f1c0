#include "model/site_pay.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "core/draws.hpp"

namespace asmsim {

SitePayModule::SitePayModule(const ModelContext& ctx)
    : rng_(ctx.stream("site_pay")),
      returns_(ctx.params),
      p_(ctx.params),
      female_effort_(ctx.params.real("labour.female_mining_effort")),
      trader_repayment_share_(ctx.params.real("finance.trader_repayment_share")) {
    const std::vector<std::string> labels(role_names.begin() + 1, role_names.end());
    Results& r = ctx.results;
    out_persons_ = r.declare_by("n_workers_by_role", "persons", "people working in mining in each role", "role", labels);
    out_women_share_ = r.declare_by("women_share_by_role", "1", "women's share of the people in each mining role",
                                    "role", labels);
    out_earnings_ = r.declare_by("earnings_usd_per_worker_by_role", "USD/person/month",
                                 "mining pay per person in each role (sponsors: before their costs)", "role", labels);
    out_injuries_ = r.declare_by("new_injuries_by_role", "injuries/month", "injuries among miners in each role", "role",
                                 labels);
    out_costs_ = r.declare("site_costs_usd", "USD/month",
                           "sponsors' and self-financed teams' costs of mining (food, tools, fuel)");
}

inline SitePayModule::Workers SitePayModule::workers(const Households& h, Eigen::Index i, bool rainy) const {
    const double w = returns_.mining_workers(h, i, rainy);
    const double men = h.male_workers[i], women = female_effort_ * h.female_workers[i];
    const double all = men + women;
    if (all <= 0.0) return {0.0, 0.0};
    const double m = w * (men / all);
    return {m, w - m};
}

void SitePayModule::begin_pass(int pass, World& world, Results&) {
    if (pass != 0) return;
    const Eigen::Index n = world.sites.size();
    value_.setZero(n);
    role_w_.setZero(n, n_roles);
    world.tally.site_costs_usd = 0.0;
    world.tally.role_persons.fill(0.0);
    world.tally.role_women.fill(0.0);
    world.tally.role_pay_usd.fill(0.0);
    world.tally.role_injuries.fill(0.0);
}

void SitePayModule::visit_rows(int pass, World& world, RowRange rows) {
    if (pass == 0)
        sum_sites(world, rows);
    else
        pay(world, rows);
}

// Pass 0: each site's pooled value and effective workers per role, in row order.
void SitePayModule::sum_sites(World& world, RowRange rows) {
    Households& h = world.households;
    const Eigen::Index n = rows.end - rows.begin;
    // What selling credited (0 for households that did not sell), kept for the money check.
    h.team_value_usd.segment(rows.begin, n) = h.mining_income_usd.segment(rows.begin, n);
    miners_.select(rows, [&](Eigen::Index i) { return h.is_mining[i] != 0; });
    for (const Eigen::Index i : miners_) {
        const int s = h.site[i];
        const Workers w = workers(h, i, world.rainy);
        value_[s] += h.team_value_usd[i];
        role_w_(s, h.role_male[i]) += w.men;
        role_w_(s, h.role_female[i]) += w.women;
    }
}

void SitePayModule::end_pass(int pass, World& world, Results& results) {
    if (pass == 0) {
        // Per site: the sponsor's costs C = cost per worker-month x workers; with a sponsor, it
        // recovers min(V, C) first and the rest R = V - min(V, C) is split; a team without a sponsor
        // pays its own costs and splits all of V. Pay per worker in role r: share_r R / sum_r' share_r' W_r'.
        const Eigen::Index n = world.sites.size();
        cost_per_worker_ = p_.cost_usd_per_worker_month * world.price_level;
        rate_.setZero(n, n_roles);
        recovery_per_sponsor_w_.setZero(n);
        cost_per_sponsor_w_.setZero(n);
        keep_own_.setZero(n);
        for (Eigen::Index s = 0; s < n; ++s) {
            const double v = value_[s];
            const double all = role_w_.row(s).sum();
            if (all <= 0.0) {
                keep_own_[s] = 1.0;  // nobody left to share with (the team was injured after producing): own value
                continue;
            }
            const double sponsors = role_w_(s, sponsor);
            const double costs = cost_per_worker_ * all;
            double rest = v;
            if (sponsors > 0.0) {
                const double recovered = std::min(v, costs);
                recovery_per_sponsor_w_[s] = recovered / sponsors;
                cost_per_sponsor_w_[s] = costs / sponsors;
                rest = v - recovered;
            }
            double weighted = 0.0;
            for (int r = processor; r < n_roles; ++r) weighted += p_.share[r] * role_w_(s, r);
            for (int r = 0; r < n_roles; ++r)
                rate_(s, r) = weighted > 0.0 ? p_.share[r] * rest / weighted : rest / all;  // no paid role here: equal
        }
        world.sites.role_workers = role_w_;
        return;
    }
    // Pass 1 done: the month's outputs by role.
    const MonthTally& t = world.tally;
    const int m = world.month;
    for (int r = processor; r < n_roles; ++r) {
        const int k = r - 1;
        const double persons = t.role_persons[r];
        results.set(out_persons_ + k, m, persons);
        results.set(out_women_share_ + k, m, persons > 0.0 ? t.role_women[r] / persons : 0.0);
        results.set(out_earnings_ + k, m, persons > 0.0 ? t.role_pay_usd[r] / persons : 0.0);
        results.set(out_injuries_ + k, m, t.role_injuries[r]);
    }
    results.set(out_costs_, m, t.site_costs_usd);
}

// Pass 1: each mining household's pay, costs, trader repayment, and steps down.
void SitePayModule::pay(World& world, RowRange rows) {
    Households& h = world.households;
    MonthTally& t = world.tally;
    // Two uniforms per household and month (who was injured, stepping down), the same whether or not
    // they are used (common random numbers); computed only for the few households that use them.
    miners_.select(rows, [&](Eigen::Index i) { return h.is_mining[i] != 0; });
    for (const Eigen::Index i : miners_) {
        const int s = h.site[i];
        const Workers w = workers(h, i, world.rainy);
        std::int8_t& rm = h.role_male[i];
        std::int8_t& rf = h.role_female[i];
        double pay_men = w.men * rate_(s, rm), pay_women = w.women * rate_(s, rf);
        const double w_sponsor = (rm == sponsor ? w.men : 0.0) + (rf == sponsor ? w.women : 0.0);
        double recovered = 0.0, cost = 0.0;
        if (keep_own_[s] != 0.0) {
            const bool men = h.male_workers[i] > 0;
            pay_men = men ? h.team_value_usd[i] : 0.0;
            pay_women = men ? 0.0 : h.team_value_usd[i];
        } else if (cost_per_sponsor_w_[s] > 0.0) {
            recovered = w_sponsor * recovery_per_sponsor_w_[s];
            cost = w_sponsor * cost_per_sponsor_w_[s];
            (rm == sponsor ? pay_men : pay_women) += recovered;
        } else if (role_w_(s, sponsor) <= 0.0) {
            cost = (w.men + w.women) * cost_per_worker_;  // no sponsor: the team pays its own costs
        }
        const double income = pay_men + pay_women;
        // Trader pre-finance is repaid from the pooled pay (selling repaid from the team's value).
        const double repaid_before = h.debt_service_usd[i];
        const double debt_before = h.debt_usd(i, trader) + repaid_before;
        const double repaid = std::min(debt_before, trader_repayment_share_ * income);
        h.debt_usd(i, trader) = debt_before - repaid;
        h.debt_service_usd[i] = repaid;
        // Savings in a local until the costs are paid: the buyer's stores between could alias the
        // column, so the compiler would store and reload it (same arithmetic either way).
        const double savings = h.savings_usd[i] + ((income - h.team_value_usd[i]) - (repaid - repaid_before));
        // The difference is settled with the site buyer that pre-financed it (model/traders.hpp).
        if (repaid != repaid_before && h.tied_buyer[i] >= 0) {
            world.traders.site.cash_usd[h.tied_buyer[i]] += repaid - repaid_before;
            world.traders.site.prefinance_repaid_usd[h.tied_buyer[i]] += repaid - repaid_before;
        }
        h.mining_income_usd[i] = income;
        // Costs are paid from cash; what cash cannot cover is owed to nobody (suppliers' loss).
        const double paid = std::min(cost, std::max(0.0, savings));
        h.savings_usd[i] = savings - paid;
        h.payments_usd[i] += paid;
        t.site_costs_usd += paid;

        // The month's outputs by role (persons, women, pay, injuries), then steps down.
        t.role_persons[rm] += h.male_workers[i];
        t.role_persons[rf] += h.female_workers[i];
        t.role_women[rf] += h.female_workers[i];
        t.role_pay_usd[rm] += pay_men;
        t.role_pay_usd[rf] += pay_women;
        const int injuries = h.new_injuries[i];
        const bool sponsor_lost = w_sponsor > 0.0 && recovered < cost;
        if (injuries == 0 && !sponsor_lost) continue;
        const RandomBlock draws = rng_.block(static_cast<std::uint64_t>(i), static_cast<std::uint32_t>(world.month), 0);
        const double u_who = uniform_from_word(draws.w[0]), u_down = uniform_from_word(draws.w[1]);
        if (injuries > 0) {
            // The injured group: the women's with the women's share of the household's workers.
            const int all = h.male_workers[i] + h.female_workers[i];
            const bool woman = all > 0 && u_who * all < h.female_workers[i];
            std::int8_t& role = woman ? rf : rm;
            t.role_injuries[role] += injuries;
            if (u_down < p_.injury_demotion && role > processor) {
                role = static_cast<std::int8_t>(role - 1);
                (woman ? h.role_months_female[i] : h.role_months_male[i]) = 0;
            }
        }
        // A sponsor whose site did not cover its costs this month may give up sponsoring.
        if (sponsor_lost && u_down < p_.loss_demotion) {
            if (rm == sponsor) {
                rm = pit_manager;
                h.role_months_male[i] = 0;
            }
            if (rf == sponsor) {
                rf = pit_manager;
                h.role_months_female[i] = 0;
            }
        }
    }
}

}  // namespace asmsim
