// For the fuzz targets that feed a configuration file: whether a diagnostic about that file
// points inside it. A line of 0 names the whole file; any other line must exist, and the
// column (1-based, in bytes) may be at most one past the line's last byte, where a message
// about something missing at the end of a line points.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "compiler/diagnostic.hpp"

namespace mf::fuzz {

class DiagnosticBounds {
public:
    DiagnosticBounds(std::string_view file, std::string_view text) : file_(file)
    {
        std::size_t start = 0;
        for (std::size_t i = 0; i < text.size(); ++i)
            if (text[i] == '\n') {
                line_lengths_.push_back(i - start);
                start = i + 1;
            }
        line_lengths_.push_back(text.size() - start);
    }

    bool inside(const compiler::Diagnostic& diagnostic) const
    {
        const compiler::SourceLocation& at = diagnostic.location;
        if (at.file != file_ || at.line == 0)
            return true;
        return at.line <= line_lengths_.size() && at.column <= line_lengths_[at.line - 1] + 1;
    }

private:
    std::string_view file_;
    std::vector<std::size_t> line_lengths_;
};

} // namespace mf::fuzz
