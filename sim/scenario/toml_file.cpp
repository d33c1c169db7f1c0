#include "scenario/toml_file.hpp"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/input_error.hpp"
#include "core/parameters.hpp"

namespace asmsim {

void check_toml_line_lengths(const std::string& text, const std::string& path) {
    std::size_t line = 1, start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        if (end - start > max_toml_line_chars)
            throw InputError({path, static_cast<int>(line), 0}, "",
                             "line of " + std::to_string(end - start) + " characters (at most " +
                                 std::to_string(max_toml_line_chars) + ")",
                             "keys and values of a scenario fit on ordinary lines; is this the right file?");
        start = end + 1;
        ++line;
    }
}

namespace {
SourceLocation location(const std::string& path, const toml::source_region& source) {
    return {path, static_cast<int>(source.begin.line), static_cast<int>(source.begin.column)};
}

void check_node(const toml::node& node, const std::string& path, const std::string& name, int depth) {
    if (depth > max_toml_depth)
        throw InputError(location(path, node.source()), name.size() > 80 ? name.substr(0, 80) + "..." : name,
                         "tables or arrays nested more than " + std::to_string(max_toml_depth) + " levels deep",
                         "asmsim's files nest at most a few levels; is this the right file?");
    if (const toml::table* table = node.as_table()) {
        for (const auto& [key, value] : *table) {
            if (key.str().size() > max_toml_key_chars)
                throw InputError(location(path, key.source()), std::string(key.str().substr(0, 40)) + "...",
                                 "key of " + std::to_string(key.str().size()) + " characters (at most " +
                                     std::to_string(max_toml_key_chars) + ")",
                                 "run 'asmsim params' to list every parameter");
            check_node(value, path, name.empty() ? std::string(key.str()) : name + "." + std::string(key.str()), depth + 1);
        }
    } else if (const toml::array* array = node.as_array()) {
        for (const toml::node& element : *array) check_node(element, path, name, depth + 1);
    }
}
}  // namespace

void check_toml_structure(const toml::table& table, const std::string& path) { check_node(table, path, "", 0); }

TomlFile read_toml_file(const std::string& path, const std::string& what) {
    require_input_file(path, what, max_toml_bytes);
    TomlFile file;
    {
        std::ifstream in(path);
        std::stringstream text;
        text << in.rdbuf();
        file.text = text.str();
    }
    check_toml_line_lengths(file.text, path);
    try {
        file.table = toml::parse(file.text, path);
    } catch (const toml::parse_error& e) {
        throw InputError({path, static_cast<int>(e.source().begin.line), static_cast<int>(e.source().begin.column)},
                         "", "malformed TOML: " + std::string(e.description()), "see https://toml.io for the syntax");
    }
    check_toml_structure(file.table, path);
    return file;
}

bool toml_file_has_key(const std::string& path, const std::string& key) {
    try {
        return toml::parse_file(path).contains(key);
    } catch (const toml::parse_error&) {
        return false;
    }
}

namespace {
std::string joined(const std::set<std::string>& items, const char* separator) {
    std::string list;
    for (const auto& item : items) list += (list.empty() ? "" : separator) + item;
    return list;
}
}  // namespace

void TomlReader::only(const toml::table& table, const std::string& prefix, const std::set<std::string>& allowed) const {
    for (const auto& [key, node] : table)
        if (!allowed.count(std::string(key.str())))
            throw InputError(at(key.source()), prefix + std::string(key.str()), "unknown key", "allowed here: " + joined(allowed, ", "));
}

std::int64_t TomlReader::integer(const toml::table& table, const std::string& prefix, const std::string& key, std::int64_t fallback,
                                 std::int64_t lo, std::int64_t hi) const {
    const toml::node* node = table.get(key);
    if (!node) return fallback;
    auto v = node->value_exact<std::int64_t>();
    if (!v || *v < lo || *v > hi)
        throw InputError(at(*node), prefix + key, "expected an integer from " + std::to_string(lo) + " to " + std::to_string(hi));
    return *v;
}

double TomlReader::real(const toml::node& node, const std::string& key) const {
    auto v = node.value<double>();  // integers are accepted
    if (!v || !std::isfinite(*v)) throw InputError(at(node), key, "expected a number");
    return *v;
}

double TomlReader::real(const toml::table& table, const std::string& prefix, const std::string& key, double fallback, double lo,
                        double hi) const {
    const toml::node* node = table.get(key);
    if (!node) return fallback;
    const double v = real(*node, prefix + key);
    if (v < lo || v > hi)
        throw InputError(at(*node), prefix + key, "expected a number from " + to_toml_literal(ParamValue{lo}) + " to " +
                                                      to_toml_literal(ParamValue{hi}));
    return v;
}

std::string TomlReader::text(const toml::table& table, const std::string& prefix, const std::string& key, const std::string& fallback,
                             const std::set<std::string>& choices) const {
    const toml::node* node = table.get(key);
    if (!node) return fallback;
    auto v = node->value_exact<std::string>();
    if (!v) throw InputError(at(*node), prefix + key, "expected a string");
    if (!choices.empty() && !choices.count(*v))
        throw InputError(at(*node), prefix + key, "'" + *v + "' is not allowed", "choose one of " + joined(choices, " | "));
    return *v;
}

std::string TomlReader::base_scenario(const toml::table& model, const toml::node& model_node, const std::string& missing,
                                      const std::string& file_kind, std::vector<std::string>& sets) const {
    namespace fs = std::filesystem;
    const toml::node* scenario = model.get("scenario");
    if (!scenario || !scenario->is_string())
        throw InputError(at(model_node), "model.scenario", missing,
                         "e.g. scenario = \"../baseline.toml\" (relative to the " + file_kind + ")");
    const std::string file = *scenario->value<std::string>();
    const fs::path resolved = fs::path(file).is_absolute() ? fs::path(file) : fs::path(path_).parent_path() / file;
    const std::string path = resolved.lexically_normal().string();
    if (!fs::exists(path))
        throw InputError(at(*scenario), "model.scenario", "scenario file " + path + " not found",
                         "paths are relative to the " + file_kind);
    if (const toml::node* set = model.get("set")) {
        if (!set->is_array()) throw InputError(at(*set), "model.set", "expected a list of \"key=value\" strings");
        for (const auto& item : *set->as_array()) {
            auto s = item.value<std::string>();
            if (!s || s->find('=') == std::string::npos)
                throw InputError(at(item), "model.set", "expected \"key=value\"", "e.g. \"simulation.months=60\"");
            sets.push_back(*s);
        }
    }
    return path;
}

}  // namespace asmsim
