// See message_keys.hpp. A small state machine over lines: which section a line falls in
// (primary headers, part headers, nested message headers, body), the content type in force,
// and a stack of multipart boundaries (innermost first). Header lines are collected until the
// next line shows that the header is complete; only then is it emitted and, with MIME on, its
// Content-Type applied, so a folded Content-Type is seen whole.
#include "postmap/message_keys.hpp"

#include <cstring>
#include <string>
#include <vector>

namespace mf::maps {

namespace {

enum class Section { primary, part_headers, nested_headers, body };
enum class Content { text, message_rfc822, message_other, multipart, other };

bool is_space_or_tab(char c) { return c == ' ' || c == '\t'; }
bool is_control(unsigned char c) { return c < 0x20 || c == 0x7F; }

// Postfix appends header text with strncat(): a NUL byte ends what is kept of a line.
std::string_view up_to_nul(std::string_view text) { return text.substr(0, text.find('\0')); }

bool same_ignoring_case(std::string_view a, std::string_view b)
{
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z')
            x = static_cast<char>(x + ('a' - 'A'));
        if (y >= 'A' && y <= 'Z')
            y = static_cast<char>(y + ('a' - 'A'));
        if (x != y)
            return false;
    }
    return true;
}

// One token of a Content-Type value (RFC 2045): a word, a quoted string's content, or a
// special character.
struct Token {
    enum class Kind { word, quoted, special } kind;
    std::string text;
};

// Reads the tokens up to the next ';' (or the end), comments and white space skipped; keeps
// the first `limit`. Returns false when nothing but the end was left.
bool next_parameter(std::string_view& rest, std::vector<Token>& tokens, std::size_t limit)
{
    static constexpr std::string_view specials = "()<>@,;:\\\"/[]?=";
    tokens.clear();
    bool reached_end = true;
    std::size_t i = 0;
    auto keep = [&](Token token) {
        if (tokens.size() < limit)
            tokens.push_back(std::move(token));
    };
    while (i < rest.size()) {
        char c = rest[i++];
        if (is_space_or_tab(c) || c == '\r' || c == '\n')
            continue;
        if (c == ';') {
            reached_end = false;
            break;
        }
        if (c == '(') { // a comment, possibly nested
            int depth = 1;
            while (i < rest.size() && depth > 0) {
                char inner = rest[i++];
                if (inner == '(')
                    ++depth;
                else if (inner == ')')
                    --depth;
                else if (inner == '\\' && i < rest.size())
                    ++i;
            }
            continue;
        }
        if (c == '"') {
            // Postfix keeps a backslash together with the character it quotes, and unfolds
            // a line break by dropping it and the white space before it.
            Token token{Token::Kind::quoted, {}};
            while (i < rest.size()) {
                char inner = rest[i++];
                if (inner == '"')
                    break;
                if (inner == '\n') {
                    while (!token.text.empty() &&
                           (is_space_or_tab(token.text.back()) || token.text.back() == '\r'))
                        token.text.pop_back();
                    continue;
                }
                if (inner == '\\') {
                    token.text.push_back(inner);
                    if (i == rest.size())
                        break;
                    inner = rest[i++];
                }
                token.text.push_back(inner);
            }
            keep(std::move(token));
            continue;
        }
        if (specials.find(c) != std::string_view::npos || is_control(static_cast<unsigned char>(c))) {
            keep(Token{Token::Kind::special, std::string(1, c)});
            continue;
        }
        Token token{Token::Kind::word, std::string(1, c)};
        while (i < rest.size()) {
            char inner = rest[i];
            if (is_space_or_tab(inner) || inner == '\r' || inner == '\n' ||
                is_control(static_cast<unsigned char>(inner)) ||
                specials.find(inner) != std::string_view::npos)
                break;
            token.text.push_back(inner);
            ++i;
        }
        keep(std::move(token));
    }
    rest.remove_prefix(i);
    return !(tokens.empty() && reached_end);
}

bool is_word(const std::vector<Token>& tokens, std::size_t at, std::string_view text)
{
    return tokens.size() > at && tokens[at].kind == Token::Kind::word &&
           same_ignoring_case(tokens[at].text, text);
}

bool is_special(const std::vector<Token>& tokens, std::size_t at, char c)
{
    return tokens.size() > at && tokens[at].kind == Token::Kind::special && tokens[at].text[0] == c;
}

class MessageKeys {
public:
    MessageKeys(const MessageKeyOptions& options, const std::function<bool(std::string_view)>& each)
        : options_(options), each_(each)
    {
    }

    // False once the caller wants no more keys, or nothing more can produce any.
    bool line(std::string_view text)
    {
        if (section_ != Section::body) {
            if (!header_.empty()) {
                if (is_space_or_tab(text.empty() ? '\0' : text.front())) {
                    if (header_.size() < options_.header_limit) {
                        header_.push_back('\n');
                        header_.append(up_to_nul(text));
                    }
                    return true;
                }
                if (!flush_header())
                    return false;
            }
            if (std::size_t name = header_name_length(text); name > 0) {
                header_.assign(text.substr(0, name));
                std::size_t colon = name;
                while (colon < text.size() && is_space_or_tab(text[colon]))
                    ++colon;
                header_.append(up_to_nul(text.substr(colon)));
                return true;
            }
            if (!end_of_headers(text))
                return false;
            if (stop_after_primary_)
                return false;
        }
        return body_line(text);
    }

