#pragma once

#include "core/parameters.hpp"

namespace asmsim {

// The one registry of every parameter of the asmsim model (declared in model/schema.cpp).
const ParameterSchema& model_schema();

}  // namespace asmsim
