#include "core/parameters.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace asmsim {

std::string_view type_name(ParamType type) {
    switch (type) {
        case ParamType::real: return "real";
        case ParamType::integer: return "integer";
        case ParamType::boolean: return "boolean";
        case ParamType::text: return "string";
    }
    return "?";
}

ParamType type_of(const ParamValue& value) {
    switch (value.index()) {
        case 0: return ParamType::real;
        case 1: return ParamType::integer;
        case 2: return ParamType::boolean;
        default: return ParamType::text;
    }
}

namespace {
std::string format_real(double x) {
    // Shortest text that reads back to the same double.
    char buf[64];
    for (int precision = 1; precision <= 17; ++precision) {
        std::snprintf(buf, sizeof buf, "%.*g", precision, x);
        if (std::strtod(buf, nullptr) == x) break;
    }
    std::string text(buf);
    // TOML needs a '.' or exponent to read a float back as a float.
    if (text.find_first_of(".eEn") == std::string::npos) text += ".0";
    return text;
}

// A TOML basic string: quotes, backslashes and control characters escaped.
std::string quote(const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\t') {
            out += "\\t";
        } else if (u < 0x20 || u == 0x7f) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04X", static_cast<unsigned>(u));
            out += buf;
        } else {
            out += c;
        }
    }
    return out + "\"";
}

std::string format_range_number(double x, ParamType type) {
    if (type == ParamType::integer) return std::to_string(static_cast<long long>(x));
    std::string text = format_real(x);
    if (text.size() > 2 && text.substr(text.size() - 2) == ".0") text.resize(text.size() - 2);
    return text;
}
}  // namespace

std::string to_toml_literal(const ParamValue& value) {
    switch (value.index()) {
        case 0: return format_real(std::get<double>(value));
        case 1: return std::to_string(std::get<std::int64_t>(value));
        case 2: return std::get<bool>(value) ? "true" : "false";
        default: return quote(std::get<std::string>(value));
    }
}

std::string ParamSpec::range_text() const {
    switch (type) {
        case ParamType::real:
        case ParamType::integer:
            return "[" + format_range_number(min, type) + ", " + format_range_number(max, type) +
                   "]";
        case ParamType::boolean: return "true | false";
        case ParamType::text: {
            if (!choices.empty()) {
                std::string out;
                for (const auto& c : choices) out += (out.empty() ? "" : " | ") + c;
                return out;
            }
            if (format == TextFormat::year_month) return "\"YYYY-MM\" or \"\"";
            if (format == TextFormat::path) return "file path";
            if (format == TextFormat::index_list) return "\"i, j, ...\" or \"\"";
            if (format == TextFormat::month_list) return "\"none\", \"all\" or \"m, n, ...\"";
            return "text";
        }
    }
    return "";
}

void ParameterSchema::add(ParamSpec spec) {
    if (index_.count(spec.name)) throw std::logic_error("parameter declared twice: " + spec.name);
    if (auto problem = check(spec, spec.default_value))
        throw std::logic_error("default of " + spec.name + " is invalid: " + *problem);
    index_.emplace(spec.name, specs_.size());
    specs_.push_back(std::move(spec));
}

void ParameterSchema::real(std::string name, double default_value, std::string unit, double min,
                           double max, std::string description, std::string source) {
    ParamSpec s;
    s.name = std::move(name);
    s.type = ParamType::real;
    s.unit = std::move(unit);
    s.default_value = default_value;
    s.min = min;
    s.max = max;
    s.description = std::move(description);
    s.source = std::move(source);
    add(std::move(s));
}

void ParameterSchema::integer(std::string name, std::int64_t default_value, std::string unit,
                              std::int64_t min, std::int64_t max, std::string description,
                              std::string source) {
    ParamSpec s;
    s.name = std::move(name);
    s.type = ParamType::integer;
    s.unit = std::move(unit);
    s.default_value = default_value;
    s.min = static_cast<double>(min);
    s.max = static_cast<double>(max);
    s.description = std::move(description);
    s.source = std::move(source);
    add(std::move(s));
}

