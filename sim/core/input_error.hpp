#pragma once

#include <cstdint>
// Errors caused by what the user gave us (scenario files, --set, CLI values).
// They carry where the problem is, so the CLI can print "file:line:col: key: message".

#include <stdexcept>
#include <string>

namespace asmsim {

struct SourceLocation {
    std::string file;  // a path, or a label such as "--set" for the command line
    int line = 0;      // 1-based; 0 when unknown
    int column = 0;    // 1-based; 0 when unknown

    std::string to_string() const;
};

class InputError : public std::runtime_error {
public:
    InputError(SourceLocation where, std::string key, std::string message, std::string hint = "");

    const SourceLocation& where() const { return where_; }
    const std::string& key() const { return key_; }
    const std::string& message() const { return message_; }
    const std::string& hint() const { return hint_; }

private:
    SourceLocation where_;
    std::string key_;
    std::string message_;
    std::string hint_;
};

// Why `path` cannot be read as an input text file: "" when it can. Rejects an empty path, a
// missing path, a directory and special files (devices such as /dev/null, pipes, sockets), and a
// file larger than `max_bytes`: each would otherwise be read as an empty or endless input.
std::string unreadable_input_reason(const std::string& path, std::uintmax_t max_bytes);

// Throws the InputError for unreadable_input_reason (located at `from`, naming `key`) unless the
// file can be read. `what` names the kind of file ("scenario file").
void require_input_file(const std::string& path, const std::string& what, std::uintmax_t max_bytes,
                        const SourceLocation& from = {}, const std::string& key = "");

// Largest input text files accepted (scenarios, experiments, sweeps; CSV series), and the longest
// line of a TOML file: bounds the parsers' work on hostile input.
inline constexpr std::uintmax_t max_toml_bytes = 16u << 20;
inline constexpr std::uintmax_t max_csv_bytes = 256u << 20;
inline constexpr std::size_t max_toml_line_chars = 65536;
// The longest key and the deepest nesting of tables and arrays in a TOML file (asmsim's longest
// parameter name has under 60 characters, and its files nest at most 4 levels).
inline constexpr std::size_t max_toml_key_chars = 256;
inline constexpr int max_toml_depth = 16;

}  // namespace asmsim
