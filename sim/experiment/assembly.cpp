#include "experiment/assembly.hpp"

#include "interventions/interventions_module.hpp"
#include "interventions/registry.hpp"
#include "model/schema.hpp"

namespace asmsim {

const ParameterSchema& model_schema() {
    static const ParameterSchema schema = [] {
        ParameterSchema s;
        declare_model_parameters(s);
        // Interventions: each programme declares its own (sim/interventions/), all off by default.
        declare_intervention_parameters(s);
        return s;
    }();
    return schema;
}

PlanSlots intervention_plan_slots() {
    PlanSlots slots;
    slots.levers = [](const ModelContext& ctx, std::vector<std::unique_ptr<Module>>& plan) {
        plan.push_back(std::make_unique<InterventionsModule>(ctx));
    };
    return slots;
}

ModelInputs load_run_inputs(const ParameterSet& params) {
    ModelInputs inputs = load_model_inputs(params);
    inputs.plan_slots = intervention_plan_slots();
    return inputs;
}

}  // namespace asmsim
