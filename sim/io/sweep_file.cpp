#include "io/sweep_file.hpp"

#include <charconv>
#include <string_view>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "core/version.hpp"
#include "io/layout.hpp"
#include "io/sweep_analysis_file.hpp"

namespace asmsim {

std::string sweep_fingerprint_text(std::uint64_t fingerprint) {
    char text[17];
    std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(fingerprint));
    return text;
}

namespace {

void write_ints(hid_t group, const std::string& name, const std::vector<int>& values, hid_t dimension,
                const std::string& long_name) {
    const auto n = static_cast<hsize_t>(values.size());
    h5::Handle dataset = h5::create_dataset(group, name, H5T_NATIVE_INT, {n}, {std::max<hsize_t>(1, std::min<hsize_t>(n, 65536))},
                                            {dimension}, "", long_name);
    if (n > 0) h5::write_block(dataset, H5T_NATIVE_INT, {0}, {n}, values.data());
}

}  // namespace

SweepFileWriter::SweepFileWriter(const std::string& path, const SweepFileInfo& info) : info_(info) {
    const SweepSpec& spec = *info.spec;
    const Design& design = *info.design;
    const auto P = static_cast<hsize_t>(design.points);
    const auto D = static_cast<hsize_t>(design.parameters);
    const auto R = static_cast<hsize_t>(info.shape.replicates);
    const auto S = static_cast<hsize_t>(spec.outputs.size());
    status_.assign(P, point_not_run);
    error_.assign(P, "");
    written_.assign(P, 0);

    file_ = h5::create_file(path);
    h5::write_attr(file_, "title", "asmsim sweep: " + spec.name);
    h5::write_attr(file_, "source", "asmsim " + std::string(asmsim_version()));
    {
        h5::Handle meta = h5::create_group(file_, "metadata");
        h5::write_attr(meta, "sweep_name", spec.name);
        h5::write_attr(meta, "sweep_description", spec.description);
        h5::write_attr(meta, "sweep_toml", spec.toml);
        h5::write_attr(meta, "scenario_toml", info.scenario_toml);
        h5::write_attr(meta, "model", std::string(to_string(spec.model)));
        h5::write_attr(meta, "design", std::string(to_string(spec.design)));
        h5::write_attr(meta, "points", static_cast<std::int64_t>(P));
        h5::write_attr(meta, "fingerprint", sweep_fingerprint_text(info.fingerprint));
        h5::write_attr(meta, "shard", std::to_string(info.shard_index) + "/" + std::to_string(info.shard_count));
        layout::write_provenance(meta, info.shard_count > 1 ? "sweep_shard" : "sweep", info.seed, info.stream_group, info.shape.replicates, info.command_line);
    }
    {
        h5::Handle group = h5::create_group(file_, "design");
        h5::write_attr(group, "kind", std::string(to_string(spec.design)));
        h5::write_attr(group, "base_samples", static_cast<std::int64_t>(design.base_samples));
        h5::write_attr(group, "blocks", static_cast<std::int64_t>(design.blocks));
        h5::write_attr(group, "second_order", static_cast<std::int64_t>(spec.second_order ? 1 : 0));
        if (spec.design == DesignKind::sobol) {
            const int d = design.parameters;
            h5::write_attr(group, "randomisations", static_cast<std::int64_t>(design.randomisations));
            h5::write_attr(group, "block_order", std::string(sobol_block_order));
            h5::write_attr(group, "scramble",
                           std::string("random linear scramble with digital shift (Matousek 1998) of the first N points of "
                                       "the 2d-dimensional Sobol' sequence (Joe and Kuo 2008); scramble r drawn from the "
                                       "stream (seed, \"sweep_design\", r)"));
            h5::write_attr(group, "cost",
                           "N (" + std::string(spec.second_order ? "2d + 2" : "d + 2") + ") R = " +
                               std::to_string(design.base_samples) + " x " + std::to_string(design.blocks) + " x " +
                               std::to_string(design.randomisations) + " = " + std::to_string(design.points) +
                               " points (d = " + std::to_string(d) + "), each run for every replicate");
        }
        h5::write_attr(group, "levels", static_cast<std::int64_t>(spec.levels));
        h5::write_attr(group, "trajectories", static_cast<std::int64_t>(spec.trajectories));
        h5::write_attr(group, "morris_delta", design.morris_delta);
        std::vector<std::string> names, distributions, units;
        std::vector<double> lower, upper;
        for (const auto& p : spec.parameters) {
            names.push_back(p.name);
            distributions.push_back(to_string(p.distribution));
            units.push_back(p.units);
            lower.push_back(p.min);
            upper.push_back(p.max);
        }
        h5::Handle dim_point = h5::create_dimension(group, "point", layout::count_up(design.points), "", "design point");
        h5::Handle dim_parameter = h5::create_text_dimension(group, "parameter", names, "swept parameter");
        h5::create_text_variable(group, "distribution", distributions, dim_parameter,
                                 "how unit coordinates map to values: uniform | log_uniform | discrete");
        h5::create_text_variable(group, "parameter_units", units, dim_parameter, "units of each parameter");
        layout::write_doubles(group, "lower", lower, {D}, {dim_parameter}, "", "lowest value of each parameter (units: parameter_units)");
        layout::write_doubles(group, "upper", upper, {D}, {dim_parameter}, "", "highest value of each parameter (units: parameter_units)");
        layout::write_doubles(group, "unit_sample", design.unit, {P, D}, {dim_point, dim_parameter}, "1",
                      "design point in the unit hypercube, before the parameter distributions");
        layout::write_doubles(group, "value", design.values, {P, D}, {dim_point, dim_parameter}, "",
                      "parameter value at each point (units: parameter_units)");
        write_ints(group, "group", design.group, dim_point,
                   "sobol: base row (r N + j); morris: trajectory; other designs: the point itself");
        write_ints(group, "block", design.block, dim_point,
                   "sobol: 0 = A, i = AB_i (1..d), d+i = BA_i (second order), last = B (SALib's order); "
                   "morris: step in the trajectory; else 0");
        write_ints(group, "randomisation", design.randomisation, dim_point,
                   "sobol: the scramble r of the design the point belongs to; else 0");
        write_ints(group, "changed_parameter", design.changed, dim_point,
                   "morris: index of the parameter changed from the previous point, -1 at a trajectory start");
    }
    results_ = h5::create_group(file_, "results");
    dim_point_ = h5::create_dimension(results_, "point", layout::count_up(design.points), "", "design point");
    dim_replicate_ = h5::create_dimension(results_, "replicate", layout::count_up(info.shape.replicates), "",
                                          "replicate r: random streams (seed, stream_group, r), the same at every point");
    std::vector<std::string> labels, descriptions;
    for (const auto& o : spec.outputs) {
        labels.push_back(o.label);
        descriptions.push_back(o.description);
    }
    dim_statistic_ = h5::create_text_dimension(results_, "statistic", labels, "summary statistic of a run");
    h5::create_text_variable(results_, "statistic_units", info.shape.statistic_units, dim_statistic_, "units of each statistic");
    h5::create_text_variable(results_, "statistic_description", descriptions, dim_statistic_, "what each statistic is");
    {
        std::vector<std::int64_t> seeds(P, static_cast<std::int64_t>(info.seed));
        h5::Handle seed = h5::create_dataset(results_, "seed", H5T_NATIVE_INT64, {P}, {std::max<hsize_t>(1, std::min<hsize_t>(P, 65536))},
                                             {dim_point_}, "", "master seed of the point's runs; replicate r uses streams (seed, stream_group, r)");
        if (P > 0) h5::write_block(seed, H5T_NATIVE_INT64, {0}, {P}, seeds.data());
    }
    // One point's block is a few kilobytes at most: chunks of many points keep the file small.
    const hsize_t chunk_points = std::max<hsize_t>(1, std::min<hsize_t>(P, std::max<hsize_t>(1, 65536 / std::max<hsize_t>(1, R * S))));
    value_ = h5::create_dataset(results_, "value", H5T_NATIVE_DOUBLE, {P, R, S}, {chunk_points, R, std::max<hsize_t>(S, 1)},
                                {dim_point_, dim_replicate_, dim_statistic_}, "",
                                "statistic of each run (units: statistic_units); NaN when the point failed or was not run");
    if (!spec.timeseries.empty()) {
        const auto M = static_cast<hsize_t>(info.shape.months);
        timeseries_ = h5::create_group(file_, "timeseries");
        ts_point_ = h5::create_dimension(timeseries_, "point", layout::count_up(design.points), "", "design point");
        ts_replicate_ = h5::create_dimension(timeseries_, "replicate", layout::count_up(info.shape.replicates), "",
                                             "replicate r: random streams (seed, stream_group, r)");
        ts_month_ = layout::create_month_dimension(timeseries_, info.shape.months, info.shape.start);
        for (std::size_t t = 0; t < spec.timeseries.size(); ++t)
            series_.push_back(h5::create_dataset(timeseries_, spec.timeseries[t], H5T_NATIVE_DOUBLE, {P, R, M},
                                                 {1, 1, std::max<hsize_t>(M, 1)}, {ts_point_, ts_replicate_, ts_month_},
                                                 info.shape.series_units[t], info.shape.series_long_names[t]));
    }
}

