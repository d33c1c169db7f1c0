#pragma once
// Technology: mining households buy semi-mechanised equipment, and gold miners switch to
// mercury-free processing, when it pays back within the payback period and they can pay in cash
// or (equipment only) borrow from a formal lender (docs/model.md, "Technology"). Programmes may
// subsidise mercury-free processing and lease equipment (levers of model/policy.hpp).

#include "model/context.hpp"
#include "model/lending.hpp"
#include "model/mining_returns.hpp"
#include "model/module.hpp"

namespace asmsim {

class TechnologyModule final : public Module {
public:
    explicit TechnologyModule(const ModelContext& ctx);
    std::string_view name() const override { return "technology"; }
    std::string_view summary() const override {
        return "mining households adopt semi-mechanised equipment and mercury-free processing when it pays "
               "and they can finance it";
    }
    void step(World& world, Results& results) override;

private:
    void lease_equipment(World& world);

    RandomEngine rng_;
    MiningReturns returns_;
    Lending lending_;
    double semi_cost_usd_, semi_factor_, mercury_free_cost_usd_, mercury_free_gain_;
    double payback_months_, adoption_share_;
    double hg_whole_ore_, hg_concentrate_, mercury_usd_per_g_;
    bool amalgamation_;
};

}  // namespace asmsim
