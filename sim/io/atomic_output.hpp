#pragma once
// An output file that appears under its final name only when it is complete.
// Data goes to "<name>.partial-<pid>" beside it; commit() renames it into place. Destruction
// without commit (an error), SIGINT or SIGTERM removes the partial file; after kill -9 a
// ".partial-" file may remain, and its name says it is incomplete.

#include <string>

namespace asmsim {

class AtomicOutput {
public:
    // Throws std::runtime_error when `final_path` exists and overwrite is false.
    AtomicOutput(std::string final_path, bool overwrite);
    ~AtomicOutput();
    AtomicOutput(const AtomicOutput&) = delete;
    AtomicOutput& operator=(const AtomicOutput&) = delete;

    const std::string& partial_path() const { return partial_path_; }
    const std::string& final_path() const { return final_path_; }
    void commit();  // renames the partial file to the final name (checks overwrite again)

private:
    std::string final_path_;
    std::string partial_path_;
    bool overwrite_;
    bool committed_ = false;
};

}  // namespace asmsim
