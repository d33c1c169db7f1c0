#pragma once
// Slots in the month plan for modules that layers above sim/model supply (issue 13, point 6).
// sim/model includes nothing from sim/interventions (tests/check_layering.cmake fails otherwise):
// the interventions plug in from outside, through the Module interface, at a place in the month
// that model/month_plan.cpp fixes. The experiment layer fills the slots (experiment/assembly.cpp);
// an empty slot adds nothing, and the month is then the model's own processes alone.

#include <functional>
#include <memory>
#include <vector>

namespace asmsim {

class Module;
struct ModelContext;

struct PlanSlots {
    // Appends the slot's modules, built from the run's context, to the month plan.
    using Maker = std::function<void(const ModelContext&, std::vector<std::unique_ptr<Module>>&)>;

    // After price expectations, before any household decides (labour, formalisation, ...):
    // programmes pay their overheads and set this month's policy levers (model/policy.hpp).
    Maker levers;
};

}  // namespace asmsim
