// See alias_source_reader.hpp. Serialisation follows RFC 822 token rules: operators are
// written without spaces around them except ", " after a comma and a space before '<';
// two adjacent words (atoms, quoted strings, comments, literals) get one space between them.
// An atom that holds special characters (from backslash escapes) is written quoted.
#include "postmap/alias_source_reader.hpp"

#include <cstring>
#include <vector>

#include "grammar/aliases.hpp"
#include "grammar/logical_lines.hpp"
#include "postmap/case_fold.hpp"

namespace mf::maps {

namespace {

using grammar::AliasToken;
using grammar::AliasTokenKind;

bool is_word(const AliasToken& token) { return token.kind != AliasTokenKind::special; }

bool is_special(const AliasToken& token, char c)
{
    return token.kind == AliasTokenKind::special && token.text[0] == c;
}

// Removes backslash quoting.
std::string unescape(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\\' && i + 1 < text.size())
            ++i;
        else if (text[i] == '\\')
            continue;
        out.push_back(text[i]);
    }
    return out;
}

// The content of a quoted string, unquoted and unescaped.
std::string quoted_content(std::string_view text)
{
    text.remove_prefix(1);
    if (!text.empty() && text.back() == '"' && (text.size() < 2 || text[text.size() - 2] != '\\'))
        text.remove_suffix(1);
    return unescape(text);
}

std::string quote(std::string_view content)
{
    std::string out = "\"";
    for (char c : content) {
        if (c == '"' || c == '\\')
            out.push_back('\\');
        out.push_back(c);
    }
    out.push_back('"');
    return out;
}

bool needs_quotes(std::string_view text)
{
    for (unsigned char c : text)
        if (c <= ' ' || c == 0x7F || std::strchr("()<>@,;:\\\".[]|%!", c) != nullptr)
            return true;
    return false;
}

// internal: quoted strings and atoms unquoted (the key); external: quoted where needed.
std::string serialise(const std::vector<AliasToken>& tokens, std::size_t begin, std::size_t end,
                      bool internal)
{
    std::string out;
    for (std::size_t i = begin; i < end; ++i) {
        const AliasToken& token = tokens[i];
        switch (token.kind) {
        case AliasTokenKind::atom: {
            std::string text = unescape(token.text);
            out += (!internal && needs_quotes(text)) ? quote(text) : text;
            break;
        }
        case AliasTokenKind::quoted_string:
            out += internal ? quoted_content(token.text) : quote(quoted_content(token.text));
            break;
        default:
            out.append(token.text);
            break;
        }
        if (is_special(token, ',')) {
            out.push_back(' ');
        } else if (i + 1 < end &&
                   (is_special(tokens[i + 1], '<') || (is_word(token) && is_word(tokens[i + 1])))) {
            out.push_back(' ');
        }
    }
    return out;
}

} // namespace

void read_alias_source(std::string_view text, const MapSourceOptions& options,
                       const EntrySink& sink, const SourceWarning& warn, std::uint32_t first_line)
{
    auto on_line = [&](const grammar::LogicalLine& line) {
        auto number = static_cast<std::uint32_t>(line.start().line) + first_line - 1;
        std::string_view content = line.text;
        if (!source_line_is_usable(content, number, options, warn))
            return;
        std::vector<AliasToken> tokens = grammar::tokenize_alias_line(content);
        // A backslash that ends the line quotes nothing: it is no token at all.
        if (!tokens.empty() && tokens.back().kind == AliasTokenKind::atom &&
            tokens.back().text == "\\")
            tokens.pop_back();
        std::size_t colon = 0;
        while (colon < tokens.size() && !is_special(tokens[colon], ':'))
            ++colon;
        bool comma_in_name = false, at_in_name = false;
        for (std::size_t i = 0; i < colon; ++i) {
            comma_in_name = comma_in_name || is_special(tokens[i], ',');
            at_in_name = at_in_name || is_special(tokens[i], '@') || is_special(tokens[i], '%');
        }
        if (colon == tokens.size() || colon == 0 || colon + 1 == tokens.size() || comma_in_name) {
            warn(number, "need name:value pair -- ignoring this line");
            return;
        }
        std::string name = serialise(tokens, 0, colon, true);
        // Only an unquoted @ or % makes a name non-local: "a@b": is a local name.
        if (at_in_name) {
            warn(number, "name must be local -- ignoring this line");
            return;
        }
        std::string value = serialise(tokens, colon + 1, tokens.size(), false);
        if (name.empty() || value.empty()) { // a lone backslash unescapes to nothing
            warn(number, "need name:value pair -- ignoring this line");
            return;
        }
        sink(name, value, number);
    };
    auto on_warning = [&](grammar::Position position, std::string_view message) {
        warn(static_cast<std::uint32_t>(position.line) + first_line - 1, std::string(message));
    };
    grammar::read_logical_lines(text, on_line, on_warning);
}

void read_alias_source(std::string_view text, const MapSourceOptions& options,
                       TableEntries& entries, const SourceWarning& warn)
{
    read_alias_source(
        text, options,
        [&](std::string_view key, std::string_view value, std::uint32_t line) {
            entries.add(key, value, line);
        },
        warn);
}

} // namespace mf::maps
