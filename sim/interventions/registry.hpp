#pragma once
// The list of interventions asmsim knows: name, one-line summary, parameter declarations and a
// maker. The schema declares every intervention's parameters from this list, and the month's
// "interventions" process builds those whose coverage is above 0.

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/parameters.hpp"
#include "interventions/intervention.hpp"
#include "model/context.hpp"

namespace asmsim {

struct InterventionKind {
    std::string name;     // also the parameter table: interventions.<name>
    std::string summary;  // one line for docs and `asmsim params`
    std::function<void(ParameterSchema&)> declare;
    std::function<std::unique_ptr<Intervention>(const ModelContext&)> make;
};

// Every intervention, in the order in which they act each month.
const std::vector<InterventionKind>& intervention_kinds();

// Declares the parameters of every intervention (called by the model's schema).
void declare_intervention_parameters(ParameterSchema& schema);

}  // namespace asmsim
