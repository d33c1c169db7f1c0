#pragma once
// The HDF5 file of `asmsim sweep` (layout in docs/sensitivity.md, "Output file"):
//   /metadata    attributes: sweep_toml, scenario_toml, model, design, fingerprint, shard, seed, ...
//   /design      parameter names, bounds, distributions; unit_sample and value (point x parameter);
//                group, block, randomisation, changed_parameter (point)
//   /results     value (point x replicate x statistic), status and error (point), seed (point)
//   /timeseries  optional: one dataset per output, dims (point, replicate, month)
//   /analysis    Sobol' or Morris indices, written by sweep_analysis.cpp
// Points are written one at a time, in any order, so memory does not grow with the sweep.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "io/hdf5.hpp"
#include "sweep/design.hpp"
#include "sweep/point_model.hpp"
#include "sweep/sweep_spec.hpp"

namespace asmsim {

// status of a point in /results/status
inline constexpr int point_ok = 0;
inline constexpr int point_failed = 1;
inline constexpr int point_not_run = 2;  // another shard runs it

struct SweepFileInfo {
    const SweepSpec* spec = nullptr;
    const Design* design = nullptr;
    SweepShape shape;
    std::uint64_t seed = 0;
    std::string stream_group, scenario_toml, command_line;
    std::uint64_t fingerprint = 0;
    int shard_index = 0, shard_count = 1;
};

class SweepFileWriter {
public:
    SweepFileWriter(const std::string& path, const SweepFileInfo& info);
    void write_point(const PointResult& result);  // each point once
    void write_not_run(int point);
    void close();  // writes status and error; checks every point was written
    hid_t file() const { return file_; }

private:
    SweepFileInfo info_;
    h5::Handle file_, results_, dim_point_, dim_replicate_, dim_statistic_, value_;
    h5::Handle timeseries_, ts_point_, ts_replicate_, ts_month_;
    std::vector<h5::Handle> series_;
    std::vector<signed char> status_;
    std::vector<std::string> error_;
    std::vector<char> written_;
};

// The fingerprint in a sweep file's /metadata (hex text), and its shard "i/n".
std::string sweep_fingerprint_text(std::uint64_t fingerprint);

// Parses a shard "i/n" (0 <= i < n <= max_shards); false when the text is anything else, including
// numbers too large for an int.
inline constexpr int max_shards = 1'000'000;
bool parse_shard(const std::string& text, int& index, int& count);

}  // namespace asmsim
