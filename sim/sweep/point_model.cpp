#include "sweep/point_model.hpp"

#include <algorithm>
#include <cmath>
#include <exception>

#include "experiment/assembly.hpp"
#include "model/simulation.hpp"
#include "sweep/test_functions.hpp"

namespace asmsim {

namespace {

double statistic_of(const SweepOutput& o, const Results& results, int column) {
    const auto values = results.values().col(column);
    const int months = results.months();
    switch (o.kind) {
        case StatisticKind::mean_last_months: return values.tail(std::min(o.months, months)).mean();
        case StatisticKind::at_month: return values(o.month);
        case StatisticKind::mean_all: return values.mean();
        case StatisticKind::value: break;
    }
    return std::nan("");
}

}  // namespace

PointModel::PointModel(const SweepSpec& spec, const Design& design) : spec_(spec), design_(design) {
    shape_.replicates = spec.replicates;
    if (spec.model != SweepModel::livelihood) {
        seed_ = spec.seed >= 0 ? static_cast<std::uint64_t>(spec.seed) : 0;
        stream_group_ = "none (deterministic test function)";
        shape_.statistic_units.assign(spec.outputs.size(), "1");
        return;
    }
    base_ = prepare_base_scenario(spec.scenario, spec.fixed_sets, spec.seed);
    const ParameterSet& params = *base_->scenario.params;
    seed_ = static_cast<std::uint64_t>(params.integer("random.seed"));
    stream_group_ = params.text("random.stream_group");
    scenario_toml_ = base_->scenario.to_toml();
    shape_.months = static_cast<int>(params.integer("simulation.months"));
    shape_.start = base_->inputs->start;

    // The outputs a run declares, without running it.
    const Simulation probe(base_->scenario.params, base_->inputs, StreamKey{seed_, stream_group_, 0});
    const Results& results = probe.results();
    auto find = [&](const std::string& name, const SourceLocation& where, const std::string& key) {
        const int column = results.find(name);
        if (column < 0)
            throw InputError(where, key, "'" + name + "' is not an output of the model",
                             "run 'asmsim outputs' to list them");
        return column;
    };
    for (const auto& o : spec.outputs) {
        statistic_output_.push_back(find(o.output, o.where, o.output));
        if (o.kind == StatisticKind::at_month && o.month >= shape_.months)
            throw InputError(o.where, o.output,
                             "month " + std::to_string(o.month) + " is past the end of the run (" +
                                 std::to_string(shape_.months) + " months)",
                             "months count from 0");
        if (o.kind == StatisticKind::mean_last_months && o.months > shape_.months)
            throw InputError(o.where, o.output,
                             "the mean over the last " + std::to_string(o.months) + " months is longer than the run (" +
                                 std::to_string(shape_.months) + " months)",
                             "set months = " + std::to_string(shape_.months) + " or fewer, or lengthen the run in [model] set");
        shape_.statistic_units.push_back(results.specs()[static_cast<std::size_t>(statistic_output_.back())].units);
    }
    for (const auto& name : spec.timeseries) {
        series_output_.push_back(find(name, spec.timeseries_where, "timeseries"));
        const OutputSpec& os = results.specs()[static_cast<std::size_t>(series_output_.back())];
        shape_.series_units.push_back(os.units);
        shape_.series_long_names.push_back(os.long_name);
    }
}

PointResult PointModel::run(int point) const {
    PointResult result;
    result.point = point;
    const int d = design_.parameters;
    const auto first = design_.values.begin() + static_cast<std::ptrdiff_t>(point) * d;
    const std::vector<double> x(first, first + d);
    try {
        if (spec_.model == SweepModel::ishigami) {
            result.statistics.assign(static_cast<std::size_t>(spec_.replicates), ishigami(x));
            return result;
        }
        if (spec_.model == SweepModel::gfunction) {
            result.statistics.assign(static_cast<std::size_t>(spec_.replicates), gfunction(x, spec_.gfunction_a));
            return result;
        }
        auto params = std::make_shared<ParameterSet>(*base_->scenario.params);
        for (int j = 0; j < d; ++j) {
            const SweptParameter& p = spec_.parameters[static_cast<std::size_t>(j)];
            if (p.integer)
                params->set(p.name, ParamValue{static_cast<std::int64_t>(x[static_cast<std::size_t>(j)])});
            else
                params->set(p.name, ParamValue{x[static_cast<std::size_t>(j)]});
        }
        const auto inputs = std::make_shared<const ModelInputs>(load_run_inputs(*params));
        const std::size_t S = spec_.outputs.size(), T = series_output_.size(), M = static_cast<std::size_t>(shape_.months);
        result.statistics.reserve(static_cast<std::size_t>(spec_.replicates) * S);
        result.series.reserve(static_cast<std::size_t>(spec_.replicates) * T * M);
        for (int r = 0; r < spec_.replicates; ++r) {
            Simulation simulation(params, inputs, StreamKey{seed_, stream_group_, static_cast<std::uint64_t>(r)});
            simulation.run();
            const Results& results = simulation.results();
            for (std::size_t s = 0; s < S; ++s)
                result.statistics.push_back(statistic_of(spec_.outputs[s], results, statistic_output_[s]));
            for (std::size_t t = 0; t < T; ++t) {
                const auto column = results.values().col(series_output_[t]);
                result.series.insert(result.series.end(), column.data(), column.data() + M);
            }
        }
    } catch (const InputError& e) {
        result.error = e.what();
    } catch (const std::exception& e) {
        result.error = e.what();
    }
    if (!result.ok()) {
        result.statistics.clear();
        result.series.clear();
    }
    return result;
}

}  // namespace asmsim
