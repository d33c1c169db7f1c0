#pragma once
// Choosing to mine (issue 13 point 3; docs/model.md 7.5): the value of a month of mining per effective
// worker, against the outside wage, as a household weighs it. Shared by the monthly decision (labour)
// and by initialisation, which starts each household from the same rule's long-run chance of mining,
// so that month 0 is not an entry or exit wave.
//
// Per effective worker and month, with v the expected team value (7.0) at the site:
//   U = (v - c) + eta v - rho v^2 / C
// c the site costs per worker (sponsors recover them first, 7.19); eta v the hope of a windfall (rich
// finds weighted as people weigh small chances, Tversky & Kahneman 1992); rho v^2 / C the cost of the
// income's risk (Arrow-Pratt), C the household's consumption per worker while mining: v plus its
// buffer spread over the horizon, so that poorer households weigh the same risk more (at most rho v,
// with no buffer). Lump sums
// (entry and moving costs, a financier's debt that falls due on leaving) count 1/H per month.

#include <algorithm>

#include "core/draws.hpp"
#include "core/parameters.hpp"
#include "model/mining_returns.hpp"
#include "model/world.hpp"

namespace asmsim {

class OccupationalChoice {
public:
    explicit OccupationalChoice(const ParameterSet& p);

    // Month-level amounts (nominal USD at price level L).
    struct Month {
        double wage, site_cost, entry_cost, move_cost;  // per worker (wage, site cost) or per household (lump sums)
        double inv_noise;                               // 1 / logit scale (USD per worker-month)
        double review;                                  // chance of reviewing the choice this month
    };
    Month month(double price_level, bool rainy) const {
        return {wage_usd_ * price_level,
                site_cost_usd_ * price_level,
                entry_cost_usd_ * price_level,
                move_cost_usd_ * price_level,
                1.0 / (noise_usd_ * price_level),
                review_share_ * (rainy ? rainy_review_factor_ : 1.0)};
    }

    // A household's buffer (savings and livestock), lump sums and financier's debt per effective worker
    // and month of the horizon (computed once per household, so the site comparisons divide once).
    struct PerWorker {
        double buffer, entry, move, debt;
    };
    PerWorker per_worker(const Month& m, double workers, double buffer_usd, double trader_debt_usd) const {
        const double spread = 1.0 / (horizon_ * workers);
        return {std::max(0.0, buffer_usd) * spread, m.entry_cost * spread, m.move_cost * spread, trader_debt_usd * spread};
    }

    // Value U of mining per effective worker with expected team value v per worker.
    double mining_value(const Month& m, double v, const PerWorker& w) const {
        const double scale = std::max(0.0, v) + w.buffer;
        const double premium = scale > 0.0 ? risk_coefficient_ * v * v / scale : 0.0;
        return (v - m.site_cost) + hope_share_ * v - premium;
    }
    // Logit arguments: a miner stays, and a non-miner enters, with probability 1 / (1 + exp(-x)).
    // Leaving makes a financier's debt fall due; entering costs the entry cost (and moving, when the
    // chosen site is another).
    double stay_argument(const Month& m, double value, const PerWorker& w) const {
        return (value + w.debt - m.wage) * m.inv_noise;
    }
    double enter_argument(const Month& m, double value, const PerWorker& w, bool moving) const {
        return (value - w.entry - (moving ? w.move : 0.0) - m.wage) * m.inv_noise;
    }
    // The lump sum an entrant pays (from cash, as far as its cash goes).
    double entry_payment(const Month& m, bool moving) const { return m.entry_cost + (moving ? m.move_cost : 0.0); }

    double hope_share() const { return hope_share_; }
    double risk_coefficient() const { return risk_coefficient_; }

private:
    double wage_usd_, site_cost_usd_, entry_cost_usd_, move_cost_usd_, noise_usd_;
    double review_share_, rainy_review_factor_, horizon_;
    double hope_share_;        // eta
    double risk_coefficient_;  // rho = gamma kappa / (2 H)
};

// Rejects combinations of the choice's parameters that cannot hold (file, line and key filled in by
// the caller): a monthly review chance above 1 in the rainy season.
void check_choice_parameters(const ParameterSet& p);

// The logistic function, with fast_exp (within 1 ulp of the exact exponential).
inline double logistic(double x) { return 1.0 / (1.0 + fast_exp(-x)); }

}  // namespace asmsim
