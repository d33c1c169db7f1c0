// Fuzz target: the sweep specification (TOML) and, when it is accepted and small, its design.

#include <cstddef>
#include <cstdint>
#include <exception>

#include "fuzz_support.hpp"
#include "sweep/design.hpp"
#include "sweep/sweep_spec.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace asmsim;
    const std::string path = fuzz::write_file("sweep.toml", {reinterpret_cast<const char*>(data), size});
    try {
        const SweepSpec spec = load_sweep(path);
        // The size check comes before any allocation in `asmsim sweep`; here too.
        if (design_point_count(spec) <= 4096) (void)make_design(spec, 1);
    } catch (const std::exception&) {
    }
    return 0;
}
