// The four forms of mfcc's diagnostics: text (FILE:LINE:COL: severity: MESSAGE [CODE], the source
// line and a caret; colour only when asked, i.e. on a terminal), JSON (an array of objects),
// SARIF 2.1.0 (what GitHub code scanning reads) and GitHub Actions workflow commands.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "compiler/diagnostic.hpp"

namespace mf::compiler {

enum class OutputFormat { text, json, sarif, github };

// Returns the text of a file, or "" when it is not known (no caret is shown then).
using SourceProvider = std::function<std::string_view(std::string_view file)>;

std::string render_text(const DiagnosticSink& sink, const SourceProvider& sources, bool colour);
std::string render_json(const DiagnosticSink& sink);
std::string render_sarif(const DiagnosticSink& sink, std::string_view tool_version);
std::string render_github(const DiagnosticSink& sink);

std::string json_escape(std::string_view text);

} // namespace mf::compiler
