#include "scenario/scenario.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>
#include <set>

#include <toml++/toml.h>

#include "scenario/toml_file.hpp"

namespace asmsim {

namespace fs = std::filesystem;

namespace {

// The lines of a text file, without their ends of line.
std::vector<std::string> read_lines(const std::string& path) {
    std::ifstream in(path);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        lines.push_back(line);
    }
    return lines;
}

std::string trimmed(std::string s) {
    s.erase(0, s.find_first_not_of(" \t"));
    s.erase(s.find_last_not_of(" \t") + 1);
    return s;
}

// The dotted key a "key = value" line (1-based `number`) sets, with the table header above it;
// "" for other lines.
std::string key_on_line(const std::vector<std::string>& lines, int number) {
    if (number < 1 || number > static_cast<int>(lines.size())) return "";
    std::string table;
    for (int k = 0; k < number - 1; ++k) {
        const std::string line = trimmed(lines[k]);
        if (line.size() > 2 && line.front() == '[' && line.back() == ']') table = trimmed(line.substr(1, line.size() - 2));
    }
    const std::string line = trimmed(lines[number - 1]);
    const auto eq = line.find('=');
    if (line.empty() || line.front() == '[' || line.front() == '#' || eq == std::string::npos) return "";
    const std::string key = trimmed(line.substr(0, eq));
    return table.empty() ? key : table + "." + key;
}

SourceLocation location_of(const std::string& file, const toml::source_region& region) {
    return {file, static_cast<int>(region.begin.line), static_cast<int>(region.begin.column)};
}

std::string suggestion_for(const ParameterSchema& schema, const std::string& name) {
    auto candidates = schema.nearest(name, 1);
    if (candidates.empty()) return "run 'asmsim params' to list every parameter";
    return "did you mean '" + candidates.front() + "'?";
}

// For an unknown table: the closest table name at any level ("prices.glod" -> "prices.gold").
std::string table_suggestion_for(const ParameterSchema& schema, const std::string& name) {
    std::set<std::string> tables;
    for (const auto& spec : schema.all())
        for (auto dot = spec.name.find('.'); dot != std::string::npos; dot = spec.name.find('.', dot + 1))
            tables.insert(spec.name.substr(0, dot));
    std::string best;
    std::size_t best_distance = std::max<std::size_t>(3, name.size() / 3) + 1;
    for (const auto& table : tables) {
        std::size_t d = edit_distance(name, table);
        if (d < best_distance) {
            best_distance = d;
            best = table;
        }
    }
    if (best.empty()) return "run 'asmsim params' to list every parameter";
    return "did you mean [" + best + "]?";
}

std::string node_type_name(const toml::node& node) {
    switch (node.type()) {
        case toml::node_type::table: return "table";
        case toml::node_type::array: return "array";
        case toml::node_type::date: return "date";
        case toml::node_type::time: return "time";
        case toml::node_type::date_time: return "date-time";
        default: return "value";
    }
}

// What a parameter accepts, for error messages: "valid [1, 1200] months; default 120".
std::string hint_for(const ParamSpec& spec) {
    std::string hint = "valid " + spec.range_text();
    if (!spec.unit.empty() && spec.unit != "1") hint += " " + spec.unit;
    return hint + "; default " + to_toml_literal(spec.default_value);
}

// A TOML value as a parameter value, or nothing when TOML has a type the schema never uses.
std::optional<ParamValue> to_param_value(const toml::node& node) {
    if (auto v = node.as_integer()) return ParamValue{static_cast<std::int64_t>(v->get())};
    if (auto v = node.as_floating_point()) return ParamValue{v->get()};
    if (auto v = node.as_boolean()) return ParamValue{v->get()};
    if (auto v = node.as_string()) return ParamValue{v->get()};
    return std::nullopt;
}

class Loader {
public:
    Loader(const ParameterSchema& schema, ResolvedScenario& out, ParameterSet& params)
        : schema_(schema), out_(out), params_(params) {}

