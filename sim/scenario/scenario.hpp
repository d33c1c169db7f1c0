#pragma once
// Scenario files: TOML tables whose keys are parameter names (see scenarios/baseline.toml).
// A scenario may `extends = "other.toml"` (its values override the other's) and the command line
// may `--set key=value` on top. Loading checks every key, type and range against the parameter
// schema and reports the first problem as an InputError with file, line, column and key.

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/input_error.hpp"
#include "core/parameters.hpp"

namespace asmsim {

struct ResolvedScenario {
    std::string name;         // `name` in the file, else the file's stem
    std::string description;  // `description` in the file, else ""
    std::string path;         // the scenario file given
    std::vector<std::string> chain;  // files read, base first (extends), the given one last
    std::vector<std::string> overrides;  // --set arguments, in order
    std::shared_ptr<const ParameterSet> params;
    std::map<std::string, SourceLocation> origin;  // where each non-default value was set

    // The full scenario as TOML: every parameter with its resolved value. Loading this text
    // again gives the same parameters.
    std::string to_toml() const;
    // Re-throws an error about a key (from later checks) with the location that set the key.
    [[noreturn]] void rethrow_located(const InputError& error) const;
};

// Reads a scenario file, follows `extends`, applies `--set` overrides ("key=value", value in TOML
// syntax; bare text is taken as a string) and validates everything against the schema.
// An empty path starts from the schema's defaults.
ResolvedScenario load_scenario(const std::string& path, const std::vector<std::string>& overrides,
                               const ParameterSchema& schema);

// Keys allowed at the top of a scenario file besides parameter tables.
inline constexpr const char* scenario_meta_keys[] = {"name", "description", "extends"};

}  // namespace asmsim
