#include "io/run_file.hpp"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <vector>

#include "core/version.hpp"
#include "io/layout.hpp"

namespace asmsim {

namespace {
std::string utc_now() {
    std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

}  // namespace

RunFileWriter::RunFileWriter(const std::string& path, RunMetadata metadata) : metadata_(std::move(metadata)) {
    file_ = h5::create_file(path);
    h5::write_attr(file_, "title", "asmsim run: " + metadata_.scenario_name);
    h5::write_attr(file_, "source", "asmsim " + std::string(asmsim_version()));

    h5::Handle meta = h5::create_group(file_, "metadata");
    h5::write_attr(meta, "scenario_name", metadata_.scenario_name);
    h5::write_attr(meta, "scenario_description", metadata_.scenario_description);
    h5::write_attr(meta, "scenario_toml", metadata_.scenario_toml);
    layout::write_provenance(meta, "run", metadata_.seed, metadata_.stream_group, metadata_.replicates,
                             metadata_.command_line);
    h5::write_attr(meta, "created_utc", utc_now());

    timeseries_ = h5::create_group(file_, "timeseries");
    dim_replicate_ts_ = h5::create_dimension(timeseries_, "replicate", layout::count_up(metadata_.replicates), "",
                                             "replicate number (random streams differ by replicate)");
    dim_month_ = layout::create_month_dimension(timeseries_, metadata_.months, metadata_.start);

    households_group_ = h5::create_group(file_, "households");
    dim_replicate_hh_ = h5::create_dimension(households_group_, "replicate", layout::count_up(metadata_.replicates), "",
                                             "replicate number");
    dim_household_ = h5::create_dimension(households_group_, "household", layout::count_up(metadata_.households), "",
                                          "household row (stable across the run)");
    h5::write_attr(households_group_, "description", "household state at the end of the last month");
    panel_.emplace(file_, std::vector<std::string>{}, metadata_.replicates);
}

void RunFileWriter::write_panel(int replicate, const HouseholdRecorder& record) {
    std::lock_guard<std::mutex> lock(mutex_);
    panel_->write(0, replicate, record);
}

void RunFileWriter::create_datasets(const Results& results, const Households& households) {
    const auto replicates = static_cast<hsize_t>(metadata_.replicates);
    const auto months = static_cast<hsize_t>(metadata_.months);
    for (const auto& spec : results.specs()) {
        if (!spec.group.empty()) {
            // An output with a dimension (role): one variable (replicate, <dimension>, month) for the
            // group, made at its first column; the dimension's labels are its coordinate.
            if (spec.index != 0) continue;
            const hid_t dim = layout::text_dimension(timeseries_, extra_dims_, spec.dimension, spec.labels);
            const auto k = static_cast<hsize_t>(spec.labels.size());
            series_.emplace(spec.group, h5::create_dataset(timeseries_, spec.group, H5T_NATIVE_DOUBLE,
                                                           {replicates, k, months}, {1, k, std::max<hsize_t>(months, 1)},
                                                           {dim_replicate_ts_, dim, dim_month_}, spec.units,
                                                           spec.group_long_name));
            continue;
        }
        series_.emplace(spec.name, h5::create_dataset(timeseries_, spec.name, H5T_NATIVE_DOUBLE,
                                                      {replicates, months}, {1, std::max<hsize_t>(months, 1)},
                                                      {dim_replicate_ts_, dim_month_}, spec.units, spec.long_name));
    }
    const auto n = static_cast<hsize_t>(metadata_.households);
    const hsize_t chunk = std::clamp<hsize_t>(n, 1, 1 << 16);
    households.for_each_column([&](const char* name, const char* units, const char* long_name, const auto& column) {
        using T = typename std::decay_t<decltype(column)>::Scalar;
        columns_.emplace(name, h5::create_dataset(households_group_, name, h5::native_type<T>(), {replicates, n},
                                                  {1, chunk}, {dim_replicate_hh_, dim_household_}, units,
                                                  long_name));
    });
    datasets_created_ = true;
}

void RunFileWriter::write_replicate(int replicate, const Results& results, const Households& households) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!datasets_created_) create_datasets(results, households);
    const auto r = static_cast<hsize_t>(replicate);
    const Eigen::ArrayXXd& values = results.values();  // months x outputs, column-major
    for (std::size_t j = 0; j < results.specs().size(); ++j) {
        const OutputSpec& spec = results.specs()[j];
        if (!spec.group.empty()) {
            // The group's columns are consecutive and column-major: label by label, month by month,
            // which is the (1, labels, months) block.
            if (spec.index != 0) continue;
            h5::write_block(series_.at(spec.group), H5T_NATIVE_DOUBLE, {r, 0, 0},
                            {1, static_cast<hsize_t>(spec.labels.size()), static_cast<hsize_t>(values.rows())},
                            values.col(static_cast<Eigen::Index>(j)).data());
            continue;
        }
        h5::write_block(series_.at(spec.name), H5T_NATIVE_DOUBLE, {r, 0},
                        {1, static_cast<hsize_t>(values.rows())}, values.col(static_cast<Eigen::Index>(j)).data());
    }
    households.for_each_column([&](const char* name, const char*, const char*, const auto& column) {
        using T = typename std::decay_t<decltype(column)>::Scalar;
        h5::write_block(columns_.at(name), h5::native_type<T>(), {r, 0}, {1, static_cast<hsize_t>(column.size())},
                        column.data());
    });
}

void RunFileWriter::close() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (panel_) panel_->close();
    series_.clear();
    columns_.clear();
    extra_dims_.clear();
    dim_replicate_ts_.close();
    dim_month_.close();
    dim_replicate_hh_.close();
    dim_household_.close();
    timeseries_.close();
    households_group_.close();
    if (file_.id() >= 0) h5::flush(file_);
    file_.close();
}

}  // namespace asmsim
