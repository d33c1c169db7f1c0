#include "io/uncertainty_file.hpp"

#include <limits>

#include "core/input_error.hpp"
#include "core/version.hpp"
#include "io/hdf5.hpp"
#include "io/layout.hpp"

namespace asmsim {

namespace {

// The calibration file, opened after InputFile's checks of its kind and version; their refusals
// name the attribute at fault.
h5::InputFile open_calibration(const std::string& path) {
    try {
        return h5::InputFile(path, {"calibration"}, "a calibration file (the output of asmsim calibrate)");
    } catch (const InputError& e) {
        const std::string& m = e.message();
        const auto starts = [&](const char* prefix) { return m.rfind(prefix, 0) == 0; };
        if (starts("written by a newer asmsim"))
            throw InputError(e.where(), "/metadata@format_version", m, "rerun asmsim calibrate with this asmsim");
        if (starts("an asmsim file, but not") || starts("not an asmsim file ("))
            throw InputError(e.where(), "/metadata@file_kind", m, "give --posterior the output of asmsim calibrate");
        throw;
    }
}

}  // namespace

PosteriorSample read_posterior(const std::string& path) {
    const h5::InputFile file = open_calibration(path);
    PosteriorSample p;
    p.path = path;
    p.format_version = file.has_attr("/metadata", "format_version")
                           ? file.int_attr("/metadata", "format_version", 0, std::numeric_limits<std::int64_t>::max())
                           : 0;
    if (p.format_version != h5::format_version)
        throw InputError({path, 0, 0}, "/metadata@format_version",
                         "written in file format version " + std::to_string(p.format_version) + ", this asmsim (" +
                             asmsim_version() + ") reads calibration files of version " + std::to_string(h5::format_version),
                         "rerun asmsim calibrate with this asmsim");
    p.asmsim_version = file.has_attr("/metadata", "asmsim_version") ? file.text_attr("/metadata", "asmsim_version") : "";
    const std::vector<hsize_t> dims = file.shape("/posterior/sample", 2);
    const hsize_t N = dims[0], D = dims[1];
    if (N == 0 || D == 0) file.fail("/posterior/sample is empty (no particles or no parameters)");
    p.names = file.texts("/posterior/parameter", D);
    p.units = file.has("/posterior/parameter_units") ? file.texts("/posterior/parameter_units", D)
                                                     : std::vector<std::string>(D, "");
    p.sample = file.matrix("/posterior/sample", N, D);
    file.require_shape("/posterior/weight", {N});
    p.weight = file.block("/posterior/weight", {0}, {N});
    return p;
}

namespace {

std::vector<hsize_t> shape_of(std::initializer_list<std::size_t> sizes) {
    std::vector<hsize_t> out;
    for (std::size_t s : sizes) out.push_back(static_cast<hsize_t>(s));
    return out;
}

}  // namespace

void write_uncertainty_file(const std::string& path, const UncertaintyFileInfo& info) {
    const std::size_t N = static_cast<std::size_t>(info.draws), P = info.parameters.size(), I = info.interventions.size(),
                      O = info.outcomes.size(), C = info.criteria.size();
    h5::Handle file = h5::create_file(path);
    h5::write_attr(file, "title", "asmsim comparison under parameter uncertainty: " + info.experiment_name);
    h5::write_attr(file, "source", "asmsim " + std::string(asmsim_version()));
    {
        h5::Handle meta = h5::create_group(file, "metadata");
        h5::write_attr(meta, "name", info.experiment_name);
        h5::write_attr(meta, "experiment_toml", info.experiment_toml);
        for (std::size_t k = 0; k < info.scenario_tomls.size(); ++k)
            h5::write_attr(meta, "scenario_toml." + (k == 0 ? std::string("reference") : info.interventions[k - 1]),
                           info.scenario_tomls[k]);
        h5::write_attr(meta, "parameter_source", info.parameter_source);
        h5::write_attr(meta, "calibration_file", info.calibration_file);
        h5::write_attr(meta, "draws", static_cast<std::int64_t>(N));
        h5::write_attr(meta, "simulation_streams",
                       std::string("replicate r of draw d runs every scenario with the streams of (seed, stream_group, "
                                   "replicate = d * 2^32 + r): common random numbers across scenarios within a draw"));
        h5::write_attr(meta, "draw_streams",
                       std::string("draw d's uniform numbers: stream (seed, 'uncertainty', 0), module 'posterior_resample' "
                                   "(particle by weight) or 'prior_draw' (one per parameter), position (d, 0)"));
        layout::write_provenance(meta, "uncertainty_comparison", info.seed, info.stream_group, info.replicates,
                                 info.command_line);
    }
    h5::Handle group = h5::create_group(file, "uncertainty");
    h5::write_attr(group, "interval_method",
                   std::string("law of total variance over draws: W = mean over draws of the within-draw variance of the "
                               "replicate-mean effect (s_d^2 / R), B = max(0, variance over draws of the draw means - W); "
                               "combined: mean +- t(0.975, draws - 1) sqrt(W + B); stochastic only: mean +- "
                               "t(0.975, draws (R - 1)) sqrt(W)"));
    h5::write_attr(group, "rank_method",
                   std::string("in each draw the interventions are ranked on each criterion by their mean over the draw's "
                               "replicates, best first; ties share the mean rank and split first place; NaN ranks last"));
    h5::write_attr(group, "sensitivity_method",
                   std::string("sensitivity: absolute Spearman rank correlation over draws between a parameter and the "
                               "indicator that the criterion's likeliest winner (most often first; ties: lower expected "
                               "rank) ranks first in the draw, 0 when it always or never does; effect_correlation and "
                               "rank_correlation: Spearman correlations with each intervention's value and rank"));
    h5::Handle draw = h5::create_dimension(group, "draw", layout::count_up(static_cast<std::int64_t>(N)), "", "parameter draw index");
    h5::Handle parameter = h5::create_text_dimension(group, "parameter", info.parameters, "calibrated parameter");
    h5::Handle intervention = h5::create_text_dimension(group, "intervention", info.interventions,
                                                        "intervention: every scenario of the experiment but the reference");
    h5::Handle outcome = h5::create_text_dimension(group, "outcome", info.outcomes, "outcome compared (mean of the last 12 months)");
    h5::Handle criterion = h5::create_text_dimension(group, "criterion", info.criteria, "criterion ranked: outcome effects and cost-benefit");
    h5::create_text_variable(group, "parameter_units", info.parameter_units, parameter, "units of each parameter");
    h5::create_text_variable(group, "outcome_units", info.outcome_units, outcome, "units of each outcome and of its effect");
    h5::create_text_variable(group, "outcome_direction", info.outcome_direction, outcome, "which way an outcome is better");
    h5::create_text_variable(group, "criterion_units", info.criterion_units, criterion, "units of each criterion");
    h5::create_text_variable(group, "criterion_direction", info.criterion_direction, criterion, "which way a criterion is better");
    h5::create_text_variable(group, "winner", info.winner, criterion,
                             "likeliest winner: the intervention most often first (ties: lower expected rank)");
    {
        const auto n = static_cast<hsize_t>(N);
        h5::Handle particle = h5::create_dataset(group, "particle", H5T_NATIVE_INT64, {n}, {std::max<hsize_t>(1, n)}, {draw}, "1",
                                                 "posterior particle of each draw (-1: drawn from the priors)");
        h5::write_block(particle, H5T_NATIVE_INT64, {0}, {n}, info.particle.data());
    }
    const hid_t d = draw, p = parameter, i = intervention, o = outcome, c = criterion;
    layout::write_doubles(group, "parameter_value", info.parameter_value, shape_of({N, P}), {d, p}, "",
                          "value of each parameter in each draw (units: parameter_units)");
    layout::write_doubles(group, "effect", info.effect, shape_of({N, I, O}), {d, i, o}, "",
                          "effect (intervention - reference, mean over the draw's replicates under common random numbers; units: outcome_units)");
    layout::write_doubles(group, "criterion_value", info.criterion_value, shape_of({N, I, C}), {d, i, c}, "",
                          "value each draw ranks on: the effect, or the net present value (USD) or benefit-cost ratio (1) (units: criterion_units)");
    layout::write_doubles(group, "effect_mean", info.effect_mean, shape_of({I, O}), {i, o}, "", "mean effect over draws (units: outcome_units)");
    layout::write_doubles(group, "effect_lower", info.effect_lower, shape_of({I, O}), {i, o}, "",
                          "lower end of the combined (parameter + stochastic) 95% interval (units: outcome_units)");
    layout::write_doubles(group, "effect_upper", info.effect_upper, shape_of({I, O}), {i, o}, "",
                          "upper end of the combined (parameter + stochastic) 95% interval (units: outcome_units)");
    layout::write_doubles(group, "stochastic_lower", info.stochastic_lower, shape_of({I, O}), {i, o}, "",
                          "lower end of the stochastic-only 95% interval at fixed parameters (units: outcome_units)");
    layout::write_doubles(group, "stochastic_upper", info.stochastic_upper, shape_of({I, O}), {i, o}, "",
                          "upper end of the stochastic-only 95% interval at fixed parameters (units: outcome_units)");
    layout::write_doubles(group, "within_variance", info.within_variance, shape_of({I, O}), {i, o}, "",
                          "W: mean over draws of the variance of a draw's effect from replicates (units: outcome_units squared)");
    layout::write_doubles(group, "between_variance", info.between_variance, shape_of({I, O}), {i, o}, "",
                          "B: variance of the effect due to the parameters (units: outcome_units squared)");
    layout::write_doubles(group, "rank", info.rank, shape_of({N, I, C}), {d, i, c}, "1", "rank of each intervention in each draw (1: best)");
    layout::write_doubles(group, "rank_probability", info.rank_probability, shape_of({I, C}), {i, c}, "1",
                          "probability that the intervention ranks first (share of draws; sums to 1 over interventions)");
    layout::write_doubles(group, "expected_rank", info.expected_rank, shape_of({I, C}), {i, c}, "1", "mean rank over draws (1: best)");
    layout::write_doubles(group, "effect_correlation", info.effect_correlation, shape_of({P, I, C}), {p, i, c}, "1",
                          "Spearman rank correlation over draws of the parameter with the intervention's criterion value (NaN: one is constant)");
    layout::write_doubles(group, "rank_correlation", info.rank_correlation, shape_of({P, I, C}), {p, i, c}, "1",
                          "Spearman rank correlation over draws of the parameter with the intervention's rank (NaN: one is constant)");
    layout::write_doubles(group, "sensitivity", info.sensitivity, shape_of({P, C}), {p, c}, "1",
                          "how much the ranking depends on the parameter: |Spearman correlation| with whether the likeliest winner ranks first (0: it always or never does)");
    h5::flush(file);
    file.close();
}

}  // namespace asmsim
