#pragma once
// An output file that appears under its final name only when it is complete. Missing folders on
// the way to it are created, and removed again (when empty) if the output is not committed.
// Data goes to "<name>.partial-<pid>" beside it; commit() renames it into place. Destruction
// without commit (an error), SIGINT, SIGTERM, SIGHUP or SIGQUIT removes the partial file (and the
// process exits with 128 + the signal's number); after kill -9 a ".partial-<pid>" file may remain,
// and its name says it is incomplete: remove_stale_partials clears those of processes that are gone.

#include <string>
#include <vector>

namespace asmsim {

// Installs the handlers of SIGINT, SIGTERM, SIGHUP and SIGQUIT for the whole process (main calls
// it first): each removes the partial output being written, if any, and exits with 128 + the
// signal's number; a second signal of the same kind during that clean-up ends the process at once.
// A sweep's journal is not a partial output: it stays, and --resume continues from it.
void install_signal_handlers();

// Creates the folders missing on the way to `path`'s folder (outermost first) and returns them;
// throws std::runtime_error naming the folder when one cannot be made or is a file.
std::vector<std::string> create_parent_folders(const std::string& path);

// Removes "<final_path>.partial-<pid>" files left by processes that no longer run (kill -9 during
// an earlier attempt); returns how many. A sweep's --resume calls it.
int remove_stale_partials(const std::string& final_path);

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
    std::vector<std::string> created_folders_;  // made for this output; removed again if it fails
};

}  // namespace asmsim
