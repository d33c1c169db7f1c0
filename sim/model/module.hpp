#pragma once
// A process of the model. Each module owns its random stream and its parameters (read once, when
// it is built) and acts on whole columns in step(): one virtual call per module per month, never
// one per household.

#include <string_view>

#include "core/results.hpp"
#include "model/world.hpp"

namespace asmsim {

class Module {
public:
    virtual ~Module() = default;
    virtual std::string_view name() const = 0;     // also names the module's random stream
    virtual std::string_view summary() const = 0;  // one line for `asmsim run --print-plan`
    virtual void step(World& world, Results& results) = 0;
};

}  // namespace asmsim