    // Loads `path` (and, first, whatever it extends). `from` locates the reference to it.
    void load_file(const std::string& path, const SourceLocation& from, bool is_top) {
        fs::path file(path);
        std::error_code ec;
        if (!fs::exists(file, ec) && !path.empty()) {
            if (is_top) throw InputError({path, 0, 0}, "", "scenario file not found", "check the path");
            throw InputError(from, "extends", "file '" + path + "' not found",
                             "paths in extends are relative to the file that names them");
        }
        if (is_top) require_input_file(path, "scenario file", max_toml_bytes);
        else require_input_file(path, "scenario file", max_toml_bytes, from, "extends");
        const std::string canonical = fs::weakly_canonical(file, ec).string();
        if (std::find(stack_.begin(), stack_.end(), canonical) != stack_.end()) {
            std::string cycle;
            for (const auto& f : stack_) cycle += f + " -> ";
            throw InputError(from, "extends", "circular extends: " + cycle + canonical,
                             "remove one of the extends so that the chain ends");
        }
        stack_.push_back(canonical);

        // Read once: checked for hostile line lengths, then parsed from the same text.
        std::string source;
        {
            std::ifstream in(path);
            std::stringstream text;
            text << in.rdbuf();
            source = text.str();
        }
        check_toml_line_lengths(source, path);
        toml::table table;
        try {
            table = toml::parse(source, path);
        } catch (const toml::parse_error& e) {
            // The parser knows no key; the offending line usually shows it.
            const SourceLocation where = location_of(path, e.source());
            const std::vector<std::string> lines = read_lines(path);
            const std::string text = where.line >= 1 && where.line <= static_cast<int>(lines.size()) ? lines[where.line - 1] : "";
            throw InputError(where, key_on_line(lines, where.line),
                             "malformed TOML: " + std::string(e.description()) + " in `" + text + "`",
                             "see https://toml.io for the syntax");
        }
        check_toml_structure(table, path);

        // Meta keys first: extends sets the base before this file's values are applied.
        if (const toml::node* extends = table.get("extends")) {
            auto target = extends->value<std::string>();
            if (!target)
                throw InputError(location_of(path, extends->source()), "extends",
                                 "expected a file name as a string", "write extends = \"baseline.toml\"");
            if (target->empty())
                throw InputError(location_of(path, extends->source()), "extends", "empty file name",
                                 "write extends = \"baseline.toml\", or remove the line to start from the defaults");
            fs::path base = fs::path(*target).is_absolute() ? fs::path(*target)
                                                            : file.parent_path() / *target;
            load_file(base.lexically_normal().string(), location_of(path, extends->source()), false);
        }
        // name and description belong to the file given, not to the ones it extends.
        for (const std::string meta : {"name", "description"}) {
            if (const toml::node* node = table.get(meta)) {
                auto text = node->value<std::string>();
                if (!text)
                    throw InputError(location_of(path, node->source()), meta, "expected a string");
                if (is_top) (meta == "name" ? out_.name : out_.description) = *text;
            }
        }
        apply_table(table, "", path);
        out_.chain.push_back(path);
        stack_.pop_back();
    }

