#include "core/input_error.hpp"

#include <filesystem>

namespace asmsim {

std::string SourceLocation::to_string() const {
    std::string out = file.empty() ? std::string("<input>") : file;
    if (line > 0) {
        out.append(":").append(std::to_string(line));
        if (column > 0) out.append(":").append(std::to_string(column));
    }
    return out;
}

namespace {
std::string compose(const SourceLocation& where, const std::string& key, const std::string& message,
                    const std::string& hint) {
    std::string text = where.file.empty() ? std::string() : where.to_string() + ": ";
    if (!key.empty()) text += "key '" + key + "': ";
    text += message;
    if (!hint.empty()) text += " (" + hint + ")";
    return text;
}
}  // namespace

InputError::InputError(SourceLocation where, std::string key, std::string message, std::string hint)
    : std::runtime_error(compose(where, key, message, hint)),
      where_(std::move(where)),
      key_(std::move(key)),
      message_(std::move(message)),
      hint_(std::move(hint)) {}

std::string unreadable_input_reason(const std::string& path, std::uintmax_t max_bytes) {
    namespace fs = std::filesystem;
    if (path.empty()) return "empty path";
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (ec || !fs::exists(status)) return "not found";
    if (fs::is_directory(status)) return "a directory";
    if (!fs::is_regular_file(status)) return "not a regular file (a device, pipe or socket)";
    const std::uintmax_t bytes = fs::file_size(path, ec);
    if (ec) return "cannot be read: " + ec.message();
    if (bytes > max_bytes)
        return "too large: " + std::to_string(bytes >> 20) + " MB, at most " + std::to_string(max_bytes >> 20) + " MB";
    return "";
}

namespace {
std::string with_article(const std::string& noun) {
    const bool vowel = !noun.empty() && std::string("aeiou").find(noun[0]) != std::string::npos;
    return (vowel ? "an " : "a ") + noun;
}
}  // namespace

void require_input_file(const std::string& path, const std::string& what, std::uintmax_t max_bytes,
                        const SourceLocation& from, const std::string& key) {
    const std::string reason = unreadable_input_reason(path, max_bytes);
    if (reason.empty()) return;
    std::string message;
    if (reason == "empty path") message = "empty path where " + with_article(what) + " is expected";
    else if (reason == "not found") message = what + " not found";
    else if (reason == "a directory") message = "a directory, not " + with_article(what);
    else message = "cannot be used as " + with_article(what) + ": " + reason;
    const std::string hint = reason == "not found" ? "check the path" : "check the path; " + with_article(what) + " is expected";
    // At the top (the user's own argument) the location is the path itself; from inside a file,
    // the message names the path that the file gave.
    if (from.file.empty()) throw InputError({path, 0, 0}, "", message, hint);
    throw InputError(from, key, "'" + path + "': " + message, hint);
}

}  // namespace asmsim
