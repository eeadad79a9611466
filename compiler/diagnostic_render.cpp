// Rendering diagnostics. Text shows at most 160 columns of the source line around the caret, so
// a 10 MB line stays readable; control bytes in the shown line are replaced by '?'. SARIF lists
// every code of compiler/diagnostic_codes.cpp as a rule, so results can refer to them by index.
#include "compiler/diagnostic_render.hpp"

#include <cstdio>
#include <map>
#include <vector>

#include "compiler/diagnostic_codes.hpp"
#include "util/utf8.hpp"

namespace mf::compiler {

namespace {

// Where each line of a file starts, computed once per file so that showing N source lines
// costs O(file + N), not O(file * N).
class LineIndex {
public:
    explicit LineIndex(std::string_view text) : text_(text)
    {
        starts_.push_back(0);
        for (std::size_t i = 0; i < text.size(); ++i)
            if (text[i] == '\n')
                starts_.push_back(i + 1);
    }
    std::string_view line(std::size_t number) const
    {
        if (number == 0 || number > starts_.size())
            return {};
        const std::size_t begin = starts_[number - 1];
        std::size_t end = number < starts_.size() ? starts_[number] - 1 : text_.size();
        return text_.substr(begin, end - begin);
    }

private:
    std::string_view text_;
    std::vector<std::size_t> starts_;
};

const char* colour_of(Severity severity)
{
    switch (severity) {
    case Severity::error:
        return "\033[1;31m";
    case Severity::warning:
        return "\033[1;35m";
    case Severity::note:
        return "\033[1;36m";
    }
    return "";
}

std::string location_text(const SourceLocation& location)
{
    std::string out = location.file;
    if (location.line > 0) {
        out += ":" + std::to_string(location.line);
        if (location.column > 0)
            out += ":" + std::to_string(location.column);
    }
    return out;
}

const char* sarif_level(Severity severity)
{
    switch (severity) {
    case Severity::error:
        return "error";
    case Severity::warning:
        return "warning";
    case Severity::note:
        return "note";
    }
    return "error";
}

// GitHub workflow command escaping: data and property values.
std::string github_escape(std::string_view text, bool property)
{
    std::string out;
    for (char c : text) {
        if (c == '%')
            out += "%25";
        else if (c == '\r')
            out += "%0D";
        else if (c == '\n')
            out += "%0A";
        else if (property && c == ':')
            out += "%3A";
        else if (property && c == ',')
            out += "%2C";
        else
            out += c;
    }
    return out;
}

} // namespace

std::string json_escape(std::string_view text)
{
    std::string out;
    out.reserve(text.size() + 2);
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x80) {
            const std::size_t length = utf8_sequence_length(text, i);
            if (length == 0) {
                out += "\\ufffd"; // never emit invalid UTF-8
            }
            else {
                out.append(text.substr(i, length));
                i += length - 1;
            }
            continue;
        }
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\r':
            out += "\\r";
            break;
        default:
            if (c < 0x20 || c == 0x7f) {
                char buffer[8];
                std::snprintf(buffer, sizeof buffer, "\\u%04x", c);
                out += buffer;
            }
            else {
                out += static_cast<char>(c);
            }
        }
    }
    return out;
}

std::string render_text(const DiagnosticSink& sink, const SourceProvider& sources, bool colour)
{
    std::string out;
    const char* bold = colour ? "\033[1m" : "";
    const char* reset = colour ? "\033[0m" : "";
    const char* green = colour ? "\033[1;32m" : "";
    std::map<std::string, LineIndex, std::less<>> indexes;
    for (const Diagnostic& d : sink.all()) {
        out += bold + location_text(d.location) + ": " + reset;
        out += std::string(colour ? colour_of(d.severity) : "") + severity_name(d.severity) + ":" +
               reset + " ";
        out += d.message;
        if (!d.code.empty())
            out += " [" + d.code + "]";
        out += "\n";
        if (d.location.line == 0)
            continue;
        auto index = indexes.find(d.location.file);
        if (index == indexes.end())
            index = indexes.emplace(d.location.file, LineIndex(sources(d.location.file))).first;
        const std::string_view line = index->second.line(d.location.line);
        if (line.empty())
            continue;
        const std::size_t caret = d.location.column > 0 ? d.location.column - 1 : 0;
        std::size_t from = caret > 80 ? caret - 80 : 0;
        if (from > line.size())
            from = line.size();
        std::string shown(line.substr(from, 160));
        for (char& c : shown)
            if (static_cast<unsigned char>(c) < 0x20 && c != '\t')
                c = '?';
        out += (from > 0 ? "..." : "") + shown + (from + 160 < line.size() ? "..." : "") + "\n";
        std::string marker(from > 0 ? 3 : 0, ' ');
        for (std::size_t i = from; i < caret && i < line.size(); ++i)
            marker += line[i] == '\t' ? '\t' : ' ';
        out += marker + green + "^" + reset + "\n";
    }
    return out;
}

