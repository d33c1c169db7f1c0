#include "io/atomic_output.hpp"

#include <signal.h>
#include <sys/types.h>
#include <unistd.h>

#include <csignal>
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <stdexcept>

#include "core/input_error.hpp"

namespace asmsim {

namespace {
// What the signal handler removes: the partial file and the folders made for it. Fixed buffers,
// since a handler may not allocate.
char pending_partial[4096] = {0};
constexpr int max_pending_folders = 8;
char pending_folders[max_pending_folders][4096] = {};
int pending_folder_count = 0;

// Removes the partial file (and the folders made for it, innermost first, each only if empty) and
// exits with 128 + the signal's number, as a shell reports a process ended by that signal
// (SIGQUIT's default would also dump core). Only async-signal-safe calls. The handler is
// installed with SA_RESETHAND, so a second signal of the same kind during the clean-up ends the
// process at once.
extern "C" void remove_partial_and_exit(int signal_number) {
    if (pending_partial[0] != '\0') unlink(pending_partial);
    for (int k = pending_folder_count - 1; k >= 0; --k) rmdir(pending_folders[k]);
    _exit(128 + signal_number);
}

constexpr int handled_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};

void set_pending(const std::string& partial, const std::vector<std::string>& folders) {
    pending_folder_count = 0;
    pending_partial[0] = '\0';
    if (partial.size() >= sizeof pending_partial) return;  // too long to hold: left to the destructor
    for (const auto& folder : folders)
        if (folder.size() < sizeof pending_folders[0] && pending_folder_count < max_pending_folders)
            std::strncpy(pending_folders[pending_folder_count++], folder.c_str(), sizeof pending_folders[0] - 1);
    std::strncpy(pending_partial, partial.c_str(), sizeof pending_partial - 1);
}

void clear_pending() {
    pending_partial[0] = '\0';
    pending_folder_count = 0;
}
}  // namespace

void install_signal_handlers() {
    struct sigaction action {};
    action.sa_handler = remove_partial_and_exit;
    sigemptyset(&action.sa_mask);
    for (int s : handled_signals) sigaddset(&action.sa_mask, s);  // one clean-up at a time
    action.sa_flags = SA_RESETHAND;
    for (int s : handled_signals) sigaction(s, &action, nullptr);
}

AtomicOutput::AtomicOutput(std::string final_path, bool overwrite)
    : final_path_(std::move(final_path)), overwrite_(overwrite) {
    namespace fs = std::filesystem;
    if (!overwrite_ && fs::exists(final_path_))
        throw InputError({final_path_, 0, 0}, "", "the output file exists",
                         "pass --overwrite to replace it, or choose another -o");
    created_folders_ = create_parent_folders(final_path_);
    partial_path_ = final_path_ + ".partial-" + std::to_string(getpid());
    set_pending(partial_path_, created_folders_);
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
    clear_pending();
}

void AtomicOutput::commit() {
    // Test hook (docs/testing.md): hold the finished partial file for a while, so that tests can
    // send a signal at this point of any command (a sweep's or merge's assembly, params -o).
    if (const char* hold = std::getenv("ASMSIM_TEST_HOLD_BEFORE_COMMIT_MS"))
        usleep(static_cast<useconds_t>(std::clamp(std::atol(hold), 0L, 60'000L)) * 1000);
    if (!overwrite_ && std::filesystem::exists(final_path_)) {
        committed_ = true;  // keep the partial file: it holds the only copy of these results
        throw std::runtime_error(final_path_ + " appeared while the run was going; results left in " +
                                 partial_path_);
    }
    if (std::rename(partial_path_.c_str(), final_path_.c_str()) != 0)
        throw std::runtime_error("cannot rename " + partial_path_ + " to " + final_path_ + ": " +
                                 std::strerror(errno));
    committed_ = true;
    clear_pending();
}

}  // namespace asmsim
