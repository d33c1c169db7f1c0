#pragma once
// Limits known before work starts (issue 18.3): the memory and disk space a command will need,
// estimated from its dimensions and checked against what the machine has, so that a job that
// cannot fit is refused at once rather than dying hours later (std::bad_alloc, a full disk).
// The per-household figures are measured (docs/performance.md, "Memory and file size").

#include <cstdint>
#include <string>

#include <CLI/CLI.hpp>

#include "core/parameters.hpp"

namespace asmsim::cli {

// Measured on the v2 model: peak resident memory per household of one simulation in flight
// (about 350 bytes; 400 leaves room), the process's own base, and the stored size of one
// household's final state in a run file (about 88 bytes per household and replicate, compressed).
inline constexpr double memory_bytes_per_household = 400.0;
inline constexpr double memory_base_bytes = 64e6;
inline constexpr double run_file_bytes_per_household = 88.0;
// One monthly value of one output, uncompressed; a run has about 200 monthly outputs (`asmsim outputs`).
inline constexpr double series_bytes_per_value = 8.0;
inline constexpr double monthly_outputs_per_run = 200.0;

// Stored size of one run's household panel (outputs.panel_months, outputs.panel_households): about
// 20 bytes per household and month, compressed (measured on the framework experiment, docs/outputs.md).
double panel_bytes_per_run(const ParameterSet& params);

// Memory of `in_flight` simulations of `households` each, with the process's base.
inline double simulations_memory_bytes(double in_flight, double households) {
    return memory_base_bytes + in_flight * households * memory_bytes_per_household;
}

// --max-memory GB on a command: the memory it may use (default: what the system has available).
inline void add_max_memory_option(CLI::App* command, double& max_memory_gb) {
    command->add_option("--max-memory", max_memory_gb,
                        "memory the command may use, in GB (default: what the system has available); a job that needs "
                        "more is refused before it starts")
        ->check(CLI::Range(0.001, 1e6));
}

// Memory the system can give this process now (MemAvailable in /proc/meminfo); 0 when unknown.
std::uint64_t available_memory_bytes();

// Free space for an unprivileged writer on the file system that `output` will be written to
// (its nearest existing folder); UINT64_MAX when unknown.
std::uint64_t free_disk_bytes(const std::string& output);

// "512.0 kB", "12.3 MB", "1.2 GB".
std::string size_text(double bytes);

// Refuses (InputError, exit 2) when `needed_bytes` exceeds --max-memory (in GB; 0: what is
// available): "WHAT needs about N GB of memory (M available); HINT".
void require_memory(const std::string& where, const std::string& what, double needed_bytes, double max_memory_gb,
                    const std::string& hint);

// Refuses (std::runtime_error, exit 1) when the file system holding `output` has less free space
// than `needed_bytes`: "OUTPUT: no space left on device (needed about N MB, M MB free)".
void require_disk_space(const std::string& output, double needed_bytes);

}  // namespace asmsim::cli