    void apply_override(const std::string& assignment, int index) {
        const SourceLocation where{"--set #" + std::to_string(index), 0, 0};
        auto eq = assignment.find('=');
        if (eq == std::string::npos || eq == 0)
            throw InputError(where, assignment, "expected key=value", "e.g. --set simulation.months=240");
        std::string key = assignment.substr(0, eq);
        std::string text = assignment.substr(eq + 1);
        key.erase(0, key.find_first_not_of(' '));
        key.erase(key.find_last_not_of(' ') + 1);
        const ParamSpec* spec = schema_.find(key);
        if (!spec) throw InputError(where, key, "unknown parameter", suggestion_for(schema_, key));
        ParamValue value = std::string(text);
        if (spec->type != ParamType::text) {
            try {
                toml::table parsed = toml::parse("v = " + text);
                auto converted = to_param_value(*parsed.get("v"));
                if (converted) value = *converted;
            } catch (const toml::parse_error&) {
                // Not a TOML value: keep it as text; the type check below explains.
            }
        } else if (text.size() >= 2 && text.front() == '"' && text.back() == '"') {
            value = text.substr(1, text.size() - 2);
        }
        if (spec->format == TextFormat::path && !std::get<std::string>(value).empty())
            value = fs::absolute(std::get<std::string>(value)).lexically_normal().string();
        set(*spec, value, where);
        out_.overrides.push_back(assignment);
    }

private:
    void apply_table(const toml::table& table, const std::string& prefix, const std::string& file) {
        for (const auto& [key, node] : table) {
            const std::string name = prefix.empty() ? std::string(key.str()) : prefix + "." + std::string(key.str());
            const SourceLocation key_at = location_of(file, key.source());
            if (prefix.empty() && std::find_if(std::begin(scenario_meta_keys), std::end(scenario_meta_keys),
                                               [&](const char* m) { return name == m; }) !=
                                      std::end(scenario_meta_keys))
                continue;
            if (const toml::table* sub = node.as_table()) {
                if (!schema_.is_table(name)) {
                    if (schema_.find(name))
                        throw InputError(key_at, name, "expected a value, got a table");
                    throw InputError(key_at, name, "unknown table", table_suggestion_for(schema_, name));
                }
                apply_table(*sub, name, file);
                continue;
            }
            const ParamSpec* spec = schema_.find(name);
            if (!spec) {
                std::string hint = suggestion_for(schema_, name);
                if (schema_.is_table(name)) hint = "'" + name + "' is a table: write [" + name + "]";
                throw InputError(key_at, name, "unknown parameter", hint);
            }
            const SourceLocation value_at = location_of(file, node.source());
            auto value = to_param_value(node);
            if (!value)
                throw InputError(value_at, name,
                                 "expected " + std::string(type_name(spec->type)) + ", got " + node_type_name(node),
                                 hint_for(*spec));
            if (spec->format == TextFormat::path) {
                const std::string& given = std::get<std::string>(*value);
                if (!given.empty() && fs::path(given).is_relative())
                    *value = (fs::path(file).parent_path() / given).lexically_normal().string();
                if (!given.empty()) *value = fs::absolute(std::get<std::string>(*value)).lexically_normal().string();
            }
            set(*spec, *value, value_at);
        }
    }

    void set(const ParamSpec& spec, const ParamValue& value, const SourceLocation& where) {
        if (auto problem = ParameterSchema::check(spec, value)) throw InputError(where, spec.name, *problem, hint_for(spec));
        params_.set(spec.name, value);
        out_.origin[spec.name] = where;
    }

    const ParameterSchema& schema_;
    ResolvedScenario& out_;
    ParameterSet& params_;
    std::vector<std::string> stack_;
};

}  // namespace

ResolvedScenario load_scenario(const std::string& path, const std::vector<std::string>& overrides,
                               const ParameterSchema& schema) {
    ResolvedScenario out;
    out.path = path;
    auto params = std::make_shared<ParameterSet>(schema);
    Loader loader(schema, out, *params);
    try {
        if (!path.empty()) loader.load_file(path, {path, 0, 0}, true);  // empty: schema defaults
    } catch (const InputError& e) {
        // An error inside a file that the user's file extends names the user's file too.
        if (e.where().file.empty() || e.where().file == path) throw;
        throw InputError(e.where(), e.key(), e.message() + "; reached from " + path + " through extends", e.hint());
    }
    int index = 1;
    for (const auto& assignment : overrides) loader.apply_override(assignment, index++);
    if (out.name.empty()) out.name = path.empty() ? "defaults" : fs::path(path).stem().string();
    out.params = std::move(params);
    return out;
}

std::string ResolvedScenario::to_toml() const {
    std::string text = "name = " + to_toml_literal(name) + "\n";
    text += "description = " + to_toml_literal(description) + "\n";
    const auto& specs = params->schema().all();
    for (const auto& [table, members] : params->schema().by_table()) {
        text += "\n[" + table + "]\n";
        for (std::size_t i : members)
            text += specs[i].name.substr(table.size() + 1) + " = " + to_toml_literal(params->at(i)) + "\n";
    }
    return text;
}

void ResolvedScenario::rethrow_located(const InputError& error) const {
    if (!error.where().file.empty() || error.key().empty()) throw error;
    auto it = origin.find(error.key());
    SourceLocation where = it != origin.end() ? it->second : SourceLocation{path, 0, 0};
    throw InputError(where, error.key(), error.message(), error.hint());
}

}  // namespace asmsim
