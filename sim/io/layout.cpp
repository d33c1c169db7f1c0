#include "io/layout.hpp"

#include <algorithm>
#include <numeric>

#include "core/version.hpp"

namespace asmsim::layout {

std::vector<std::int64_t> count_up(std::int64_t n) {
    std::vector<std::int64_t> v(static_cast<std::size_t>(n));
    std::iota(v.begin(), v.end(), std::int64_t{0});
    return v;
}

h5::Handle create_month_dimension(hid_t group, int months, const std::optional<YearMonth>& start) {
    if (!start)
        return h5::create_dimension(group, "month", count_up(months), "month", "months since the start of the run");
    std::vector<std::int64_t> days;
    for (int m = 0; m < months; ++m) days.push_back(start->plus_months(m).days_since_epoch());
    h5::Handle dimension =
        h5::create_dimension(group, "month", days, "days since 1970-01-01", "first day of the simulated month");
    h5::write_attr(dimension, "calendar", "proleptic_gregorian");
    return dimension;
}

void write_provenance(hid_t metadata, const std::string& kind, std::uint64_t seed, const std::string& stream_group,
                      int replicates, const std::string& command_line) {
    h5::write_file_kind(metadata, kind);
    h5::write_attr(metadata, "seed", static_cast<std::int64_t>(seed));
    h5::write_attr(metadata, "stream_group", stream_group);
    h5::write_attr(metadata, "replicates", static_cast<std::int64_t>(replicates));
    h5::write_attr(metadata, "asmsim_version", std::string(asmsim_version()));
    h5::write_attr(metadata, "git_commit", std::string(asmsim_git_commit()));
    h5::write_attr(metadata, "command_line", command_line);
}

hid_t text_dimension(hid_t group, std::map<std::string, h5::Handle>& made, const std::string& name,
                     const std::vector<std::string>& labels) {
    auto it = made.find(name);
    if (it == made.end())
        it = made.emplace(name, h5::create_text_dimension(group, name, labels, name + " on the mining site")).first;
    return it->second;
}

void write_doubles(hid_t group, const std::string& name, const std::vector<double>& values,
                   const std::vector<hsize_t>& shape, const std::vector<hid_t>& dimensions, const std::string& units,
                   const std::string& long_name) {
    std::vector<hsize_t> chunk = shape;
    chunk[0] = std::max<hsize_t>(1, std::min<hsize_t>(shape[0], 8192));
    for (auto& c : chunk) c = std::max<hsize_t>(c, 1);
    h5::Handle dataset = h5::create_dataset(group, name, H5T_NATIVE_DOUBLE, shape, chunk, dimensions, units, long_name);
    std::vector<hsize_t> origin(shape.size(), 0);
    if (!values.empty()) h5::write_block(dataset, H5T_NATIVE_DOUBLE, origin, shape, values.data());
}

}  // namespace asmsim::layout
