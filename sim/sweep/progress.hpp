#pragma once
// Progress of a sweep on stderr: a line rewritten in place with the estimated time left when
// stderr is a terminal, otherwise a log line every `log_seconds` (and at the end).

#include <chrono>
#include <mutex>
#include <string>

namespace asmsim {

class Progress {
public:
    Progress(int total, int already_done, bool quiet, double log_seconds = 30.0);
    void tick(bool failed);  // one more point finished; thread-safe
    void finish();

private:
    void report(bool final_line);
    int total_, done_, started_with_, failed_ = 0;
    bool quiet_, terminal_;
    double log_seconds_;
    std::chrono::steady_clock::time_point start_, last_;
    std::mutex mutex_;
};

}  // namespace asmsim
