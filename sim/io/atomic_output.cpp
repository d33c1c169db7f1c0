#include "io/atomic_output.hpp"

#include <signal.h>
#include <sys/types.h>
#include <unistd.h>

#include <csignal>
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <stdexcept>

#include "core/input_error.hpp"

namespace asmsim {

namespace {
// The partial file the signal handler removes. A fixed buffer, since a handler may not allocate.
char pending_partial[4096] = {0};

// Removes the partial file and exits with 128 + the signal's number, as a shell reports a process
// ended by that signal (SIGQUIT's default would also dump core). Only async-signal-safe calls.
extern "C" void remove_partial_and_exit(int signal_number) {
    if (pending_partial[0] != '\0') unlink(pending_partial);
    _exit(128 + signal_number);
}

constexpr int handled_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
}  // namespace

AtomicOutput::AtomicOutput(std::string final_path, bool overwrite)
    : final_path_(std::move(final_path)), overwrite_(overwrite) {
    namespace fs = std::filesystem;
    if (!overwrite_ && fs::exists(final_path_))
        throw InputError({final_path_, 0, 0}, "", "the output file exists",
                         "pass --overwrite to replace it, or choose another -o");
    created_folders_ = create_parent_folders(final_path_);
    partial_path_ = final_path_ + ".partial-" + std::to_string(getpid());
    if (partial_path_.size() < sizeof pending_partial) {
        std::strncpy(pending_partial, partial_path_.c_str(), sizeof pending_partial - 1);
        for (int s : handled_signals) std::signal(s, remove_partial_and_exit);
    }
}

std::vector<std::string> create_parent_folders(const std::string& path) {
    namespace fs = std::filesystem;
    std::vector<std::string> missing;
    for (fs::path folder = fs::path(path).parent_path(); !folder.empty() && !fs::exists(folder);
         folder = folder.parent_path())
        missing.push_back(folder.string());
    std::reverse(missing.begin(), missing.end());  // outermost first
    for (const auto& folder : missing) {
        std::error_code ec;
        if (!fs::create_directory(folder, ec) && !fs::is_directory(folder))
            throw std::runtime_error("cannot create folder " + folder + " for " + path + ": " + ec.message());
    }
    const fs::path parent = fs::path(path).parent_path();
    if (!parent.empty() && !fs::is_directory(parent))
        throw std::runtime_error(parent.string() + " is not a folder (for " + path + ")");
    return missing;
}

int remove_stale_partials(const std::string& final_path) {
    namespace fs = std::filesystem;
    const fs::path target(final_path);
    const fs::path folder = target.parent_path().empty() ? fs::path(".") : target.parent_path();
    const std::string prefix = target.filename().string() + ".partial-";
    int removed = 0;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(folder, ec)) {
        const std::string name = entry.path().filename().string();
        if (name.rfind(prefix, 0) != 0) continue;
        const std::string digits = name.substr(prefix.size());
        if (digits.empty() || digits.size() > 9 || digits.find_first_not_of("0123456789") != std::string::npos) continue;
        const pid_t pid = static_cast<pid_t>(std::stol(digits));
        // A process that still runs (or that we may not signal) keeps its file.
        if (pid == getpid() || ::kill(pid, 0) == 0 || errno != ESRCH) continue;
        if (fs::remove(entry.path(), ec)) ++removed;
    }
    return removed;
}

AtomicOutput::~AtomicOutput() {
    if (!committed_) {
        std::remove(partial_path_.c_str());
        // Folders made for this output go too when it failed (each only if left empty).
        std::error_code ec;
        for (auto it = created_folders_.rbegin(); it != created_folders_.rend(); ++it) std::filesystem::remove(*it, ec);
    }
    pending_partial[0] = '\0';
}

void AtomicOutput::commit() {
    if (!overwrite_ && std::filesystem::exists(final_path_)) {
        committed_ = true;  // keep the partial file: it holds the only copy of these results
        throw std::runtime_error(final_path_ + " appeared while the run was going; results left in " +
                                 partial_path_);
    }
    if (std::rename(partial_path_.c_str(), final_path_.c_str()) != 0)
        throw std::runtime_error("cannot rename " + partial_path_ + " to " + final_path_ + ": " +
                                 std::strerror(errno));
    committed_ = true;
    pending_partial[0] = '\0';
}

}  // namespace asmsim
