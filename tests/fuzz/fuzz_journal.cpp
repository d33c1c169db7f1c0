// Fuzz target: reading a sweep journal (as --resume and the final assembly do). The fingerprint
// is taken from the input's own header, so that the fuzzer reaches the records behind it.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <exception>

#include "fuzz_support.hpp"
#include "sweep/journal.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace asmsim;
    const std::string path = fuzz::write_file("sweep.h5.journal", {reinterpret_cast<const char*>(data), size});
    std::uint64_t fingerprint = 0;
    if (size >= 16) std::memcpy(&fingerprint, data + 8, sizeof fingerprint);
    constexpr int points = 64;
    try {
        JournalIndex index(points);
        (void)index.add(path, fingerprint);
        for (int p = 0; p < points; ++p)
            if (index.has(p)) (void)index.read(p);
    } catch (const std::exception&) {
    }
    return 0;
}
