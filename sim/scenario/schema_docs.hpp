#pragma once
// Renderings of the parameter schema: the terminal table of `asmsim params`, docs/parameters.md
// and the commented scenario template (scenarios/baseline.toml).

#include <string>

#include "core/parameters.hpp"

namespace asmsim {

std::string render_parameters_text(const ParameterSchema& schema);
std::string render_parameters_markdown(const ParameterSchema& schema);
std::string render_scenario_template(const ParameterSchema& schema);

}  // namespace asmsim
