#pragma once
// Helpers shared by the test files: a scratch folder removed at the end of a test, and small
// file utilities.

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace asmsim::testing {

// A fresh folder under the system temporary directory, removed with its contents on destruction.
// The name holds the process id and a counter, so parallel ctest processes never share one.
class TempDir {
  public:
    explicit TempDir(const std::string& label) {
        static std::atomic<int> counter{0};
        path_ = std::filesystem::temp_directory_path() /
                ("asmsim_test_" + label + "_" + std::to_string(getpid()) + "_" +
                 std::to_string(counter++));
        std::filesystem::remove_all(path_);
        std::filesystem::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::filesystem::path& path() const { return path_; }
    // Path of `name` inside the folder, as a string.
    std::string file(const std::string& name) const { return (path_ / name).string(); }
    // Writes `text` to `name` (creating sub-folders) and returns the file's path.
    std::string write(const std::string& name, const std::string& text) const {
        const std::filesystem::path target = path_ / name;
        std::filesystem::create_directories(target.parent_path());
        std::ofstream out(target, std::ios::binary);
        out << text;
        return target.string();
    }

  private:
    std::filesystem::path path_;
};

inline std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace asmsim::testing
