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
