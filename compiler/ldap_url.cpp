// See ldap_url.hpp. The checks are the library's, in its order: the enclosing '>', an IPv6
// host's ']' and what follows it, a port that strtol() must read whole, a scope it knows, a
// filter that is not empty once unescaped, no fifth '?', at least one extension. A '%' not
// followed by two hex digits empties the whole part it is in (ldap_pvt_hex_unescape()).
#include "compiler/ldap_url.hpp"

#include <array>

#include "util/ascii.hpp"

namespace mf::compiler {

namespace {

// LDAP_URL_ERR_* of OpenLDAP's ldap.h.
constexpr int bad_enclosure = 4;
constexpr int bad_url = 5;
constexpr int bad_scope = 8;
constexpr int bad_filter = 9;
constexpr int bad_extensions = 10;

// isspace() in the C locale, which the library runs in.
bool is_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

int hex_value(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : ascii_lower(c) - 'a' + 10;
}

std::string unescape(std::string_view text)
{
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            out += text[i];
            continue;
        }
        if (i + 2 >= text.size() || !is_ascii_hex_digit(text[i + 1]) ||
            !is_ascii_hex_digit(text[i + 2]))
            return "";
        out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
        i += 2;
    }
    // The library's strings end at a %00.
    return out.substr(0, out.find('\0'));
}

// strtol() reads all of `text`: blanks, a sign, at least one digit, nothing after.
bool whole_number(std::string_view text)
{
    std::size_t at = 0;
    while (at < text.size() && is_space(text[at]))
        ++at;
    if (at < text.size() && (text[at] == '+' || text[at] == '-'))
        ++at;
    const std::size_t digits = at;
    while (at < text.size() && text[at] >= '0' && text[at] <= '9')
        ++at;
    return at > digits && at == text.size();
}

bool known_scope(std::string_view scope)
{
    static constexpr std::array<std::string_view, 8> scopes = {
        "one", "onelevel", "base", "sub", "subtree", "subord", "subordinate", "children"};
    for (std::string_view known : scopes)
        if (equal_ignoring_case(scope, known))
            return true;
    return false;
}

// The next part of `rest` up to a '?', which is consumed; nullopt at the end of the URL.
std::optional<std::string_view> next_part(std::optional<std::string_view>& rest)
{
    if (!rest)
        return std::nullopt;
    const std::string_view text = *rest;
    const std::size_t mark = text.find('?');
    if (mark == std::string_view::npos) {
        rest.reset();
        return text;
    }
    rest = text.substr(mark + 1);
    return text.substr(0, mark);
}

int host_port_error(std::string_view host_port)
{
    std::optional<std::string_view> port;
    if (host_port.starts_with("[")) {
        const std::size_t close = host_port.find(']');
        if (close == std::string_view::npos)
            return bad_url;
        const std::string_view after = host_port.substr(close + 1);
        const std::size_t colon = after.find(':');
        if (colon != std::string_view::npos && colon != 0)
            return bad_url;
        if (colon != std::string_view::npos)
            port = after.substr(1);
    }
    else if (const std::size_t colon = host_port.find(':'); colon != std::string_view::npos)
        port = host_port.substr(colon + 1);
    if (port) {
        const std::string number = unescape(*port);
        if (number.empty() || !whole_number(number))
            return bad_url;
    }
    return 0;
}

int path_error(std::string_view path)
{
    std::optional<std::string_view> rest = path;
    next_part(rest); // the DN: anything goes
    next_part(rest); // the attributes: likewise
    if (const auto scope = next_part(rest); scope && !scope->empty() && !known_scope(unescape(*scope)))
        return bad_scope;
    if (const auto filter = next_part(rest); filter && !filter->empty() && unescape(*filter).empty())
        return bad_filter;
    const auto extensions = next_part(rest);
    if (!extensions)
        return 0;
    if (rest)
        return bad_url;
    return extensions->find_first_not_of(',') == std::string_view::npos ? bad_extensions : 0;
}

} // namespace

std::optional<LdapUrl> parse_ldap_url(std::string_view text)
{
    bool enclosed = false;
    if (text.starts_with("<")) {
        enclosed = true;
        text.remove_prefix(1);
    }
    if (text.size() >= 4 && equal_ignoring_case(text.substr(0, 4), "URL:"))
        text.remove_prefix(4);
    static constexpr std::array<std::string_view, 5> schemes = {"ldap", "pldap", "ldaps", "pldaps",
                                                                "ldapi"};
    LdapUrl url;
    for (std::string_view scheme : schemes) {
        const std::size_t length = scheme.size() + 3;
        if (text.size() >= length && equal_ignoring_case(text.substr(0, scheme.size()), scheme) &&
            text.substr(scheme.size(), 3) == "://") {
            url.scheme = scheme;
            text.remove_prefix(length);
            break;
        }
    }
    if (url.scheme.empty())
        return std::nullopt;
    if (enclosed) {
        if (text.empty() || text.back() != '>') {
            url.error = bad_enclosure;
            return url;
        }
        text.remove_suffix(1);
    }
    const std::size_t slash = text.find('/');
    const std::string_view host_port =
        slash != std::string_view::npos ? text.substr(0, slash) : text.substr(0, text.find('?'));
    if (url.scheme != "ldapi")
        url.error = host_port_error(host_port);
    if (url.error == 0 && slash != std::string_view::npos)
        url.error = path_error(text.substr(slash + 1));
    return url;
}

std::string_view ldap_url_error_text(int error)
{
    switch (error) {
    case bad_enclosure:
        return "Size limit exceeded";
    case bad_url:
        return "Compare False";
    case bad_scope:
        return "Strong(er) authentication required";
    case bad_filter:
        return "Partial results and referral received";
    case bad_extensions:
        return "Referral";
    default:
        return "Unknown error";
    }
}

} // namespace mf::compiler
