#pragma once
// The parameter registry: every model parameter is declared once, with unit, default, valid
// range, description and source. Scenario validation, `asmsim params`, docs/parameters.md and
// sweep bounds all read this registry; nothing else declares parameters.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>

namespace asmsim {

enum class ParamType { real, integer, boolean, text };

using ParamValue = std::variant<double, std::int64_t, bool, std::string>;

std::string_view type_name(ParamType type);
ParamType type_of(const ParamValue& value);
// A value as it would be written in TOML (strings quoted, reals with full precision).
std::string to_toml_literal(const ParamValue& value);

// Extra checks for text parameters.
enum class TextFormat {
    any,
    year_month,  // "YYYY-MM" or "" (no calendar)
    path,        // a file path, resolved relative to the scenario file that sets it
    index_list,  // "" or comma-separated non-negative integers, e.g. "0, 3, 7"
    month_list,  // "none", "all" or comma-separated months of the run, e.g. "0, 12, 119"
};

// The integers of an index_list text ("" gives none); nullopt when the text is not such a list.
std::optional<std::vector<std::int64_t>> parse_index_list(const std::string& text);

struct ParamSpec {
    std::string name;  // dotted, e.g. "finance.mfi_rate_monthly"
    ParamType type = ParamType::real;
    std::string unit;  // "" for dimensionless or text
    ParamValue default_value;
    double min = 0.0;  // inclusive range for real and integer parameters
    double max = 0.0;
    std::vector<std::string> choices;  // allowed values of a text parameter; empty = free
    TextFormat format = TextFormat::any;
    std::string description;
    std::string source;  // citation, or "assumption: why"

    bool is_numeric() const { return type == ParamType::real || type == ParamType::integer; }
    std::string range_text() const;  // "[0, 1]", "gbm_jump | log_ou", "YYYY-MM", ...
};

class ParameterSchema {
public:
    // Declaration helpers; they keep the declaration table in model/schema.cpp short and aligned.
    void real(std::string name, double default_value, std::string unit, double min, double max,
              std::string description, std::string source);
    void integer(std::string name, std::int64_t default_value, std::string unit, std::int64_t min,
                 std::int64_t max, std::string description, std::string source);
    void flag(std::string name, bool default_value, std::string description, std::string source);
    void choice(std::string name, std::string default_value, std::vector<std::string> choices,
                std::string description, std::string source);
    void text(std::string name, std::string default_value, TextFormat format,
              std::string description, std::string source);

    const ParamSpec* find(std::string_view name) const;
    std::optional<std::size_t> index_of(std::string_view name) const;
    const std::vector<ParamSpec>& all() const { return specs_; }
    std::size_t size() const { return specs_.size(); }

    // True when `prefix` names a table of parameters (e.g. "prices" or "prices.gold").
    bool is_table(std::string_view prefix) const;

    // Parameters grouped by TOML table (the name before the last dot), tables in order of first
    // declaration: TOML forbids reopening a table, so files are written in this order.
    std::vector<std::pair<std::string, std::vector<std::size_t>>> by_table() const;

    // The known names closest to an unknown one (edit distance), best first.
    std::vector<std::string> nearest(std::string_view name, std::size_t how_many = 1) const;

    // Checks a value against a spec; returns a message when it is not acceptable.
    // Integers are accepted for real parameters (converted by coerce()).
    static std::optional<std::string> check(const ParamSpec& spec, const ParamValue& value);
    // Converts an acceptable value to the spec's type (integer -> real).
    static ParamValue coerce(const ParamSpec& spec, const ParamValue& value);

private:
    void add(ParamSpec spec);
    std::vector<ParamSpec> specs_;
    std::unordered_map<std::string, std::size_t> index_;
};

// A complete set of parameter values: every declared parameter has one.
class ParameterSet {
public:
    explicit ParameterSet(const ParameterSchema& schema);  // all defaults

    const ParameterSchema& schema() const { return *schema_; }
    // Sets a value after check() and coerce(); throws std::invalid_argument on a bad name/value.
    void set(std::string_view name, const ParamValue& value);
    const ParamValue& get(std::string_view name) const;
    const ParamValue& at(std::size_t index) const { return values_[index]; }

    double real(std::string_view name) const;
    std::int64_t integer(std::string_view name) const;
    bool flag(std::string_view name) const;
    const std::string& text(std::string_view name) const;

private:
    std::size_t require(std::string_view name) const;
    const ParameterSchema* schema_;
    std::vector<ParamValue> values_;
};

// Levenshtein distance, used for "did you mean" suggestions.
std::size_t edit_distance(std::string_view a, std::string_view b);

}  // namespace asmsim
