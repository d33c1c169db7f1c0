#pragma once
// Technology: mining households buy semi-mechanised equipment, and gold miners switch to
// mercury-free processing, when it pays back within the payback period and they can pay in cash
// or (equipment only) borrow from a formal lender (docs/model.md, "Technology"). Programmes may
// subsidise mercury-free processing and lease equipment (levers of model/policy.hpp).

#include <vector>

#include "core/draws.hpp"
#include "model/context.hpp"
#include "model/lending.hpp"
#include "model/mining_returns.hpp"
#include "model/module.hpp"
#include "model/row_selection.hpp"

namespace asmsim {

class TechnologyModule final : public Module {
public:
    explicit TechnologyModule(const ModelContext& ctx);
    std::string_view name() const override { return "technology"; }
    std::string_view summary() const override {
        return "mining households adopt semi-mechanised equipment and mercury-free processing when it pays "
               "and they can finance it";
    }
    PassKind pass_kind(int) const override { return PassKind::rows; }
    void visit_rows(int, World& world, RowRange rows) override;

private:
    void lease_equipment(World& world, RowRange rows);

    RandomEngine rng_;
    MiningReturns returns_;
    Lending lending_;
    double semi_cost_usd_, semi_factor_, mercury_free_cost_usd_, mercury_free_gain_;
    double payback_months_, adoption_share_;
    double hg_whole_ore_, hg_concentrate_, mercury_usd_per_g_;
    bool amalgamation_;
    std::vector<double> u_;  // scratch: the block's draws, two per household
    RowList considering_;         // scratch: the block's households that consider a purchase
};

}  // namespace asmsim
