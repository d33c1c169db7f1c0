#pragma once
// The month's "interventions" process: the programmes of the scenario (those with coverage above 0,
// in the order of the registry) pay their overheads and set this month's levers, before households
// decide anything (docs/model.md, "Interventions"). It also declares the programme-cost outputs;
// the costs themselves accrue during the month and are recorded by monthly_outputs.

#include <memory>
#include <vector>

#include "interventions/intervention.hpp"
#include "model/module.hpp"

namespace asmsim {

class InterventionsModule final : public WholeModule {
public:
    explicit InterventionsModule(const ModelContext& ctx);
    std::string_view name() const override { return "interventions"; }
    std::string_view summary() const override {
        return "programmes that run this month pay their overheads and set the levers the processes read "
               "(whom they reach, on what terms)";
    }
    void step(World& world, Results& results) override;

private:
    std::vector<std::unique_ptr<Intervention>> programmes_;
    std::vector<int> cost_outputs_;  // programme_cost_<name>_usd of every known programme
    bool opened_ = false;
};

// Checks the intervention parameters that depend on others (listed sites exist, a site target
// lists sites); throws InputError naming the key.
void check_intervention_parameters(const ParameterSet& params);

}  // namespace asmsim
