// Fuzz target: the scenario loader, with `extends` and `--set` overrides. One input holds up to
// three parts separated by "\n#---\n": the scenario (top.toml), the file it may extend
// (base.toml, reached with extends = "base.toml") and override lines ("key=value").
// Bad input must end in an InputError (or another std::exception), never a crash or a hang.

#include <cstddef>
#include <cstdint>
#include <exception>

#include "experiment/assembly.hpp"
#include "fuzz_support.hpp"
#include "scenario/scenario.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace asmsim;
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const auto parts = fuzz::split(input, "\n#---\n", 3);
    const std::string top = fuzz::write_file("top.toml", parts[0]);
    fuzz::write_file("base.toml", parts.size() > 1 ? parts[1] : std::string_view{});
    std::vector<std::string> overrides;
    if (parts.size() > 2)
        for (auto line : fuzz::split(parts[2], "\n", 16))
            if (!line.empty()) overrides.emplace_back(line);
    try {
        const ResolvedScenario scenario = load_scenario(top, overrides, model_schema());
        (void)scenario.to_toml();
    } catch (const std::exception&) {
        // Refused with a message: what bad input should get.
    }
    return 0;
}
