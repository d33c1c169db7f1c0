#pragma once
// What a run is given besides its parameters: data (price series), loaded once per scenario, and
// the modules that layers above sim/model plug into the month (model/plan_slots.hpp); shared,
// read-only, by all the scenario's runs.

#include <array>
#include <memory>

#include "core/calendar.hpp"
#include "core/parameters.hpp"
#include "model/commodity.hpp"
#include "model/plan_slots.hpp"
#include "model/price_series.hpp"

namespace asmsim {

struct ModelInputs {
    // Per commodity: the replayed series and the row replayed in month 0 (null when not replayed).
    std::array<std::shared_ptr<const PriceSeries>, n_commodities> series;
    std::array<int, n_commodities> series_first_row{};
    std::optional<YearMonth> start;  // simulation.start, when set
    // Modules supplied from outside sim/model (the interventions); empty from load_model_inputs.
    // experiment/assembly.hpp's load_run_inputs fills them.
    PlanSlots plan_slots;
};

// Loads and checks inputs against the parameters (files exist, series cover the run, mineral
// weights are usable). Throws InputError naming the offending key. The plan slots stay empty.
ModelInputs load_model_inputs(const ParameterSet& params);

}  // namespace asmsim
