// Forwards diagnostics to a DiagnosticSink once each: the same main.cf list is checked again for
// every smtpd service that inherits it, and a restriction class for every list that uses it, but
// the administrator should read each finding once.
#pragma once

#include <set>
#include <string>
#include <tuple>

#include "compiler/diagnostic.hpp"

namespace mf::compiler {

class UniqueReporter {
public:
    explicit UniqueReporter(DiagnosticSink& sink) : sink_(sink) {}

    void report(Severity severity, const SourceLocation& location, std::string message,
                std::string code)
    {
        auto key = std::make_tuple(location.file, location.line, location.column, code, message);
        if (!seen_.insert(std::move(key)).second)
            return;
        sink_.report(severity, location, std::move(message), std::move(code));
    }

    // The lines (file, line) on which a diagnostic with this code has been reported so far.
    std::set<std::pair<std::string, std::size_t>> lines_with(std::string_view code) const
    {
        std::set<std::pair<std::string, std::size_t>> lines;
        for (const auto& [file, line, column, seen_code, message] : seen_)
            if (seen_code == code)
                lines.emplace(file, line);
        return lines;
    }

private:
    DiagnosticSink& sink_;
    std::set<std::tuple<std::string, std::size_t, std::size_t, std::string, std::string>> seen_;
};

} // namespace mf::compiler
