#include "scenario/toml_file.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/input_error.hpp"

namespace asmsim {

TomlFile read_toml_file(const std::string& path, const std::string& what) {
    if (!std::filesystem::exists(path)) throw InputError({path, 0, 0}, "", what + " not found", "check the path");
    TomlFile file;
    {
        std::ifstream in(path);
        std::stringstream text;
        text << in.rdbuf();
        file.text = text.str();
    }
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
