// One logical line of a postmap(1) source (spec D.1): a key up to the first unquoted
// whitespace, then whitespace, then the value with surrounding whitespace left out. In the key
// a backslash escapes the next byte and double quotes may enclose whitespace; quotes and
// backslashes stay part of the key. Grammar only: parse_map_source_line() reports where the
// key and value are and whether a quote was left open; postmap/ decides what that means.
#pragma once

#include <cstddef>
#include <string_view>

#include <tao/pegtl.hpp>
#include <tao/pegtl/contrib/analyze_traits.hpp>

namespace mf::grammar {

namespace map_source {

namespace pegtl = tao::pegtl;

// isspace(): the logical-line reader has already removed newlines, but a joined line keeps
// the whitespace that started each continuation.
struct space : pegtl::one<' ', '\t', '\r', '\v', '\f', '\n'> {};
struct escaped : pegtl::seq<pegtl::one<'\\'>, pegtl::opt<pegtl::any>> {};
struct quoted : pegtl::seq<pegtl::one<'"'>, pegtl::star<pegtl::sor<escaped, pegtl::not_one<'"'>>>,
                           pegtl::one<'"'>> {};
struct unclosed_quote
    : pegtl::seq<pegtl::one<'"'>, pegtl::star<pegtl::sor<escaped, pegtl::not_one<'"'>>>,
                 pegtl::eof> {};
// plus<not_one<...>> over a byte class, matched with a table lookup per byte instead of a
// rule per byte (sources of millions of lines go through here).
template <bool also_quote_and_backslash>
struct run_of_non_space {
    using rule_t = run_of_non_space;
    using subs_t = pegtl::empty_list;

    template <typename ParseInput>
    static bool match(ParseInput& in)
    {
        const char* at = in.current();
        const char* end = in.end();
        while (at != end && !stops(static_cast<unsigned char>(*at)))
            ++at;
        if (at == in.current())
            return false;
        in.bump_in_this_line(static_cast<std::size_t>(at - in.current()));
        return true;
    }
    static bool stops(unsigned char c)
    {
        return c == ' ' || (c >= '\t' && c <= '\r') ||
               (also_quote_and_backslash && (c == '"' || c == '\\'));
    }
};
// Bytes that are neither whitespace nor '"' nor '\\'.
struct plain_run : run_of_non_space<true> {};
struct key : pegtl::plus<pegtl::sor<plain_run, escaped, quoted, unclosed_quote>> {};
struct separator : pegtl::star<space> {};
// Words separated by whitespace: trailing whitespace is left out without looking ahead at
// every byte.
struct word : run_of_non_space<false> {};
struct value : pegtl::opt<word, pegtl::star<pegtl::plus<space>, word>> {};
struct line : pegtl::seq<pegtl::star<space>, pegtl::opt<key>, separator, value,
                         pegtl::star<space>, pegtl::eof> {};

struct MapSourceLine {
    std::string_view key;
    std::string_view value;
    bool unclosed_quote = false;
};

template <typename Rule>
struct action : pegtl::nothing<Rule> {};

template <>
struct action<key> {
    template <typename Input>
    static void apply(const Input& in, MapSourceLine& out)
    {
        out.key = {in.begin(), in.size()};
    }
};

template <>
struct action<value> {
    template <typename Input>
    static void apply(const Input& in, MapSourceLine& out)
    {
        out.value = {in.begin(), in.size()};
    }
};

template <>
struct action<unclosed_quote> {
    template <typename Input>
    static void apply(const Input&, MapSourceLine& out)
    {
        out.unclosed_quote = true;
    }
};

} // namespace map_source

} // namespace mf::grammar

// For analyze<>(): a run consumes at least one byte.
template <typename Name, bool also_quote_and_backslash>
struct tao::pegtl::analyze_traits<
    Name, mf::grammar::map_source::run_of_non_space<also_quote_and_backslash>>
    : tao::pegtl::analyze_any_traits<> {};

namespace mf::grammar {

using map_source::MapSourceLine;

// Splits one logical line; the views point into `text`. The grammar accepts every input.
inline MapSourceLine parse_map_source_line(std::string_view text)
{
    MapSourceLine out;
    tao::pegtl::memory_input<tao::pegtl::tracking_mode::lazy> in(text.data(), text.size(), "");
    tao::pegtl::parse<map_source::line, map_source::action>(in, out);
    return out;
}

} // namespace mf::grammar
