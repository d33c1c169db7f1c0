#pragma once
// Errors caused by what the user gave us (scenario files, --set, CLI values).
// They carry where the problem is, so the CLI can print "file:line:col: key: message".

#include <stdexcept>
#include <string>

namespace asmsim {

struct SourceLocation {
    std::string file;  // a path, or a label such as "--set" for the command line
    int line = 0;      // 1-based; 0 when unknown
    int column = 0;    // 1-based; 0 when unknown

    std::string to_string() const;
};

class InputError : public std::runtime_error {
public:
    InputError(SourceLocation where, std::string key, std::string message, std::string hint = "");

    const SourceLocation& where() const { return where_; }
    const std::string& key() const { return key_; }
    const std::string& message() const { return message_; }
    const std::string& hint() const { return hint_; }

private:
    SourceLocation where_;
    std::string key_;
    std::string message_;
    std::string hint_;
};

}  // namespace asmsim
