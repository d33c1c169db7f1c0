#pragma once
// Pieces of the file layout shared by run files and experiment files.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/calendar.hpp"
#include "io/hdf5.hpp"

namespace asmsim::layout {

// 0, 1, ..., n-1: the values of an index coordinate.
std::vector<std::int64_t> count_up(std::int64_t n);

// The `month` dimension: months since the start, or, with a calendar start, the first day of
// each month as days since 1970-01-01 (which xarray decodes to dates).
h5::Handle create_month_dimension(hid_t group, int months, const std::optional<YearMonth>& start);

// A text dimension (such as `role`) of a group's outputs with a dimension besides month: made in
// `group` the first time it is asked for and kept in `made` (by name), so that every output along
// it shares one coordinate. Its labels are the coordinate values xarray shows.
hid_t text_dimension(hid_t group, std::map<std::string, h5::Handle>& made, const std::string& name,
                     const std::vector<std::string>& labels);

// A dataset of numbers along existing dimension scales (one per axis), compressed in chunks of up to
// 8192 along the first axis and whole along the others, written whole from row-major `values`.
void write_doubles(hid_t group, const std::string& name, const std::vector<double>& values,
                   const std::vector<hsize_t>& shape, const std::vector<hid_t>& dimensions, const std::string& units,
                   const std::string& long_name);

// Provenance attributes of /metadata common to every file: its kind and format version
// (h5::write_file_kind), seed, stream group, replicates, asmsim version and git commit, and the command line.
void write_provenance(hid_t metadata, const std::string& kind, std::uint64_t seed, const std::string& stream_group, int replicates,
                      const std::string& command_line);

}  // namespace asmsim::layout
