#include "io/calibration_file.hpp"

#include <algorithm>

#include "core/version.hpp"
#include "io/hdf5.hpp"
#include "io/layout.hpp"

namespace asmsim {

std::vector<ParameterSummary> summarise_columns(const std::vector<double>& values, const std::vector<double>& weights, int columns) {
    const std::size_t C = static_cast<std::size_t>(columns), n = weights.size();
    std::vector<ParameterSummary> out(C);
    for (std::size_t j = 0; j < C; ++j) {
        std::vector<double> column(n);
        double mean = 0.0;
        for (std::size_t i = 0; i < n; ++i) mean += weights[i] * (column[i] = values[i * C + j]);
        out[j] = {mean, weighted_quantile(column, weights, 0.05), weighted_quantile(column, weights, 0.5),
                  weighted_quantile(column, weights, 0.95)};
    }
    return out;
}

namespace {

void write_integers(hid_t group, const std::string& name, const std::vector<std::int64_t>& values, hid_t dimension,
                    const std::string& units, const std::string& long_name) {
    const auto n = static_cast<hsize_t>(values.size());
    h5::Handle dataset = h5::create_dataset(group, name, H5T_NATIVE_INT64, {n}, {std::max<hsize_t>(1, n)}, {dimension}, units, long_name);
    if (n > 0) h5::write_block(dataset, H5T_NATIVE_INT64, {0}, {n}, values.data());
}

std::vector<std::int64_t> counts(const std::vector<AbcGeneration>& gs, std::int64_t AbcGeneration::*member) {
    std::vector<std::int64_t> out;
    for (const auto& g : gs) out.push_back(g.*member);
    return out;
}

template <class T> std::vector<double> column(const std::vector<AbcGeneration>& gs, T AbcGeneration::*member) {
    std::vector<double> out;
    for (const auto& g : gs) out.push_back(static_cast<double>(g.*member));
    return out;
}

}  // namespace

void write_calibration_file(const std::string& path, const CalibrationFileInfo& info) {
    const CalibrationSpec& spec = *info.spec;
    const AbcResult& result = *info.result;
    const AbcGeneration& last = result.generations.back();
    const auto N = static_cast<hsize_t>(spec.abc.particles), D = static_cast<hsize_t>(spec.parameters.size()),
               T = static_cast<hsize_t>(spec.targets.size()), G = static_cast<hsize_t>(result.generations.size());
    std::vector<std::string> names, units, priors, target_names;
    std::vector<double> lower, upper;
    for (const auto& p : spec.parameters) {
        names.push_back(p.name);
        units.push_back(p.units.empty() ? "1" : p.units);
        priors.push_back(p.prior.describe());
        lower.push_back(p.prior.lower);
        upper.push_back(p.prior.upper);
    }
    for (const auto& t : spec.targets) target_names.push_back(t.name);

    h5::Handle file = h5::create_file(path);
    h5::write_attr(file, "title", "asmsim calibration: " + spec.name);
    h5::write_attr(file, "source", "asmsim " + std::string(asmsim_version()));
    {
        h5::Handle meta = h5::create_group(file, "metadata");
        h5::write_attr(meta, "calibration_name", spec.name);
        h5::write_attr(meta, "calibration_description", spec.description);
        h5::write_attr(meta, "calibration_toml", spec.toml);
        h5::write_attr(meta, "targets_file", spec.targets_path);
        h5::write_attr(meta, "targets_csv", spec.targets_csv);
        h5::write_attr(meta, "scenario_toml", info.scenario_toml);
        h5::write_attr(meta, "method", spec.method);
        h5::write_attr(meta, "method_reference",
                       std::string("ABC-SMC: Beaumont, Cornuet, Marin and Robert 2009 (Biometrika 96:983-990) weights and "
                                   "kernel; Del Moral, Doucet and Jasra 2012 (Stat. Comput. 22:1009-1020) adaptive tolerances"));
        h5::write_attr(meta, "particles", static_cast<std::int64_t>(spec.abc.particles));
        h5::write_attr(meta, "quantile", spec.abc.quantile);
        h5::write_attr(meta, "min_tolerance", spec.abc.min_tolerance);
        h5::write_attr(meta, "min_acceptance", spec.abc.min_acceptance);
        h5::write_attr(meta, "max_generations", static_cast<std::int64_t>(spec.abc.max_generations));
        h5::write_attr(meta, "budget", spec.abc.budget);
        h5::write_attr(meta, "simulations", result.simulations);
        h5::write_attr(meta, "stop_reason", result.stop_reason);
        h5::write_attr(meta, "distance", std::string("sqrt(sum over targets of ((simulated - observed) / uncertainty)^2)"));
        h5::write_attr(meta, "simulation_streams",
                       std::string("proposal k of generation g runs with the streams of (seed, stream_group, replicate = g * 2^32 + k)"));
        layout::write_provenance(meta, "calibration", info.seed, info.stream_group, 1, info.command_line);
    }
    {
        h5::Handle group = h5::create_group(file, "posterior");
        h5::write_attr(group, "generation", static_cast<std::int64_t>(G - 1));
        h5::write_attr(group, "ess", last.ess);
        h5::write_attr(group, "tolerance", last.tolerance);
        h5::Handle particle = h5::create_dimension(group, "particle", layout::count_up(static_cast<std::int64_t>(N)), "", "particle of the last generation");
        h5::Handle parameter = h5::create_text_dimension(group, "parameter", names, "calibrated parameter");
        h5::Handle target = h5::create_text_dimension(group, "target", target_names, "calibration target");
        h5::create_text_variable(group, "parameter_units", units, parameter, "units of each parameter");
        h5::create_text_variable(group, "prior", priors, parameter, "prior of each parameter, truncated to [lower, upper]");
        layout::write_doubles(group, "lower", lower, {D}, {parameter}, "", "lower bound of the prior (units: parameter_units)");
        layout::write_doubles(group, "upper", upper, {D}, {parameter}, "", "upper bound of the prior (units: parameter_units)");
        layout::write_doubles(group, "sample", last.theta, {N, D}, {particle, parameter}, "", "posterior sample: parameter values of each particle (units: parameter_units)");
        layout::write_doubles(group, "weight", last.weights, {N}, {particle}, "1", "importance weight of each particle (they sum to 1)");
        layout::write_doubles(group, "distance", last.distances, {N}, {particle}, "1", "distance of each particle's simulation from the targets");
        layout::write_doubles(group, "simulated", last.simulated, {N, T}, {particle, target}, "", "each particle's simulated value of each target (units: /targets/units)");
        const auto s = summarise_columns(last.theta, last.weights, static_cast<int>(D));
        auto pick = [&](double ParameterSummary::*m) {
            std::vector<double> v;
            for (const auto& x : s) v.push_back(x.*m);
            return v;
        };
        layout::write_doubles(group, "mean", pick(&ParameterSummary::mean), {D}, {parameter}, "", "weighted posterior mean (units: parameter_units)");
        layout::write_doubles(group, "q05", pick(&ParameterSummary::q05), {D}, {parameter}, "", "weighted posterior 5% quantile (units: parameter_units)");
        layout::write_doubles(group, "q50", pick(&ParameterSummary::q50), {D}, {parameter}, "", "weighted posterior median (units: parameter_units)");
        layout::write_doubles(group, "q95", pick(&ParameterSummary::q95), {D}, {parameter}, "", "weighted posterior 95% quantile (units: parameter_units)");
    }
    {
        h5::Handle group = h5::create_group(file, "generations");
        h5::Handle generation = h5::create_dimension(group, "generation", layout::count_up(static_cast<std::int64_t>(G)), "", "ABC-SMC generation (0: the prior)");
        h5::Handle particle = h5::create_dimension(group, "particle", layout::count_up(static_cast<std::int64_t>(N)), "", "particle");
        h5::Handle parameter = h5::create_text_dimension(group, "parameter", names, "calibrated parameter");
        const auto& gs = result.generations;
        layout::write_doubles(group, "tolerance", column(gs, &AbcGeneration::tolerance), {G}, {generation}, "1", "tolerance eps_t: largest distance accepted (inf for generation 0)");
        layout::write_doubles(group, "acceptance_rate", column(gs, &AbcGeneration::acceptance_rate), {G}, {generation}, "1", "particles / proposals up to the last one accepted");
        layout::write_doubles(group, "ess", column(gs, &AbcGeneration::ess), {G}, {generation}, "particles", "effective sample size (sum w)^2 / sum w^2");
        write_integers(group, "simulations", counts(gs, &AbcGeneration::simulations), generation, "simulations", "simulations run for the generation");
        write_integers(group, "proposals", counts(gs, &AbcGeneration::proposals), generation, "simulations", "proposals up to and including the last one accepted");
        write_integers(group, "failed", counts(gs, &AbcGeneration::failed), generation, "simulations", "simulations that failed (rejected)");
        std::vector<double> theta, weight, distance;
        for (const auto& g : gs) {
            theta.insert(theta.end(), g.theta.begin(), g.theta.end());
            weight.insert(weight.end(), g.weights.begin(), g.weights.end());
            distance.insert(distance.end(), g.distances.begin(), g.distances.end());
        }
        layout::write_doubles(group, "sample", theta, {G, N, D}, {generation, particle, parameter}, "", "particles of each generation (units: /posterior/parameter_units)");
        layout::write_doubles(group, "weight", weight, {G, N}, {generation, particle}, "1", "importance weights of each generation");
        layout::write_doubles(group, "distance", distance, {G, N}, {generation, particle}, "1", "distances of each generation's particles");
    }
    {
        h5::Handle group = h5::create_group(file, "targets");
        h5::Handle target = h5::create_text_dimension(group, "target", target_names, "calibration target");
        std::vector<std::string> output, label, months, aggregation, source;
        std::vector<double> observed, uncertainty;
        for (const auto& t : spec.targets) {
            output.push_back(t.output);
            label.push_back(t.group);
            months.push_back(t.months);
            aggregation.push_back(to_string(t.aggregation));
            source.push_back(t.source);
            observed.push_back(t.observed);
            uncertainty.push_back(t.uncertainty);
        }
        h5::create_text_variable(group, "output", output, target, "model output the target is computed from");
        h5::create_text_variable(group, "group", label, target, "label of the output's dimension (empty: a scalar output)");
        h5::create_text_variable(group, "months", months, target, "months aggregated: all | last:N | A:B (0-based, inclusive) | M");
        h5::create_text_variable(group, "aggregation", aggregation, target, "mean | sum | min | max over the months");
        h5::create_text_variable(group, "units", info.target_units, target, "units of the target");
        h5::create_text_variable(group, "source", source, target, "source of the observed value");
        layout::write_doubles(group, "observed", observed, {T}, {target}, "", "observed value (units: units)");
        layout::write_doubles(group, "uncertainty", uncertainty, {T}, {target}, "", "uncertainty of the observed value, scales its distance term (units: units)");
        const auto s = summarise_columns(last.simulated, last.weights, static_cast<int>(T));
        std::vector<double> mean, q05, q95;
        for (const auto& x : s) mean.push_back(x.mean), q05.push_back(x.q05), q95.push_back(x.q95);
        layout::write_doubles(group, "simulated_mean", mean, {T}, {target}, "", "posterior weighted mean of the simulated value (units: units)");
        layout::write_doubles(group, "simulated_q05", q05, {T}, {target}, "", "posterior weighted 5% quantile of the simulated value (units: units)");
        layout::write_doubles(group, "simulated_q95", q95, {T}, {target}, "", "posterior weighted 95% quantile of the simulated value (units: units)");
    }
    h5::flush(file);
    file.close();
}

}  // namespace asmsim
