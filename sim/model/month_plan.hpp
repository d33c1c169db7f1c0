#pragma once

#include <memory>
#include <vector>

#include "model/context.hpp"
#include "model/module.hpp"

namespace asmsim {

using MonthPlan = std::vector<std::unique_ptr<Module>>;

// The month's processes, in the order they run (model/month_plan.cpp), with the modules of the
// run's plan slots (ctx.inputs.plan_slots) at their places.
MonthPlan build_month_plan(const ModelContext& ctx);

}  // namespace asmsim
