// One logical line of a regexp: or pcre: table (spec F.3): "[!]/pattern/flags result",
// "if [!]/pattern/flags" or "endif". Any character may delimit the pattern (the first one
// after the optional '!'); a backslash keeps the next character inside the pattern. Grammar
// only: parse_pattern_line() says which form it is and where its parts are; compiling the
// pattern and checking the flags and $n references happen in postmap/.
#pragma once

#include <string_view>

#include <tao/pegtl.hpp>
#include <tao/pegtl/contrib/analyze_traits.hpp>

namespace mf::grammar {

enum class PatternLineKind { rule, if_rule, endif, invalid };

struct PatternLine {
    PatternLineKind kind = PatternLineKind::invalid;
    bool negated = false;
    bool unclosed = false;       // the pattern has no closing delimiter
    std::string_view pattern;    // between the delimiters
    std::string_view flags;
    std::string_view result;     // rule lines only; leading whitespace removed
};

namespace pattern_table {

namespace pegtl = tao::pegtl;

struct space : pegtl::one<' ', '\t', '\r', '\n', '\v', '\f'> {};

// The first character delimits; the body runs to the next unescaped occurrence of it.
struct delimited {
    using rule_t = delimited;
    using subs_t = pegtl::empty_list;

    template <pegtl::apply_mode, pegtl::rewind_mode, template <typename...> class Action,
              template <typename...> class Control, typename Input, typename... States>
    static bool match(Input& in, PatternLine& out, States&&...)
    {
        if (in.empty())
            return false;
        const char delimiter = in.peek_char();
        if (delimiter == ' ' || delimiter == '\t')
            return false;
        const char* begin = in.current() + 1;
        const char* end = in.end();
        const char* at = begin;
        while (at < end && *at != delimiter)
            at += (*at == '\\' && at + 1 < end) ? 2 : 1;
        out.pattern = {begin, static_cast<std::size_t>(at - begin)};
        out.unclosed = at >= end;
        in.bump(static_cast<std::size_t>((at < end ? at + 1 : end) - in.current()));
        return true;
    }
};

struct negation : pegtl::one<'!'> {};
struct flags : pegtl::star<pegtl::alpha> {};
struct pattern : pegtl::seq<pegtl::opt<negation>, delimited, flags> {};
struct result : pegtl::star<pegtl::any> {};
struct if_keyword : pegtl::seq<pegtl::istring<'i', 'f'>, pegtl::not_at<pegtl::alnum>> {};
struct endif_keyword
    : pegtl::seq<pegtl::istring<'e', 'n', 'd', 'i', 'f'>, pegtl::not_at<pegtl::alnum>> {};
struct if_line : pegtl::seq<if_keyword, pegtl::star<space>, pattern, pegtl::star<space>,
                            pegtl::eof> {};
struct endif_line : pegtl::seq<endif_keyword, pegtl::star<space>, pegtl::eof> {};
struct rule_line : pegtl::seq<pattern, pegtl::star<space>, result> {};
struct line : pegtl::sor<endif_line, if_line, rule_line> {};

template <typename Rule>
struct action : pegtl::nothing<Rule> {};

template <>
struct action<negation> {
    template <typename Input>
    static void apply(const Input&, PatternLine& out) { out.negated = true; }
};
template <>
struct action<flags> {
    template <typename Input>
    static void apply(const Input& in, PatternLine& out) { out.flags = {in.begin(), in.size()}; }
};
template <>
struct action<result> {
    template <typename Input>
    static void apply(const Input& in, PatternLine& out) { out.result = {in.begin(), in.size()}; }
};
template <>
struct action<if_line> {
    template <typename Input>
    static void apply(const Input&, PatternLine& out) { out.kind = PatternLineKind::if_rule; }
};
template <>
struct action<endif_line> {
    template <typename Input>
    static void apply(const Input&, PatternLine& out) { out.kind = PatternLineKind::endif; }
};
template <>
struct action<rule_line> {
    template <typename Input>
    static void apply(const Input&, PatternLine& out) { out.kind = PatternLineKind::rule; }
};

} // namespace pattern_table

} // namespace mf::grammar

// For analyze<>(): the delimited pattern always consumes at least its delimiter.
template <typename Name>
struct tao::pegtl::analyze_traits<Name, mf::grammar::pattern_table::delimited>
    : tao::pegtl::analyze_any_traits<> {};

namespace mf::grammar {

inline PatternLine parse_pattern_line(std::string_view text)
{
    PatternLine out;
    tao::pegtl::memory_input<tao::pegtl::tracking_mode::lazy> in(text.data(), text.size(), "");
    if (!tao::pegtl::parse<pattern_table::line, pattern_table::action>(in, out))
        out = PatternLine{};
    return out;
}

} // namespace mf::grammar
