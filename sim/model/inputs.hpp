#pragma once
// Data a run reads besides its parameters (price series), loaded once per scenario and shared,
// read-only, by all its runs.

#include <array>
#include <memory>

#include "core/calendar.hpp"
#include "core/parameters.hpp"
#include "model/commodity.hpp"
#include "model/price_series.hpp"

namespace asmsim {

struct ModelInputs {
    // Per commodity: the replayed series and the row replayed in month 0 (null when not replayed).
    std::array<std::shared_ptr<const PriceSeries>, n_commodities> series;
    std::array<int, n_commodities> series_first_row{};
    std::optional<YearMonth> start;  // simulation.start, when set
};

// Loads and checks inputs against the parameters (files exist, series cover the run, mineral
// weights are usable). Throws InputError naming the offending key.
ModelInputs load_model_inputs(const ParameterSet& params);

}  // namespace asmsim
