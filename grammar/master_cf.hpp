// One logical line of master.cf (spec C.1): whitespace-separated fields
// `service type private unpriv chroot wakeup maxproc command [args...]`, where a `{...}` group
// is one token even with whitespace inside (braces nest). The field grammars below say what
// each field may hold: a service type, `y`/`n`/`-`, a wakeup time with an optional `?`, a
// process limit. An inet service's name (`port`, `host:port`, `[ipv6]:port`) is cut by
// host_port.hpp's grammar. Grammar only: actions record token spans;
// compiler/master_cf_reader.cpp gives them meaning.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <tao/pegtl.hpp>

namespace mf::grammar::master_cf {

namespace pegtl = tao::pegtl;

struct blank : pegtl::one<' ', '\t', '\r', '\n', '\v', '\f'> {};
inline constexpr std::string_view blank_chars = " \t\r\n\v\f"; // blank's, for the scans below
struct group_close : pegtl::one<'}'> {};
struct group;
struct group_text : pegtl::star<pegtl::sor<group, pegtl::not_one<'{', '}'>>> {};
struct group : pegtl::seq<pegtl::one<'{'>, group_text, pegtl::must<group_close>> {};
struct token_char : pegtl::not_one<' ', '\t', '\r', '\n', '\v', '\f', '{'> {};
// A token that starts with `{` is the group alone: master and postconf strip its braces and
// refuse text after them ("syntax error after '}'"). Braces later in a token are just text.
struct group_token_end : pegtl::at<pegtl::sor<blank, pegtl::eof>> {};
struct group_token : pegtl::seq<group, pegtl::must<group_token_end>> {};
struct token : pegtl::sor<group_token, pegtl::plus<pegtl::sor<group, token_char>>> {};
struct entry
    : pegtl::seq<pegtl::star<blank>, pegtl::list<token, pegtl::plus<blank>>, pegtl::star<blank>,
                 pegtl::eof> {};

// ---- field grammars (each matches a whole field) ------------------------------------------
struct service_type
    : pegtl::seq<pegtl::sor<TAO_PEGTL_STRING("unix-dgram"), TAO_PEGTL_STRING("unix"),
                            TAO_PEGTL_STRING("inet"), TAO_PEGTL_STRING("fifo"),
                            TAO_PEGTL_STRING("pass")>,
                 pegtl::eof> {};
struct yes_no_default : pegtl::seq<pegtl::one<'y', 'n', '-'>, pegtl::eof> {};
struct wakeup_used_only : pegtl::one<'?'> {};
struct wakeup
    : pegtl::seq<pegtl::sor<pegtl::seq<pegtl::plus<pegtl::digit>, pegtl::opt<wakeup_used_only>>,
                            pegtl::one<'-'>>,
                 pegtl::eof> {};
struct process_limit : pegtl::seq<pegtl::sor<pegtl::plus<pegtl::digit>, pegtl::one<'-'>>, pegtl::eof> {};

template <typename Rule>
bool matches(std::string_view field)
{
    pegtl::memory_input<pegtl::tracking_mode::lazy> in(field.data(), field.size(), "");
    return pegtl::parse<Rule>(in);
}

// ---- entry parsing -----------------------------------------------------------------------
template <typename Rule>
inline constexpr const char* message = nullptr;
template <> inline constexpr const char* message<group_close> = "missing '}'";
template <> inline constexpr const char* message<group_token_end> = "syntax error after '}'";

struct errors {
    template <typename Rule>
    static constexpr const char* message = master_cf::message<Rule>;
};
using control = pegtl::must_if<errors, pegtl::normal, false>;

// Offsets into the logical line's text.
struct Token {
    std::size_t begin = 0;
    std::size_t end = 0;
};

struct SyntaxError {
    std::string message;
    std::size_t offset = 0;
    // The tokens are still what master reads, as Postfix's tokenizer cuts the line (a `{`
    // without its `}` runs its word to the end of the line; text after a group's `}` stays in
    // its word): the error is master's or the daemon's to find in that word, `tokens[word]`.
    bool tokens_read = false;
    std::size_t word = 0;
};

template <typename Rule>
struct action : pegtl::nothing<Rule> {};

template <>
struct action<token> {
    template <typename Input>
    static void apply(const Input& in, std::vector<Token>& out, const char* base)
    {
        const std::size_t begin = static_cast<std::size_t>(in.begin() - base);
        out.push_back({begin, begin + in.size()});
    }
};

// `{` groups recurse once per level; deeper lines are refused before parsing (stack safety).
inline constexpr std::size_t max_group_nesting = 1000;

// Where Postfix's tokenizer ends the word that starts at `begin`: at white space outside
// braces, or at the end of the line when a `{` is never closed.
inline std::size_t word_end(std::string_view line, std::size_t begin)
{
    std::size_t depth = 0;
    for (std::size_t i = begin; i < line.size(); ++i) {
        if (line[i] == '{')
            ++depth;
        else if (line[i] == '}' && depth > 0)
            --depth;
        else if (depth == 0 && blank_chars.find(line[i]) != std::string_view::npos)
            return i;
    }
    return line.size();
}

inline std::optional<SyntaxError> parse_entry(std::string_view line, std::vector<Token>& out)
{
    std::size_t depth = 0;
    for (std::size_t i = 0; i < line.size(); ++i) {
        if (line[i] == '{' && ++depth > max_group_nesting)
            return SyntaxError{"{ } groups nested more than 1000 levels deep", i};
        if (line[i] == '}' && depth > 0)
            --depth;
    }
    pegtl::memory_input<pegtl::tracking_mode::lazy> in(line.data(), line.size(), "");
    try {
        if (!pegtl::parse<entry, action, control::control>(in, out, line.data()))
            return SyntaxError{"unexpected text", 0};
    }
    catch (const pegtl::parse_error& error) {
        const auto& positions = error.positions();
        SyntaxError failure{std::string(error.message()),
                            positions.empty() ? 0 : positions.front().byte};
        // From the word that failed on, the words as Postfix's tokenizer cuts them.
        failure.word = out.size();
        for (std::size_t begin = line.find_first_not_of(blank_chars, out.empty() ? 0 : out.back().end);
             begin < line.size(); begin = line.find_first_not_of(blank_chars, out.back().end))
            out.push_back({begin, word_end(line, begin)});
        failure.tokens_read = failure.word < out.size();
        return failure;
    }
    return std::nullopt;
}

} // namespace mf::grammar::master_cf
