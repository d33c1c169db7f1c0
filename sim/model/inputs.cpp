#include "model/inputs.hpp"

#include <string>

#include "core/input_error.hpp"
#include "model/occupational_choice.hpp"
#include "model/roles.hpp"
#include "model/traders.hpp"

namespace asmsim {

ModelInputs load_model_inputs(const ParameterSet& params) {
    ModelInputs inputs;
    const std::string& start_text = params.text("simulation.start");
    if (!start_text.empty()) inputs.start = YearMonth::parse(start_text);
    const int months = static_cast<int>(params.integer("simulation.months"));

    for (Commodity c : all_commodities) {
        const std::string p = "prices." + std::string(commodity_name(c)) + ".";
        if (params.text(p + "process") != "replay") continue;
        const std::string& file = params.text(p + "series_file");
        if (file.empty())
            throw InputError({}, p + "series_file", "process = \"replay\" needs a series file",
                             "set " + p + "series_file = \"data/gold-monthly-usd-per-ozt.csv\" or similar");
        PriceSeries series;
        try {
            series = read_price_series(file, params.text(p + "series_unit"));
        } catch (const InputError& e) {
            // Located later at the scenario line that names the file; the CSV's own line (for a
            // bad row) stays in the message.
            throw InputError({}, p + "series_file", e.where().to_string() + ": " + e.message(), e.hint());
        }
        const std::string& first_text = params.text(p + "series_start");
        std::optional<YearMonth> first;
        if (!first_text.empty()) first = YearMonth::parse(first_text);
        else if (inputs.start) first = inputs.start;
        else first = series.dates.front();
        const int row = series.row_of(*first);
        const std::string key = first_text.empty() && inputs.start ? "simulation.start" : p + "series_start";
        if (row < 0)
            throw InputError({}, key, "the " + std::string(commodity_name(c)) + " series " + file +
                                          " has no row for " + first->to_string(),
                             "it covers " + series.dates.front().to_string() + " to " +
                                 series.dates.back().to_string());
        const int available = static_cast<int>(series.dates.size()) - row;
        if (available < months)
            throw InputError({}, "simulation.months",
                             std::to_string(months) + " months from " + first->to_string() +
                                 " run past the end of the " + std::string(commodity_name(c)) +
                                 " series (" + series.dates.back().to_string() + ")",
                             "at most " + std::to_string(available) + " months can be replayed");
        inputs.series[index_of(c)] = std::make_shared<const PriceSeries>(std::move(series));
        inputs.series_first_row[index_of(c)] = row;
    }

    // A scheduled price shock must start within the run (scenarios/prices/crash.toml).
    for (Commodity c : all_commodities) {
        const std::string key = "prices." + std::string(commodity_name(c)) + ".shock_start_month";
        const auto start = params.integer(key);
        if (start >= months)
            throw InputError({}, key,
                             "the " + std::string(commodity_name(c)) + " price shock starts in month " +
                                 std::to_string(start) + ", after the run ends (simulation.months = " +
                                 std::to_string(months) + ", months 0.." + std::to_string(months - 1) + ")",
                             "start it before month " + std::to_string(months) + ", lengthen the run, or set -1 for no shock");
    }

    if (params.real("sites.share_gold") + params.real("sites.share_cobalt") +
            params.real("sites.share_tin") <= 0.0)
        throw InputError({}, "sites.share_gold", "the three mineral weights sum to zero",
                         "give at least one of sites.share_gold, share_cobalt, share_tin a positive weight");
    check_role_parameters(params);
    check_choice_parameters(params);
    validate_trader_parameters(params);
    return inputs;
}

}  // namespace asmsim
