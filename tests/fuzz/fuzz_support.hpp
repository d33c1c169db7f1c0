#pragma once
// Shared by the libFuzzer targets (docs/testing.md): a private scratch folder, and writing the
// fuzzer's bytes to files there, since asmsim's readers take paths.

#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace asmsim::fuzz {

// One folder per fuzzing process, made on first use (removed by the OS's /tmp cleaning; a fuzzer
// that finds a crash must leave the files that caused it).
inline const std::string& scratch() {
    static const std::string folder = [] {
        std::string pattern = "/tmp/asmsim-fuzz-XXXXXX";
        if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
        return pattern;
    }();
    return folder;
}

inline std::string write_file(const std::string& name, std::string_view bytes) {
    const std::string path = scratch() + "/" + name;
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    return path;
}

// Splits the input at each occurrence of `separator` (one fuzz input holding several files).
inline std::vector<std::string_view> split(std::string_view text, std::string_view separator, std::size_t most) {
    std::vector<std::string_view> parts;
    while (parts.size() + 1 < most) {
        const auto at = text.find(separator);
        if (at == std::string_view::npos) break;
        parts.push_back(text.substr(0, at));
        text.remove_prefix(at + separator.size());
    }
    parts.push_back(text);
    return parts;
}

}  // namespace asmsim::fuzz
