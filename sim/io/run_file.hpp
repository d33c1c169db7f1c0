#pragma once
// The HDF5 file of `asmsim run` (layout in docs/outputs.md):
//   /metadata     attributes: scenario_toml, seed, asmsim_version, git_commit, created_utc, command_line, ...
//   /timeseries   one dataset per output, dims (replicate, month), attrs units and long_name
//   /households   final state of every household column, dims (replicate, household)
// Replicates are written as they finish (from any thread), so memory does not grow with them.

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "core/calendar.hpp"
#include "core/results.hpp"
#include "io/hdf5.hpp"
#include "io/panel_file.hpp"
#include "model/world.hpp"

namespace asmsim {

struct RunMetadata {
    std::string scenario_name;
    std::string scenario_description;
    std::string scenario_toml;  // the resolved scenario
    std::string command_line;
    std::uint64_t seed = 0;
    std::string stream_group;
    int replicates = 0;
    int months = 0;
    std::int64_t households = 0;
    std::optional<YearMonth> start;
};

class RunFileWriter {
public:
    RunFileWriter(const std::string& path, RunMetadata metadata);
    // Thread-safe; each replicate once.
    void write_replicate(int replicate, const Results& results, const Households& households);
    // The replicate's household panel (/panel), when the scenario asks for one; thread-safe.
    void write_panel(int replicate, const HouseholdRecorder& record);
    void close();  // flushes and closes; the file is complete after this

private:
    void create_datasets(const Results& results, const Households& households);

    RunMetadata metadata_;
    std::mutex mutex_;
    h5::Handle file_, timeseries_, households_group_;
    h5::Handle dim_replicate_ts_, dim_month_, dim_replicate_hh_, dim_household_;
    std::map<std::string, h5::Handle> series_, columns_;
    std::map<std::string, h5::Handle> extra_dims_;  // dimensions besides month (role), by name
    bool datasets_created_ = false;
    std::optional<PanelWriter> panel_;
};

}  // namespace asmsim
