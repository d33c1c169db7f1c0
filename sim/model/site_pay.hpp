#pragma once
// Pay on a site (docs/model.md, "Sites as hierarchies"). Selling has credited each mining
// household with what its team's output fetched; site pay pools that by site, lets the sponsor
// recover its costs (food, tools, fuel: a cost per worker-month) first, and splits the rest by role
// shares weighted by the effective workers in each role. Then injuries and sponsors' losses move
// groups one role down. Two passes: sum per site, then pay each household.
//
// Money: the site's households receive exactly what the site's sales brought in (mining income);
// the costs are payments to outside suppliers. Trader pre-finance is repaid from the pooled pay.

#include <array>
#include <vector>

#include "model/context.hpp"
#include "model/mining_returns.hpp"
#include "model/module.hpp"
#include "model/roles.hpp"
#include "model/row_selection.hpp"

namespace asmsim {

class SitePayModule final : public Module {
public:
    explicit SitePayModule(const ModelContext& ctx);
    std::string_view name() const override { return "site_pay"; }
    std::string_view summary() const override {
        return "pool each site's sales, sponsor recovers costs, split the rest by role shares and headcount; "
               "injuries and losses move groups one role down";
    }
    int pass_count() const override { return 2; }
    PassKind pass_kind(int) const override { return PassKind::rows; }
    void begin_pass(int pass, World& world, Results& results) override;
    void visit_rows(int pass, World& world, RowRange rows) override;
    void end_pass(int pass, World& world, Results& results) override;

private:
    // The household's effective workers (as production counts them), split between its men and women.
    struct Workers {
        double men, women;
    };
    // Inlined into both passes' loops over miners (as a call per miner and pass, it held about 4% of
    // a run's perf samples).
    [[gnu::always_inline]] inline Workers workers(const Households& h, Eigen::Index i, bool rainy) const;
    void sum_sites(World& world, RowRange rows);
    void pay(World& world, RowRange rows);

    RandomEngine rng_;
    MiningReturns returns_;
    RoleParameters p_;
    double female_effort_, trader_repayment_share_;
    RowList miners_;           // scratch: the block's mining households
    // Per site, this month: pooled value, effective workers per role; then the pay per worker in each
    // role, sponsors' recovery and cost per sponsor worker, the cost per worker of self-financed teams.
    Eigen::ArrayXd value_;
    Eigen::Array<double, Eigen::Dynamic, n_roles> role_w_, rate_;
    Eigen::ArrayXd recovery_per_sponsor_w_, cost_per_sponsor_w_, keep_own_;
    double cost_per_worker_ = 0;
    // Outputs: first column of each role-dimensioned output, and the scalar cost.
    int out_persons_ = -1, out_women_share_ = -1, out_earnings_ = -1, out_injuries_ = -1, out_costs_ = -1;
};

}  // namespace asmsim
