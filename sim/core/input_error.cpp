#include "core/input_error.hpp"

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

}  // namespace asmsim
