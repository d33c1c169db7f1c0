#pragma once
// Migration between sites (docs/model.md, "Migration between sites"): a household that already
// mines hears of a few other sites each month; when the best of them would raise its expected
// mining income by enough to repay the cost of moving within a payback period, and it has the cash,
// it moves there. Only a share of those for whom moving pays act in a month (information and
// decision lags), so rushes build up and sites empty over months. Entry into and exit from mining,
// and the site chosen on entry, are the labour module's.

#include <vector>

#include "model/context.hpp"
#include "model/mining_returns.hpp"
#include "model/module.hpp"
#include "model/row_selection.hpp"

namespace asmsim {

class MigrationModule final : public Module {
public:
    explicit MigrationModule(const ModelContext& ctx);
    std::string_view name() const override { return "migration"; }
    std::string_view summary() const override {
        return "mining households move to a richer site when the gain repays the cost of moving, with a lag";
    }
    PassKind pass_kind(int) const override { return PassKind::rows; }
    void begin_pass(int, World& world, Results& results) override;
    void visit_rows(int, World& world, RowRange rows) override;
    void end_pass(int, World& world, Results& results) override;

private:
    RandomEngine rng_;
    MiningReturns returns_;
    double move_share_, cost_usd_, payback_months_;
    int site_samples_;
    std::vector<double> draws_;  // scratch: the block's uniforms
    RowList movers_;             // scratch: the block's households that may move this month
    int moves_ = 0;
    double cost_paid_ = 0.0;
    int id_migrants_ = -1, id_cost_ = -1;
};

}  // namespace asmsim
