#include "scenario/toml_file.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/input_error.hpp"

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

}  // namespace asmsim
