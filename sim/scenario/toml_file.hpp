#pragma once
// Reading the TOML files that are not scenarios (experiments, sweeps): the text is kept so that it
// can be stored with the results, and a missing file or a syntax error becomes an InputError
// naming the file, line and column.

#include <string>

#include <toml++/toml.h>

namespace asmsim {

struct TomlFile {
    std::string text;   // the file as written
    toml::table table;  // parsed
};

// Rejects a TOML text with a line longer than max_toml_line_chars (core/input_error.hpp), naming
// the line: a hostile key of a megabyte would otherwise take the parser minutes.
void check_toml_line_lengths(const std::string& text, const std::string& path);

// Rejects a parsed TOML table with a key longer than max_toml_key_chars or tables and arrays
// nested deeper than max_toml_depth (core/input_error.hpp), naming the file, line and key: no
// asmsim file needs either, and a hostile one should not reach the checks that compare keys.
void check_toml_structure(const toml::table& table, const std::string& path);

// Reads and parses `path` (a regular file of at most max_toml_bytes); `what` names the kind of file in the not-found message ("sweep file").
TomlFile read_toml_file(const std::string& path, const std::string& what);

// True when `path` parses as TOML and has a top-level `key` (false on a syntax error, which the
// loader of the file will report).
bool toml_file_has_key(const std::string& path, const std::string& key);

}  // namespace asmsim
