#include "calibration/target_model.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "experiment/assembly.hpp"
#include "model/simulation.hpp"

namespace asmsim {

TargetModel::TargetModel(const CalibrationSpec& spec) : spec_(spec) {
    base_ = prepare_base_scenario(spec.scenario, spec.fixed_sets, spec.seed);
    const ParameterSet& params = *base_->scenario.params;
    seed_ = static_cast<std::uint64_t>(params.integer("random.seed"));
    stream_group_ = params.text("random.stream_group");
    scenario_toml_ = base_->scenario.to_toml();
    households_ = params.integer("simulation.households");
    months_ = static_cast<int>(params.integer("simulation.months"));

    // The outputs a run declares, without running it.
    const Simulation probe(base_->scenario.params, base_->inputs, StreamKey{seed_, stream_group_, 0});
    const Results& results = probe.results();
    for (const Target& t : spec.targets) {
        const SourceLocation output_at{t.where.file, t.where.line, t.output_column};
        const SourceLocation group_at{t.where.file, t.where.line, t.group_column};
        std::set<std::string> groups, names;
        std::vector<std::string> labels;
        for (const auto& s : results.specs()) {
            names.insert(s.name);
            if (!s.group.empty()) groups.insert(s.group);
            if (s.group == t.output) labels = s.labels;
        }
        int column = -1;
        if (!labels.empty()) {
            std::string list;
            for (const auto& l : labels) list += (list.empty() ? "" : " | ") + l;
            if (t.group.empty())
                throw InputError(group_at, "group", "output '" + t.output + "' has one value per label; name one in the group column",
                                 "one of " + list);
            column = results.find(t.output + "_" + t.group);
            if (column < 0 || results.specs()[static_cast<std::size_t>(column)].group != t.output)
                throw InputError(group_at, "group", "'" + t.group + "' is not a label of output '" + t.output + "'", "one of " + list);
        } else {
            column = groups.count(t.output) ? -1 : results.find(t.output);
            if (column < 0) {
                // The nearest names, by common prefix, make the usual typo easy to see.
                std::string best;
                std::size_t best_common = 0;
                for (const auto& n : names) {
                    std::size_t c = 0;
                    while (c < n.size() && c < t.output.size() && n[c] == t.output[c]) ++c;
                    if (c > best_common) best_common = c, best = n;
                }
                throw InputError(output_at, "output", "'" + t.output + "' is not an output of the model",
                                 best_common >= 3 ? "did you mean '" + best + "'? ('asmsim outputs' lists them)" : "run 'asmsim outputs' to list them");
            }
            if (!t.group.empty())
                throw InputError(group_at, "group", "output '" + t.output + "' has no groups", "leave the group column empty");
        }
        int first = t.first_month, last = t.last_month;
        if (t.last_n > 0) {
            if (t.last_n > months_)
                throw InputError({t.where.file, t.where.line, t.months_column}, "months",
                                 "the last " + std::to_string(t.last_n) + " months are more than the run's " + std::to_string(months_),
                                 "use last:" + std::to_string(months_) + " or fewer, or lengthen the run");
            first = months_ - t.last_n, last = months_ - 1;
        } else if (last < 0) {
            last = months_ - 1;
        }
        if (last >= months_)
            throw InputError({t.where.file, t.where.line, t.months_column}, "months",
                             "month " + std::to_string(last) + " is past the end of the run (" + std::to_string(months_) + " months)",
                             "months count from 0");
        column_.push_back(column);
        first_.push_back(first);
        last_.push_back(last);
        std::string units = results.specs()[static_cast<std::size_t>(column)].units;
        if (t.aggregation == Aggregation::sum) units = "(" + units + ") x month";
        units_.push_back(units);
    }
}

std::vector<double> TargetModel::run(const std::vector<double>& theta, int generation, std::int64_t proposal) const {
    auto params = std::make_shared<ParameterSet>(*base_->scenario.params);
    for (std::size_t j = 0; j < theta.size(); ++j) params->set(spec_.parameters[j].name, ParamValue{theta[j]});
    const auto inputs = std::make_shared<const ModelInputs>(load_run_inputs(*params));
    const std::uint64_t replicate = (static_cast<std::uint64_t>(generation) << 32) | static_cast<std::uint64_t>(proposal);
    Simulation simulation(params, inputs, StreamKey{seed_, stream_group_, replicate});
    simulation.run();
    const Eigen::ArrayXXd& values = simulation.results().values();
    std::vector<double> out;
    out.reserve(spec_.targets.size());
    for (std::size_t i = 0; i < spec_.targets.size(); ++i) {
        const auto block = values.col(column_[i]).segment(first_[i], last_[i] - first_[i] + 1);
        switch (spec_.targets[i].aggregation) {
            case Aggregation::mean: out.push_back(block.mean()); break;
            case Aggregation::sum: out.push_back(block.sum()); break;
            case Aggregation::min: out.push_back(block.minCoeff()); break;
            case Aggregation::max: out.push_back(block.maxCoeff()); break;
        }
    }
    return out;
}

}  // namespace asmsim
