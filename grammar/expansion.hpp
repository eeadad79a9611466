// The `$` forms of a Postfix parameter value, as mac_parse/mac_expand read them (spec A.3):
// `$$`, `$name`, `${name}`, `$(name)`, `${name?text}`, `${name:text}`, `${name?{t}:{f}}`,
// `${name?{t}:f}` and the relational `${{a} OP {b} ? {t} : {f}}` with OP one of == != < <= > >=,
// optionally suffixed with `level` (compatibility-level comparison). Two grammars: `value` splits
// a text into literal runs and references (a reference's content is brace- or paren-balanced, as
// mac_parse counts only its own bracket); `body` reads the content of one `${...}`/`$(...)`.
// Grammar only: actions record offsets; compiler/expansion.cpp decides what they mean.
#pragma once

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <tao/pegtl.hpp>

namespace mf::grammar::expansion {

namespace pegtl = tao::pegtl;

// A half-open byte range [begin, end) in the text handed to the parser.
struct Span {
    std::size_t begin = 0;
    std::size_t end = 0;
    std::size_t size() const { return end - begin; }
};

// ---- value: literal text and references -------------------------------------------------

struct name_char : pegtl::sor<pegtl::ascii::alnum, pegtl::one<'_'>> {};
struct name : pegtl::plus<name_char> {};

struct brace_text;
struct brace_group : pegtl::seq<pegtl::one<'{'>, brace_text, pegtl::one<'}'>> {};
struct brace_text : pegtl::star<pegtl::sor<brace_group, pegtl::not_one<'{', '}'>>> {};
struct paren_text;
struct paren_group : pegtl::seq<pegtl::one<'('>, paren_text, pegtl::one<')'>> {};
struct paren_text : pegtl::star<pegtl::sor<paren_group, pegtl::not_one<'(', ')'>>> {};

struct brace_close : pegtl::one<'}'> {};
struct paren_close : pegtl::one<')'> {};
struct brace_content : brace_text {};
struct paren_content : paren_text {};
struct braced_reference : pegtl::seq<pegtl::one<'{'>, brace_content, pegtl::must<brace_close>> {};
struct paren_reference : pegtl::seq<pegtl::one<'('>, paren_content, pegtl::must<paren_close>> {};
struct escaped_dollar : pegtl::one<'$'> {};
struct bare_reference : name {};
struct after_dollar : pegtl::sor<escaped_dollar, braced_reference, paren_reference, bare_reference> {};
struct reference : pegtl::seq<pegtl::one<'$'>, pegtl::must<after_dollar>> {};
struct literal : pegtl::plus<pegtl::not_one<'$'>> {};
struct value : pegtl::seq<pegtl::star<pegtl::sor<literal, reference>>, pegtl::eof> {};

// ---- body: the inside of one ${...} or $(...) -------------------------------------------

struct ws : pegtl::star<pegtl::ascii::space> {};
struct curly_payload : brace_text {};
struct curly : pegtl::seq<pegtl::one<'{'>, curly_payload, pegtl::one<'}'>> {};

// A branch is either `{text}` or bare text up to the end of the body.
struct true_curly : curly {};
struct true_text : pegtl::seq<pegtl::not_at<pegtl::one<'{'>>, pegtl::star<pegtl::any>> {};
struct false_curly : curly {};
struct false_text : pegtl::seq<pegtl::not_at<pegtl::one<'{'>>, pegtl::star<pegtl::any>> {};
struct end_of_body : pegtl::eof {};
struct colon_expected : pegtl::sor<pegtl::one<':'>, pegtl::eof> {};

// As mac_expand: whitespace before a `{` and after its `}` is skipped; bare text is taken as
// it stands, and neither form's text is trimmed (postconf -x shows `${x? a }` as " a ").
struct false_branch
    : pegtl::sor<pegtl::seq<ws, false_curly, ws, pegtl::must<end_of_body>>, false_text> {};
struct when_nonempty_op : pegtl::one<'?'> {};
struct when_empty_op : pegtl::one<':'> {};
struct when_nonempty
    : pegtl::seq<when_nonempty_op,
                 pegtl::sor<pegtl::seq<ws, true_curly, ws, pegtl::must<colon_expected>,
                                       pegtl::opt<false_branch>>,
                            true_text>> {};
struct when_empty : pegtl::seq<when_empty_op, false_branch> {};
struct condition : pegtl::sor<when_nonempty, when_empty> {};

struct body_name : name {};
struct name_end : pegtl::sor<pegtl::at<pegtl::one<'?', ':'>>, pegtl::eof> {};
struct named : pegtl::seq<body_name, ws, pegtl::must<name_end>, pegtl::opt<condition>> {};

struct relational_symbol
    : pegtl::sor<pegtl::string<'=', '='>, pegtl::string<'!', '='>, pegtl::string<'<', '='>,
                 pegtl::string<'>', '='>, pegtl::one<'<'>, pegtl::one<'>'>> {};
struct level_suffix : pegtl::string<'l', 'e', 'v', 'e', 'l'> {};
struct operator_end : pegtl::not_at<name_char> {};
struct relational_operator
    : pegtl::seq<relational_symbol, pegtl::opt<level_suffix>, pegtl::must<operator_end>> {};
struct left_operand : curly {};
struct right_operand : curly {};
struct relational
    : pegtl::seq<left_operand, ws, pegtl::must<relational_operator>, ws, pegtl::must<right_operand>,
                 ws, pegtl::opt<condition>, pegtl::must<end_of_body>> {};

struct attribute_name : pegtl::sor<relational, named> {};
struct not_empty : pegtl::not_at<ws, pegtl::eof> {};
struct body : pegtl::seq<pegtl::must<not_empty>, ws, pegtl::must<attribute_name>> {};

// The error messages are Postfix's own words, so a user can search for them.
template <typename Rule>
inline constexpr const char* message = nullptr;
template <> inline constexpr const char* message<after_dollar> = "empty macro name";
template <> inline constexpr const char* message<brace_close> = "truncated macro reference";
template <> inline constexpr const char* message<paren_close> = "truncated macro reference";
template <> inline constexpr const char* message<not_empty> = "empty macro name";
template <> inline constexpr const char* message<attribute_name> = "attribute name syntax error";
template <> inline constexpr const char* message<name_end> = "attribute name syntax error";
template <> inline constexpr const char* message<colon_expected> = "\":\" expected";
template <> inline constexpr const char* message<end_of_body> = "unexpected input";
template <> inline constexpr const char* message<relational_operator> = "bad relational operator";
template <> inline constexpr const char* message<operator_end> = "bad operator suffix";
template <> inline constexpr const char* message<right_operand> = "\"{\" expected";

struct errors {
    template <typename Rule>
    static constexpr const char* message = expansion::message<Rule>;
};
using control = pegtl::must_if<errors, pegtl::normal, false>;

// ---- results ----------------------------------------------------------------------------

struct Segment {
    enum class Kind { literal, dollar, name, braced } kind = Kind::literal;
    Span text;    // the whole segment, `$` included
    Span content; // name for Kind::name; inside of the brackets for Kind::braced
};

struct Body {
    enum class Test { none, when_nonempty, when_empty } test = Test::none;
    bool relational = false;
    Span name;          // named form
    Span left, right;   // relational operands (inside their braces)
    Span op;            // relational operator, `level` suffix included
    std::optional<Span> when_true, when_false; // branch text, braces removed
};

struct SyntaxError {
    std::string message;
    std::size_t offset = 0; // where in the parsed text
};

template <typename Rule>
struct value_action : pegtl::nothing<Rule> {};

template <>
struct value_action<literal> {
    template <typename Input>
    static void apply(const Input& in, std::vector<Segment>& out, const char* base)
    {
        const std::size_t begin = static_cast<std::size_t>(in.begin() - base);
        out.push_back({Segment::Kind::literal, {begin, begin + in.size()}, {}});
    }
};
template <>
struct value_action<escaped_dollar> {
    template <typename Input>
    static void apply(const Input& in, std::vector<Segment>& out, const char* base)
    {
        const std::size_t begin = static_cast<std::size_t>(in.begin() - base);
        out.push_back({Segment::Kind::dollar, {begin - 1, begin + 1}, {}});
    }
};
template <>
struct value_action<bare_reference> {
    template <typename Input>
    static void apply(const Input& in, std::vector<Segment>& out, const char* base)
    {
        const std::size_t begin = static_cast<std::size_t>(in.begin() - base);
        out.push_back({Segment::Kind::name, {begin - 1, begin + in.size()},
                       {begin, begin + in.size()}});
    }
};
template <typename Content>
struct content_action {
    template <typename Input>
    static void apply(const Input& in, std::vector<Segment>& out, const char* base)
    {
        const std::size_t begin = static_cast<std::size_t>(in.begin() - base);
        // The segment's end is completed by the closing bracket's action.
        out.push_back({Segment::Kind::braced, {begin - 2, begin + in.size() + 1},
                       {begin, begin + in.size()}});
    }
};
template <> struct value_action<brace_content> : content_action<brace_content> {};
template <> struct value_action<paren_content> : content_action<paren_content> {};

template <typename Rule>
struct body_action : pegtl::nothing<Rule> {};

template <typename Rule, auto Field>
struct span_action {
    template <typename Input>
    static void apply(const Input& in, Body& out, const char* base)
    {
        const std::size_t begin = static_cast<std::size_t>(in.begin() - base);
        out.*Field = Span{begin, begin + in.size()};
    }
};
template <> struct body_action<body_name> : span_action<body_name, &Body::name> {};
template <> struct body_action<relational_operator> : span_action<relational_operator, &Body::op> {};

// Curly operands and branches: the text between the braces, as it stands.
template <typename Rule, auto Field>
struct inner_span_action {
    template <typename Input>
    static void apply(const Input& in, Body& out, const char* base)
    {
        const std::size_t begin = static_cast<std::size_t>(in.begin() - base);
        out.*Field = Span{begin + 1, begin + in.size() - 1};
    }
};
template <>
struct body_action<left_operand> : inner_span_action<left_operand, &Body::left> {
    template <typename Input>
    static void apply(const Input& in, Body& out, const char* base)
    {
        out.relational = true;
        inner_span_action::apply(in, out, base);
    }
};
template <> struct body_action<right_operand> : inner_span_action<right_operand, &Body::right> {};
template <> struct body_action<true_curly> : inner_span_action<true_curly, &Body::when_true> {};
template <> struct body_action<false_curly> : inner_span_action<false_curly, &Body::when_false> {};
template <> struct body_action<true_text> : span_action<true_text, &Body::when_true> {};
template <> struct body_action<false_text> : span_action<false_text, &Body::when_false> {};
template <>
struct body_action<when_nonempty_op> {
    template <typename Input>
    static void apply(const Input&, Body& out, const char*) { out.test = Body::Test::when_nonempty; }
};
template <>
struct body_action<when_empty_op> {
    template <typename Input>
    static void apply(const Input&, Body& out, const char*) { out.test = Body::Test::when_empty; }
};

inline std::size_t error_offset(const pegtl::parse_error& error, std::string_view text)
{
    const auto& positions = error.positions();
    if (positions.empty())
        return 0;
    return std::min(positions.front().byte, text.size());
}

// The grammars recurse once per nesting level of brackets; deeper text than this is refused
// before parsing, so a hostile 10 MB line of `{` cannot exhaust the stack.
inline constexpr std::size_t max_nesting = 1000;

// The offset where bracket nesting first exceeds max_nesting, or npos.
inline std::size_t too_deep(std::string_view text)
{
    std::size_t braces = 0, parens = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        switch (text[i]) {
        case '{':
            if (++braces > max_nesting)
                return i;
            break;
        case '}':
            braces -= braces > 0;
            break;
        case '(':
            if (++parens > max_nesting)
                return i;
            break;
        case ')':
            parens -= parens > 0;
            break;
        default:
            break;
        }
    }
    return std::string_view::npos;
}

