#include "sweep/progress.hpp"

#include <unistd.h>

#include <cstdio>

namespace asmsim {

namespace {
std::string duration_text(double seconds) {
    char text[64];
    if (seconds < 90) std::snprintf(text, sizeof text, "%.0f s", seconds);
    else if (seconds < 5400) std::snprintf(text, sizeof text, "%.1f min", seconds / 60);
    else std::snprintf(text, sizeof text, "%.1f h", seconds / 3600);
    return text;
}
}  // namespace

Progress::Progress(int total, int already_done, bool quiet, double log_seconds, std::string what, std::string unit)
    : total_(total), done_(already_done), started_with_(already_done), quiet_(quiet),
      terminal_(isatty(STDERR_FILENO) == 1), log_seconds_(log_seconds), what_(std::move(what)), unit_(std::move(unit)),
      start_(std::chrono::steady_clock::now()), last_(start_) {}

void Progress::tick(bool failed) {
    std::lock_guard<std::mutex> lock(mutex_);
    ++done_;
    failed_ += failed;
    const auto now = std::chrono::steady_clock::now();
    const double since = std::chrono::duration<double>(now - last_).count();
    if (since >= (terminal_ ? 0.25 : log_seconds_)) {
        last_ = now;
        report(false);
    }
}

void Progress::finish() {
    std::lock_guard<std::mutex> lock(mutex_);
    report(true);
}

void Progress::report(bool final_line) {
    if (quiet_) return;
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    const int ran = done_ - started_with_;
    std::string left = "?";
    if (ran > 0 && done_ < total_) left = duration_text(elapsed / ran * (total_ - done_));
    char text[256];
    std::snprintf(text, sizeof text, "%s: %d/%d %s (%.1f%%), %d failed, %s elapsed%s%s", what_.c_str(), done_, total_, unit_.c_str(),
                  total_ ? 100.0 * done_ / total_ : 100.0, failed_, duration_text(elapsed).c_str(),
                  done_ < total_ ? ", about " : "", done_ < total_ ? (left + " left").c_str() : "");
    if (terminal_) std::fprintf(stderr, "\r%s\033[K%s", text, final_line ? "\n" : "");
    else std::fprintf(stderr, "%s\n", text);
    std::fflush(stderr);
}

}  // namespace asmsim
