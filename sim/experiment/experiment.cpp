#include "experiment/experiment.hpp"

#include <filesystem>

#include <toml++/toml.h>

#include "core/input_error.hpp"
#include "scenario/toml_file.hpp"

namespace asmsim {

namespace fs = std::filesystem;

namespace {
SourceLocation at(const std::string& file, const toml::node& node) {
    return {file, static_cast<int>(node.source().begin.line), static_cast<int>(node.source().begin.column)};
}
}  // namespace

bool is_experiment_file(const std::string& path) { return toml_file_has_key(path, "scenarios"); }

ExperimentSpec load_experiment(const std::string& path) {
    ExperimentSpec spec;
    spec.path = path;
    TomlFile toml_file = read_toml_file(path, "experiment file");
    spec.toml = std::move(toml_file.text);
    const toml::table& table = toml_file.table;
    for (const auto& [key, node] : table) {
        const std::string k(key.str());
        if (k != "name" && k != "description" && k != "scenarios" && k != "replicates")
            throw InputError({path, static_cast<int>(key.source().begin.line), static_cast<int>(key.source().begin.column)},
                             k, "unknown key in an experiment file", "allowed: name, description, scenarios, replicates");
    }
    spec.name = table["name"].value_or(fs::path(path).stem().string());
    spec.description = table["description"].value_or(std::string());
    const toml::node* scenarios = table.get("scenarios");
    if (!scenarios || !scenarios->is_array())
        throw InputError({path, scenarios ? at(path, *scenarios).line : 0, 0}, "scenarios",
                         "expected a list of scenario files", "e.g. scenarios = [\"../baseline.toml\", \"other.toml\"]");
    for (const auto& item : *scenarios->as_array()) {
        auto file = item.value<std::string>();
        if (!file) throw InputError(at(path, item), "scenarios", "expected a file name as a string");
        if (file->empty()) throw InputError(at(path, item), "scenarios", "empty file name", "give a scenario file's path");
        const fs::path resolved = fs::path(*file).is_absolute() ? fs::path(*file) : fs::path(path).parent_path() / *file;
        // A directory or device is refused here, so that the error names the experiment file and line
        // that list it; a missing file is reported when the scenario is loaded.
        const std::string listed = resolved.lexically_normal().string();
        if (unreadable_input_reason(listed, max_toml_bytes) != "not found")
            require_input_file(listed, "scenario file", max_toml_bytes, at(path, item), "scenarios");
        spec.scenarios.push_back(resolved.lexically_normal().string());
    }
    if (spec.scenarios.size() < 2)
        throw InputError(at(path, *scenarios), "scenarios", "an experiment compares at least two scenarios",
                         "the first is the reference the others are compared with");
    if (const toml::node* replicates = table.get("replicates")) {
        auto r = replicates->value<std::int64_t>();
        if (!r || *r < 2 || *r > 100000)
            throw InputError(at(path, *replicates), "replicates", "expected an integer from 2 to 100000",
                             "intervals need at least two replicates");
        spec.replicates = static_cast<int>(*r);
    }
    return spec;
}

}  // namespace asmsim
