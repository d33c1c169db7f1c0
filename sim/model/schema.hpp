#pragma once

#include "core/parameters.hpp"

namespace asmsim {

// Declares every parameter of the model's own processes (model/schema.cpp), in documentation
// order. The schema that scenarios are checked against, model_schema(), adds the interventions'
// parameters after these; it is assembled above sim/model (experiment/assembly.hpp).
void declare_model_parameters(ParameterSchema& schema);

}  // namespace asmsim
