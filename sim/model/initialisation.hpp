#pragma once
// Builds month 0: sites with their mineral, households with their traits and savings
// (docs/model.md, "Initialisation"). Draws from the stream "initialisation".

#include "model/context.hpp"
#include "model/world.hpp"

namespace asmsim {

World initialise_world(const ModelContext& ctx);

}  // namespace asmsim
