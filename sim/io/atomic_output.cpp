#include "io/atomic_output.hpp"

#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <stdexcept>

namespace asmsim {

namespace {
// The partial file the signal handler removes. A fixed buffer, since a handler may not allocate.
char pending_partial[4096] = {0};

extern "C" void remove_partial_and_exit(int signal_number) {
    if (pending_partial[0] != '\0') unlink(pending_partial);
    std::signal(signal_number, SIG_DFL);
    std::raise(signal_number);
}
}  // namespace

AtomicOutput::AtomicOutput(std::string final_path, bool overwrite)
    : final_path_(std::move(final_path)), overwrite_(overwrite) {
    namespace fs = std::filesystem;
    if (!overwrite_ && fs::exists(final_path_))
        throw std::runtime_error(final_path_ + " exists; pass --overwrite to replace it, or choose another -o");
    const fs::path parent = fs::path(final_path_).parent_path();
    if (!parent.empty() && !fs::is_directory(parent))
        throw std::runtime_error("folder " + parent.string() + " does not exist (for " + final_path_ + ")");
    partial_path_ = final_path_ + ".partial-" + std::to_string(getpid());
    if (partial_path_.size() < sizeof pending_partial) {
        std::strncpy(pending_partial, partial_path_.c_str(), sizeof pending_partial - 1);
        std::signal(SIGINT, remove_partial_and_exit);
        std::signal(SIGTERM, remove_partial_and_exit);
    }
}

AtomicOutput::~AtomicOutput() {
    if (!committed_) std::remove(partial_path_.c_str());
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