void ParameterSchema::flag(std::string name, bool default_value, std::string description,
                           std::string source) {
    ParamSpec s;
    s.name = std::move(name);
    s.type = ParamType::boolean;
    s.default_value = default_value;
    s.description = std::move(description);
    s.source = std::move(source);
    add(std::move(s));
}

void ParameterSchema::choice(std::string name, std::string default_value,
                             std::vector<std::string> choices, std::string description,
                             std::string source) {
    ParamSpec s;
    s.name = std::move(name);
    s.type = ParamType::text;
    s.default_value = std::move(default_value);
    s.choices = std::move(choices);
    s.description = std::move(description);
    s.source = std::move(source);
    add(std::move(s));
}

void ParameterSchema::text(std::string name, std::string default_value, TextFormat format,
                           std::string description, std::string source) {
    ParamSpec s;
    s.name = std::move(name);
    s.type = ParamType::text;
    s.default_value = std::move(default_value);
    s.format = format;
    s.description = std::move(description);
    s.source = std::move(source);
    add(std::move(s));
}

const ParamSpec* ParameterSchema::find(std::string_view name) const {
    auto it = index_.find(std::string(name));
    return it == index_.end() ? nullptr : &specs_[it->second];
}

std::optional<std::size_t> ParameterSchema::index_of(std::string_view name) const {
    auto it = index_.find(std::string(name));
    if (it == index_.end()) return std::nullopt;
    return it->second;
}

bool ParameterSchema::is_table(std::string_view prefix) const {
    std::string with_dot = std::string(prefix) + ".";
    return std::any_of(specs_.begin(), specs_.end(), [&](const ParamSpec& s) {
        return s.name.compare(0, with_dot.size(), with_dot) == 0;
    });
}

std::vector<std::pair<std::string, std::vector<std::size_t>>> ParameterSchema::by_table() const {
    std::vector<std::pair<std::string, std::vector<std::size_t>>> tables;
    for (std::size_t i = 0; i < specs_.size(); ++i) {
        const std::string table = specs_[i].name.substr(0, specs_[i].name.rfind('.'));
        auto it = std::find_if(tables.begin(), tables.end(), [&](const auto& t) { return t.first == table; });
        if (it == tables.end()) {
            tables.push_back({table, {}});
            it = tables.end() - 1;
        }
        it->second.push_back(i);
    }
    return tables;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            std::size_t above = row[j];
            std::size_t substitution = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
            row[j] = std::min({above + 1, row[j - 1] + 1, substitution});
            diagonal = above;
        }
    }
    return row[b.size()];
}

std::vector<std::string> ParameterSchema::nearest(std::string_view name,
                                                  std::size_t how_many) const {
    // Score on the whole dotted name, and on the last part alone, so that both
    // "prices.gold.drift" and "prices.gold.drft_annual" find "prices.gold.drift_annual".
    auto last_part = [](std::string_view s) {
        auto dot = s.rfind('.');
        return dot == std::string_view::npos ? s : s.substr(dot + 1);
    };
    std::vector<std::pair<std::size_t, std::string>> scored;
    for (const auto& spec : specs_) {
        std::size_t whole = edit_distance(name, spec.name);
        std::size_t tail = edit_distance(last_part(name), last_part(spec.name));
        auto name_dot = name.rfind('.');
        auto spec_dot = spec.name.rfind('.');
        bool same_table = name_dot != std::string_view::npos && spec_dot != std::string::npos &&
                          name.substr(0, name_dot) == spec.name.substr(0, spec_dot);
        std::size_t score = std::min(whole, same_table ? tail : tail + 3);
        // A name cut short ("drift" for "drift_annual") is almost always the one meant.
        if (same_table && !last_part(name).empty() && last_part(spec.name).rfind(last_part(name), 0) == 0)
            score = std::min<std::size_t>(score, 1);
        scored.emplace_back(score, spec.name);
    }
    std::stable_sort(scored.begin(), scored.end(),
                     [](const auto& x, const auto& y) { return x.first < y.first; });
    std::vector<std::string> out;
    std::size_t limit = std::max<std::size_t>(3, name.size() / 2);
    for (const auto& [score, candidate] : scored) {
        if (out.size() >= how_many || score > limit) break;
        out.push_back(candidate);
    }
    return out;
}

