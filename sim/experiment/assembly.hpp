#pragma once
// The model as the commands and tests run it: sim/model's processes and parameters with the
// interventions (sim/interventions) plugged in from here. sim/model knows nothing of the
// interventions; this layer adds their parameters to the schema and their module to the month
// plan's `levers` slot (model/plan_slots.hpp, model/month_plan.cpp).

#include "core/parameters.hpp"
#include "model/inputs.hpp"

namespace asmsim {

// Every parameter a scenario may set: the model's (model/schema.cpp), then every intervention's
// (interventions/registry.cpp), in that order.
const ParameterSchema& model_schema();

// The plan slots that plug the interventions into the month: the interventions module, whose
// programmes set this month's levers, at the `levers` slot.
PlanSlots intervention_plan_slots();

// load_model_inputs with the interventions plugged in: what every run of a scenario is given.
ModelInputs load_run_inputs(const ParameterSet& params);

}  // namespace asmsim