    void finish()
    {
        if (section_ != Section::body && !header_.empty())
            flush_header();
    }

private:
    struct Boundary {
        std::string text;
        Content part_default;
    };

    bool emit(std::string_view key) { return each_(key); }

    bool flush_header()
    {
        std::string header = std::move(header_);
        header_.clear();
        if (options_.mime)
            apply_content_type(header);
        return !options_.headers || emit(header);
    }

    void apply_content_type(const std::string& header)
    {
        std::size_t colon = header.find(':');
        if (colon == std::string::npos || !same_ignoring_case(header.substr(0, colon), "content-type"))
            return;
        // Postfix parses the header as a C string: a NUL byte ends it.
        std::string_view rest = std::string_view(header).substr(colon + 1);
        rest = rest.substr(0, rest.find('\0'));
        std::vector<Token> tokens;
        if (!next_parameter(rest, tokens, 3) || tokens.empty())
            return;
        if (is_word(tokens, 0, "text")) {
            content_ = Content::text;
        } else if (is_word(tokens, 0, "message")) {
            content_ = is_special(tokens, 1, '/') && is_word(tokens, 2, "rfc822")
                           ? Content::message_rfc822
                           : Content::message_other;
        } else if (is_word(tokens, 0, "multipart")) {
            content_ = Content::multipart;
            Content part_default = is_special(tokens, 1, '/') && is_word(tokens, 2, "digest")
                                       ? Content::message_rfc822
                                       : Content::text;
            // Every boundary parameter counts: hiding content behind a second boundary
            // must not work.
            while (next_parameter(rest, tokens, 3)) {
                if (tokens.size() >= 3 && is_word(tokens, 0, "boundary") &&
                    is_special(tokens, 1, '=') && boundaries_.size() <= options_.nesting_limit) {
                    std::string text = tokens[2].text.substr(0, options_.boundary_limit);
                    boundaries_.insert(boundaries_.begin(), Boundary{std::move(text), part_default});
                }
            }
        } else {
            content_ = Content::other;
        }
    }

    // `text` is the first line after a block of headers: empty, or not a header at all.
    bool end_of_headers(std::string_view text)
    {
        if (section_ == Section::primary && !options_.body && !options_.mime)
            stop_after_primary_ = true;
        if (text.empty()) {
            if (content_ == Content::message_rfc822 && options_.mime) {
                section_ = Section::nested_headers;
                content_ = Content::text;
            } else {
                section_ = Section::body;
                if (content_ == Content::multipart)
                    content_ = Content::other;
            }
            return true;
        }
        // Not a header: Postfix behaves as if the primary headers had ended with an empty
        // line; in a part or nested message it just goes on with the body.
        bool primary = section_ == Section::primary;
        section_ = Section::body;
        if (primary && !stop_after_primary_ && options_.body)
            return emit("");
        return true;
    }

    bool body_line(std::string_view text)
    {
        if (options_.mime && !boundaries_.empty() && text.size() > 2 && text[0] == '-' &&
            text[1] == '-') {
            std::string_view after = text.substr(2);
            for (std::size_t level = 0; level < boundaries_.size(); ++level) {
                const std::string& boundary = boundaries_[level].text;
                if (after.substr(0, boundary.size()) != boundary)
                    continue;
                bool last_part = after.substr(boundary.size(), 2) == "--";
                // The inner boundaries end with this one (`boundary` is invalid from here).
                boundaries_.erase(boundaries_.begin(), boundaries_.begin() + level);
                if (last_part) {
                    boundaries_.erase(boundaries_.begin());
                    section_ = Section::body;
                    content_ = Content::other;
                } else {
                    section_ = Section::part_headers;
                    content_ = boundaries_.front().part_default;
                }
                break;
            }
        }
        return !options_.body || emit(text);
    }

    const MessageKeyOptions& options_;
    const std::function<bool(std::string_view)>& each_;
    Section section_ = Section::primary;
    Content content_ = Content::text;
    std::vector<Boundary> boundaries_;
    std::string header_;
    bool stop_after_primary_ = false;
};

} // namespace

std::size_t header_name_length(std::string_view line)
{
    std::size_t length = 0;
    bool after_space = false;
    for (char c : line) {
        auto byte = static_cast<unsigned char>(c);
        if (c == ':')
            return length;
        if (is_space_or_tab(c)) {
            if (length == 0)
                return 0;
            after_space = true;
            continue;
        }
        if (after_space || byte >= 0x80 || is_control(byte))
            return 0;
        ++length;
    }
    return 0;
}

void for_each_message_key(std::istream& in, const MessageKeyOptions& options,
                          const std::function<bool(std::string_view key)>& each)
{
    MessageKeys keys(options, each);
    std::string line;
    while (std::getline(in, line))
        if (!keys.line(line))
            return;
    keys.finish();
}

} // namespace mf::maps