namespace {
bool is_year_month(const std::string& s) {
    if (s.empty()) return true;
    if (s.size() != 7 || s[4] != '-') return false;
    for (int i : {0, 1, 2, 3, 5, 6})
        if (s[i] < '0' || s[i] > '9') return false;
    int month = (s[5] - '0') * 10 + (s[6] - '0');
    return month >= 1 && month <= 12;
}
}  // namespace

std::optional<std::vector<std::int64_t>> parse_index_list(const std::string& text) {
    std::vector<std::int64_t> out;
    std::size_t pos = 0;
    auto skip_spaces = [&] { while (pos < text.size() && text[pos] == ' ') ++pos; };
    skip_spaces();
    if (pos == text.size()) return out;
    while (true) {
        skip_spaces();
        const std::size_t begin = pos;
        std::int64_t value = 0;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9' && pos - begin < 12)
            value = value * 10 + (text[pos++] - '0');
        if (pos == begin) return std::nullopt;
        out.push_back(value);
        skip_spaces();
        if (pos == text.size()) return out;
        if (text[pos++] != ',') return std::nullopt;
    }
}

std::optional<std::string> ParameterSchema::check(const ParamSpec& spec, const ParamValue& value) {
    ParamType given = type_of(value);
    bool type_ok = given == spec.type || (spec.type == ParamType::real && given == ParamType::integer);
    if (!type_ok)
        return "expected " + std::string(type_name(spec.type)) + ", got " +
               std::string(type_name(given)) + " " + to_toml_literal(value);
    if (spec.is_numeric()) {
        double x = given == ParamType::integer ? static_cast<double>(std::get<std::int64_t>(value))
                                               : std::get<double>(value);
        if (!std::isfinite(x) || x < spec.min || x > spec.max)
            return "value " + to_toml_literal(value) + " is out of range " + spec.range_text();
    }
    if (spec.type == ParamType::text) {
        const auto& s = std::get<std::string>(value);
        if (!spec.choices.empty() &&
            std::find(spec.choices.begin(), spec.choices.end(), s) == spec.choices.end())
            return "value \"" + s + "\" is not one of " + spec.range_text();
        if (spec.format == TextFormat::year_month && !is_year_month(s))
            return "value \"" + s + "\" is not a month written as \"YYYY-MM\"";
        if (spec.format == TextFormat::index_list && !parse_index_list(s))
            return "value \"" + s + "\" is not a list of non-negative integers such as \"0, 3, 7\"";
        if (spec.format == TextFormat::month_list && s != "none" && s != "all" && (s.empty() || !parse_index_list(s)))
            return "value \"" + s + "\" is not \"none\", \"all\" or a list of months such as \"0, 12, 119\"";
    }
    return std::nullopt;
}

ParamValue ParameterSchema::coerce(const ParamSpec& spec, const ParamValue& value) {
    if (spec.type == ParamType::real && type_of(value) == ParamType::integer)
        return static_cast<double>(std::get<std::int64_t>(value));
    return value;
}

ParameterSet::ParameterSet(const ParameterSchema& schema) : schema_(&schema) {
    values_.reserve(schema.size());
    for (const auto& spec : schema.all()) values_.push_back(spec.default_value);
}

std::size_t ParameterSet::require(std::string_view name) const {
    auto index = schema_->index_of(name);
    if (!index) throw std::invalid_argument("unknown parameter: " + std::string(name));
    return *index;
}

void ParameterSet::set(std::string_view name, const ParamValue& value) {
    std::size_t i = require(name);
    const ParamSpec& spec = schema_->all()[i];
    if (auto problem = ParameterSchema::check(spec, value))
        throw std::invalid_argument(spec.name + ": " + *problem);
    values_[i] = ParameterSchema::coerce(spec, value);
}

const ParamValue& ParameterSet::get(std::string_view name) const { return values_[require(name)]; }

double ParameterSet::real(std::string_view name) const { return std::get<double>(get(name)); }
std::int64_t ParameterSet::integer(std::string_view name) const {
    return std::get<std::int64_t>(get(name));
}
bool ParameterSet::flag(std::string_view name) const { return std::get<bool>(get(name)); }
const std::string& ParameterSet::text(std::string_view name) const {
    return std::get<std::string>(get(name));
}

}  // namespace asmsim
