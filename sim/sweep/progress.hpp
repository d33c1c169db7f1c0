#pragma once
// Progress of a sweep (or a calibration) on stderr: a line rewritten in place with the estimated time left when
// stderr is a terminal, otherwise a log line every `log_seconds` (and at the end).

#include <chrono>
#include <mutex>
#include <string>

namespace asmsim {

class Progress {
public:
    // `what` starts each line and `unit` names what is counted: "asmsim sweep", "points".
    Progress(int total, int already_done, bool quiet, double log_seconds = 30.0, std::string what = "asmsim sweep",
             std::string unit = "points");
    void tick(bool failed);  // one more point finished; thread-safe
    void finish();

private:
    void report(bool final_line);
    int total_, done_, started_with_, failed_ = 0;
    bool quiet_, terminal_;
    double log_seconds_;
    std::string what_, unit_;
    std::chrono::steady_clock::time_point start_, last_;
    std::mutex mutex_;
};

}  // namespace asmsim