void SweepFileWriter::write_point(const PointResult& r) {
    const auto p = static_cast<std::size_t>(r.point);
    if (p >= written_.size() || written_[p]) throw std::runtime_error("point " + std::to_string(r.point) + " written twice");
    written_[p] = 1;
    const auto R = static_cast<hsize_t>(info_.shape.replicates);
    const auto S = static_cast<hsize_t>(info_.spec->outputs.size());
    const auto M = static_cast<hsize_t>(info_.shape.months);
    const auto at = static_cast<hsize_t>(r.point);
    if (!r.ok()) {
        status_[p] = point_failed;
        error_[p] = r.error;
        const std::vector<double> nan(R * S, std::nan(""));
        h5::write_block(value_, H5T_NATIVE_DOUBLE, {at, 0, 0}, {1, R, S}, nan.data());
        return;
    }
    if (r.statistics.size() != R * S) throw std::runtime_error("point " + std::to_string(r.point) + ": wrong number of statistics");
    status_[p] = point_ok;
    h5::write_block(value_, H5T_NATIVE_DOUBLE, {at, 0, 0}, {1, R, S}, r.statistics.data());
    const std::size_t T = series_.size();
    if (r.series.size() != R * T * M) throw std::runtime_error("point " + std::to_string(r.point) + ": wrong series length");
    for (std::size_t t = 0; t < T; ++t)
        for (hsize_t rep = 0; rep < R; ++rep)
            h5::write_block(series_[t], H5T_NATIVE_DOUBLE, {at, rep, 0}, {1, 1, M}, r.series.data() + (rep * T + t) * M);
}

