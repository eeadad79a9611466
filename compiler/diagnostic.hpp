// A diagnostic as every mfcc check reports it: FILE:LINE:COL: severity: MESSAGE [CODE].
// Checks append to a DiagnosticSink and keep going, so one run reports every problem; the
// renderers (text, JSON, SARIF, GitHub annotations) read the sink at the end.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace mf::compiler {

enum class Severity { note, warning, error };

inline const char* severity_name(Severity severity)
{
    switch (severity) {
    case Severity::note:
        return "note";
    case Severity::warning:
        return "warning";
    case Severity::error:
        return "error";
    }
    return "error";
}

// 1-based line and column; line 0 means "the file as a whole".
struct SourceLocation {
    std::string file;
    std::size_t line = 0;
    std::size_t column = 0;
};

struct Diagnostic {
    Severity severity = Severity::error;
    SourceLocation location;
    std::string message;
    std::string code; // stable, documented in mfcc(1) and by `mfcc --explain CODE`
};

class DiagnosticSink {
public:
    DiagnosticSink() = default;
    // A sink that keeps only diagnostics of severity `least` or above (mfcc -q keeps errors):
    // the hundreds of thousands of notes a huge main.cf can produce are then never stored.
    explicit DiagnosticSink(Severity least) : least_(least) {}

    void report(Severity severity, SourceLocation location, std::string message, std::string code)
    {
        if (severity == Severity::error)
            ++errors_;
        if (severity < least_)
            return;
        diagnostics_.push_back(
            {severity, std::move(location), std::move(message), std::move(code)});
    }
    // Whether a diagnostic of this severity would be kept: a check whose findings are all of
    // one lower severity can skip building them (mfcc -q drops every note).
    bool keeps(Severity severity) const { return severity >= least_; }
    const std::vector<Diagnostic>& all() const { return diagnostics_; }
    std::size_t error_count() const { return errors_; }
    bool has_errors() const { return errors_ > 0; }

private:
    std::vector<Diagnostic> diagnostics_;
    std::size_t errors_ = 0;
    Severity least_ = Severity::note;
};

} // namespace mf::compiler
