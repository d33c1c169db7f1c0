#pragma once
// Reading the TOML files that are not scenarios (experiments, sweeps): the text is kept so that it
// can be stored with the results, and a missing file or a syntax error becomes an InputError
// naming the file, line and column.

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include <toml++/toml.h>

#include "core/input_error.hpp"

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

// Reads the values of one TOML file that is not a scenario (sweeps, calibrations): every error is
// an InputError naming the file, the node's line and column, and the key ("prefix" + key).
class TomlReader {
public:
    explicit TomlReader(std::string path) : path_(std::move(path)) {}
    SourceLocation at(const toml::source_region& region) const {
        return {path_, static_cast<int>(region.begin.line), static_cast<int>(region.begin.column)};
    }
    SourceLocation at(const toml::node& node) const { return at(node.source()); }
    const std::string& path() const { return path_; }

    // Rejects keys of `table` not in `allowed`, listing those allowed.
    void only(const toml::table& table, const std::string& prefix, const std::set<std::string>& allowed) const;
    // table[key] as an integer in [lo, hi]; `fallback` when absent.
    std::int64_t integer(const toml::table& table, const std::string& prefix, const std::string& key, std::int64_t fallback,
                         std::int64_t lo, std::int64_t hi) const;
    // A finite number (integers accepted).
    double real(const toml::node& node, const std::string& key) const;
    // table[key] as a number in [lo, hi]; `fallback` when absent.
    double real(const toml::table& table, const std::string& prefix, const std::string& key, double fallback, double lo,
                double hi) const;
    // table[key] as a string, one of `choices` when given; `fallback` when absent.
    std::string text(const toml::table& table, const std::string& prefix, const std::string& key, const std::string& fallback,
                     const std::set<std::string>& choices = {}) const;
    // A [model] table's `scenario` (resolved against this file's folder; must exist) and `set`
    // ("key=value" strings, appended to `sets`). `missing` is the message when there is no scenario;
    // `file_kind` names this file in hints ("sweep file").
    std::string base_scenario(const toml::table& model, const toml::node& model_node, const std::string& missing,
                              const std::string& file_kind, std::vector<std::string>& sets) const;

private:
    std::string path_;
};

}  // namespace asmsim