std::string render_json(const DiagnosticSink& sink)
{
    std::string out = "[";
    bool first = true;
    for (const Diagnostic& d : sink.all()) {
        out += first ? "\n" : ",\n";
        first = false;
        out += "  {\"file\": \"" + json_escape(d.location.file) +
               "\", \"line\": " + std::to_string(d.location.line) +
               ", \"column\": " + std::to_string(d.location.column) + ", \"severity\": \"" +
               severity_name(d.severity) + "\", \"code\": \"" + json_escape(d.code) +
               "\", \"message\": \"" + json_escape(d.message) + "\"}";
    }
    out += first ? "]\n" : "\n]\n";
    return out;
}

namespace {

// A file path as the URI reference SARIF's artifactLocation.uri must be (RFC 3986): bytes other
// than the unreserved ones, '/' and the others a path segment may hold literally are
// percent-encoded, so that a space or '#' in a directory name does not break the reference.
std::string uri_reference(std::string_view path)
{
    static constexpr char digits[] = "0123456789ABCDEF";
    static constexpr std::string_view literal = "-._~/!$&'()*+,;=:@";
    std::string out;
    for (const char c : path) {
        const auto byte = static_cast<unsigned char>(c);
        const bool alphanumeric =
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (alphanumeric || literal.find(c) != std::string_view::npos) {
            out += c;
            continue;
        }
        out += '%';
        out += digits[byte >> 4];
        out += digits[byte & 15];
    }
    return out;
}

} // namespace

std::string render_sarif(const DiagnosticSink& sink, std::string_view tool_version)
{
    std::map<std::string_view, std::size_t> rule_index;
    std::string rules;
    for (const DiagnosticCodeInfo& info : diagnostic_codes()) {
        rule_index.emplace(info.code, rule_index.size());
        if (!rules.empty())
            rules += ",";
        const std::string code = json_escape(info.code);
        const std::string explanation = json_escape(info.explanation);
        rules += "{\"id\":\"" + code + "\",\"shortDescription\":{\"text\":\"" +
                 json_escape(info.summary) + "\"},\"fullDescription\":{\"text\":\"" +
                 explanation + "\"},\"help\":{\"text\":\"" + explanation +
                 " (mfcc --explain " + code + ")\"}}";
    }
    std::string results;
    for (const Diagnostic& d : sink.all()) {
        if (!results.empty())
            results += ",";
        results += "{\"ruleId\":\"" + json_escape(d.code) + "\"";
        if (auto it = rule_index.find(d.code); it != rule_index.end())
            results += ",\"ruleIndex\":" + std::to_string(it->second);
        results += ",\"level\":\"" + std::string(sarif_level(d.severity)) +
                   "\",\"message\":{\"text\":\"" + json_escape(d.message) +
                   "\"},\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":\"" +
                   json_escape(uri_reference(d.location.file)) + "\"}";
        if (d.location.line > 0) {
            results += ",\"region\":{\"startLine\":" + std::to_string(d.location.line);
            if (d.location.column > 0)
                results += ",\"startColumn\":" + std::to_string(d.location.column);
            results += "}";
        }
        results += "}}]}";
    }
    return "{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\",\"version\":\"2.1.0\","
           "\"runs\":[{\"tool\":{\"driver\":{\"name\":\"mfcc\",\"version\":\"" +
           json_escape(tool_version) + "\",\"rules\":[" + rules +
           "]}},\"results\":[" + results + "]}]}\n";
}

std::string render_github(const DiagnosticSink& sink)
{
    std::string out;
    for (const Diagnostic& d : sink.all()) {
        const char* command = d.severity == Severity::error     ? "error"
                              : d.severity == Severity::warning ? "warning"
                                                                : "notice";
        out += "::" + std::string(command) + " file=" + github_escape(d.location.file, true);
        if (d.location.line > 0) {
            out += ",line=" + std::to_string(d.location.line);
            if (d.location.column > 0)
                out += ",col=" + std::to_string(d.location.column);
        }
        out += ",title=" + github_escape(d.code, true) + "::" + github_escape(d.message, false) +
               "\n";
    }
    return out;
}

} // namespace mf::compiler
