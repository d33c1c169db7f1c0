#pragma once
// Mining output (docs/model.md, "Production"):
// grams = effective workers x days x site yield per worker-day (grade, crowding) x household factor
// (skill, equipment, recovery) x luck (with, rarely, a rich find). Extraction depletes the site's ore grade; this month's
// miners set next month's crowding.

#include <vector>

#include "model/context.hpp"
#include "model/mining_returns.hpp"
#include "model/module.hpp"
#include "model/row_selection.hpp"

namespace asmsim {

class ProductionModule final : public Module {
public:
    explicit ProductionModule(const ModelContext& ctx);
    std::string_view name() const override { return "production"; }
    std::string_view summary() const override {
        return "mining households produce (workers x days x output per worker-day x technology x skill x ore "
               "grade x luck); sites deplete";
    }
    PassKind pass_kind(int) const override { return PassKind::rows; }
    void begin_pass(int, World& world, Results& results) override;
    void visit_rows(int, World& world, RowRange rows) override;
    void end_pass(int, World& world, Results& results) override;  // this month's miners: next month's crowding

private:
    RandomEngine rng_;
    RandomEngine rich_rng_;  // rich finds (docs/model.md, "Sites as hierarchies")
    MiningReturns returns_;
    double luck_sd_log_;
    double rich_probability_, rich_factor_, usual_factor_;  // rich find: chance, multiplier; other months' factor
    std::vector<double> rich_;  // scratch: the block's rich-find draws
    Eigen::ArrayXd miners_now_;  // scratch: this month's effective miners per site
    std::vector<double> luck_;   // scratch: the block's luck factors
    RowList miners_;             // scratch: the block's mining households
};

}  // namespace asmsim
