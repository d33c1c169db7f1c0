#include "cli/resources.hpp"

#include <sys/statvfs.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <stdexcept>

#include "core/input_error.hpp"
#include "model/household_panel.hpp"

namespace asmsim::cli {

double panel_bytes_per_run(const ParameterSet& params) {
    const double households = static_cast<double>(params.integer("simulation.households"));
    const double sample = static_cast<double>(params.integer("outputs.panel_households"));
    const double months = static_cast<double>(
        panel_months(params.text("outputs.panel_months"), static_cast<int>(params.integer("simulation.months"))).size());
    return (sample > 0 ? std::min(sample, households) : households) * months * 20.0;
}

std::uint64_t available_memory_bytes() {
    std::ifstream in("/proc/meminfo");
    std::string key, unit;
    std::uint64_t kib = 0;
    while (in >> key >> kib >> unit)
        if (key == "MemAvailable:") return kib * 1024;
    return 0;
}

std::uint64_t free_disk_bytes(const std::string& output) {
    namespace fs = std::filesystem;
    fs::path folder = fs::absolute(fs::path(output)).parent_path();
    std::error_code ec;
    while (!folder.empty() && !fs::exists(folder, ec) && folder != folder.parent_path()) folder = folder.parent_path();
    struct statvfs fs_info {};
    if (statvfs(folder.c_str(), &fs_info) != 0) return std::numeric_limits<std::uint64_t>::max();
    return static_cast<std::uint64_t>(fs_info.f_bavail) * fs_info.f_frsize;
}

std::string size_text(double bytes) {
    char text[32];
    if (bytes < 1e6) std::snprintf(text, sizeof text, "%.1f kB", bytes / 1e3);
    else if (bytes < 1e9) std::snprintf(text, sizeof text, "%.1f MB", bytes / 1e6);
    else std::snprintf(text, sizeof text, "%.1f GB", bytes / 1e9);
    return text;
}

void require_memory(const std::string& where, const std::string& what, double needed_bytes, double max_memory_gb,
                    const std::string& hint) {
    const double limit = max_memory_gb > 0 ? max_memory_gb * 1e9 : static_cast<double>(available_memory_bytes());
    if (limit <= 0 || needed_bytes <= limit) return;
    throw InputError({where, 0, 0}, "",
                     what + " needs about " + size_text(needed_bytes) + " of memory (" + size_text(limit) +
                         (max_memory_gb > 0 ? " allowed by --max-memory)" : " available)"),
                     hint + ", or --max-memory GB if you know better");
}

void require_disk_space(const std::string& output, double needed_bytes) {
    const std::uint64_t free = free_disk_bytes(output);
    if (needed_bytes <= static_cast<double>(free)) return;
    throw std::runtime_error(output + ": no space left on device (needed about " + size_text(needed_bytes) + ", " +
                             size_text(static_cast<double>(free)) + " free)");
}

}  // namespace asmsim::cli