void SweepFileWriter::write_not_run(int point) {
    const auto p = static_cast<std::size_t>(point);
    if (written_[p]) throw std::runtime_error("point " + std::to_string(point) + " written twice");
    written_[p] = 1;
    status_[p] = point_not_run;
    const auto R = static_cast<hsize_t>(info_.shape.replicates);
    const auto S = static_cast<hsize_t>(info_.spec->outputs.size());
    const std::vector<double> nan(R * S, std::nan(""));
    h5::write_block(value_, H5T_NATIVE_DOUBLE, {static_cast<hsize_t>(point), 0, 0}, {1, R, S}, nan.data());
}

void SweepFileWriter::close() {
    for (std::size_t p = 0; p < written_.size(); ++p)
        if (!written_[p]) throw std::runtime_error("point " + std::to_string(p) + " has no result");
    const auto P = static_cast<hsize_t>(status_.size());
    {
        h5::Handle status = h5::create_dataset(results_, "status", H5T_NATIVE_SCHAR, {P}, {std::max<hsize_t>(1, std::min<hsize_t>(P, 65536))},
                                               {dim_point_}, "", "0 = ran, 1 = failed (see error), 2 = not run here (another shard)");
        if (P > 0) h5::write_block(status, H5T_NATIVE_SCHAR, {0}, {P}, status_.data());
        h5::write_attr(status, "flag_values", std::string("0 1 2"));
        h5::write_attr(status, "flag_meanings", std::string("ran failed not_run"));
    }
    h5::create_text_variable(results_, "error", error_, dim_point_, "error message of a failed point; empty otherwise");
    series_.clear();
    value_.close();
    dim_point_.close();
    dim_replicate_.close();
    dim_statistic_.close();
    ts_point_.close();
    ts_replicate_.close();
    ts_month_.close();
    timeseries_.close();
    results_.close();
    if (file_.id() >= 0) h5::flush(file_);
    file_.close();
}

bool parse_shard(const std::string& text, int& index, int& count) {
    const auto slash = text.find('/');
    if (slash == std::string::npos) return false;
    const auto number = [](std::string_view digits, int& out) {
        if (digits.empty() || digits.size() > 7) return false;
        const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), out);
        return error == std::errc() && end == digits.data() + digits.size() && out >= 0;
    };
    const std::string_view all(text);
    int i = 0, n = 0;
    if (!number(all.substr(0, slash), i) || !number(all.substr(slash + 1), n)) return false;
    if (n < 1 || n > max_shards || i >= n) return false;
    index = i;
    count = n;
    return true;
}

}  // namespace asmsim