inline constexpr const char* too_deep_message = "brackets nested more than 1000 levels deep";

// Splits `text` into segments. On a syntax error returns it (segments up to it are kept).
inline std::optional<SyntaxError> parse_value(std::string_view text, std::vector<Segment>& out)
{
    if (const std::size_t offset = too_deep(text); offset != std::string_view::npos)
        return SyntaxError{too_deep_message, offset};
    pegtl::memory_input<pegtl::tracking_mode::lazy> in(text.data(), text.size(), "");
    try {
        pegtl::parse<value, value_action, control::control>(in, out, text.data());
    }
    catch (const pegtl::parse_error& error) {
        return SyntaxError{std::string(error.message()), error_offset(error, text)};
    }
    return std::nullopt;
}

// Reads the content of one `${...}`; offsets are relative to `text`.
inline std::optional<SyntaxError> parse_body(std::string_view text, Body& out)
{
    if (const std::size_t offset = too_deep(text); offset != std::string_view::npos)
        return SyntaxError{too_deep_message, offset};
    pegtl::memory_input<pegtl::tracking_mode::lazy> in(text.data(), text.size(), "");
    try {
        pegtl::parse<body, body_action, control::control>(in, out, text.data());
    }
    catch (const pegtl::parse_error& error) {
        return SyntaxError{std::string(error.message()), error_offset(error, text)};
    }
    return std::nullopt;
}

} // namespace mf::grammar::expansion
