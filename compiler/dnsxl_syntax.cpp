#include "compiler/dnsxl_syntax.hpp"

#include <cctype>
#include <cstdio>

#include "compiler/network_syntax.hpp"

namespace mf::compiler {

namespace {

// ip_match_parse's tokens: an octet value (or one above 255, an error), one character, or the
// end of the pattern.
enum TokenType { end_of_pattern = 0, octet = 256, octet_too_large = 257 };

struct Token {
    int type = end_of_pattern;
    int value = 0;
    std::size_t start = 0;
    std::size_t end = 0;
};

class FilterParser {
public:
    explicit FilterParser(std::string_view pattern) : pattern_(pattern) {}

    std::string problem()
    {
        for (int fields = 0;;) {
            const Token field = next();
            if (field.type == '[') {
                if (std::string problem = bracketed_field(); !problem.empty())
                    return problem;
            }
            else if (field.type != octet) {
                return error("need decimal number 0..255 or \"[\"");
            }
            if (++fields == 4) {
                if (at_ < pattern_.size()) {
                    next();
                    return error("garbage after pattern");
                }
                return "";
            }
            if (next().type != '.')
                return error("need \".\"");
        }
    }

private:
    // After '[': numbers and low..high ranges separated by ';', up to ']'.
    std::string bracketed_field()
    {
        for (;;) {
            const Token low = next();
            if (low.type != octet)
                return error("need decimal number 0..255");
            Token look = next();
            if (look.type == '.') {
                const bool range = next().type == '.' && next().type == octet &&
                                   low.value <= last_.value;
                if (!range)
                    return error("numeric range error");
                look = next();
            }
            if (look.type == ']')
                return "";
            if (look.type != ';')
                return error("need \";\" or \"]\"");
        }
    }

    Token next()
    {
        Token token;
        token.start = at_;
        if (at_ < pattern_.size() && std::isdigit(static_cast<unsigned char>(pattern_[at_]))) {
            token.type = octet;
            for (; at_ < pattern_.size() && std::isdigit(static_cast<unsigned char>(pattern_[at_]));
                 ++at_) {
                if (token.type == octet)
                    token.value = token.value * 10 + (pattern_[at_] - '0');
                if (token.value > 255)
                    token.type = octet_too_large;
            }
        }
        else if (at_ < pattern_.size()) {
            token.type = static_cast<unsigned char>(pattern_[at_++]);
        }
        token.end = at_;
        last_ = token;
        return token;
    }

    // The message with Postfix's context: the pattern with the last token between '>' and '<'.
    std::string error(const std::string& what) const
    {
        return what + " at \"" + std::string(pattern_.substr(0, last_.start)) + ">" +
               std::string(pattern_.substr(last_.start, last_.end - last_.start)) + "<" +
               std::string(pattern_.substr(last_.end)) + "\"";
    }

    std::string_view pattern_;
    std::size_t at_ = 0;
    Token last_;
};

} // namespace

std::string reply_filter_problem(std::string_view pattern)
{
    // Brackets around the whole pattern are dropped when the one that closes the first '[' is
    // the last character; otherwise the pattern is parsed as written.
    if (!pattern.empty() && pattern.front() == '[') {
        int level = 0;
        std::size_t close = 0;
        for (; close < pattern.size(); ++close) {
            if (pattern[close] == '[')
                ++level;
            if (pattern[close] == ']' && --level == 0)
                break;
        }
        if (close == pattern.size())
            return "missing \"]\" character";
        if (close + 1 == pattern.size())
            pattern = pattern.substr(1, close - 1);
    }
    if (pattern.empty())
        return "empty address pattern";
    return FilterParser(pattern).problem();
}

PostscreenSite read_postscreen_site(std::string_view site)
{
    PostscreenSite read;
    std::string_view domain = site;
    if (const auto star = domain.find('*'); star != std::string_view::npos) {
        const std::string weight(domain.substr(star + 1));
        char junk = 0;
        if (std::sscanf(weight.c_str(), "%d%c", &read.weight, &junk) != 1) {
            read.problem = "bad DNSBL weight factor \"" + weight + "\" in \"" + std::string(site) + "\"";
            return read;
        }
        domain = domain.substr(0, star);
    }
    if (const auto equals = domain.find('='); equals != std::string_view::npos) {
        read.filtered = true;
        read.filter = domain.substr(equals + 1);
        if (std::string problem = reply_filter_problem(read.filter); !problem.empty()) {
            read.problem = "bad DNSBL filter syntax: " + problem;
            return read;
        }
        domain = domain.substr(0, equals);
    }
    read.domain = domain;
    if (!postfix_hostname_problem(domain).empty())
        read.problem = "bad DNSBL domain name \"" + std::string(domain) + "\" in \"" +
                       std::string(site) + "\"";
    return read;
}

std::string postscreen_site_problem(std::string_view site)
{
    return read_postscreen_site(site).problem;
}

} // namespace mf::compiler
