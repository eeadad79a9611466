// One logical line of an aliases(5) file, split into RFC 822 tokens as postalias reads it
// (spec D.4): atoms (a backslash quotes the next byte), "quoted strings", (comments) that
// nest, [domain literals], and the operator characters (RFC 822's specials plus | % !). An unterminated quoted string,
// comment or literal runs to the end of the line, as Postfix's tokenizer lets it. Grammar
// only: tokenize_alias_line() lists the tokens with their raw text; postmap/ finds the name
// and value and re-serialises them.
#pragma once

#include <string_view>
#include <vector>

#include <tao/pegtl.hpp>
#include <tao/pegtl/contrib/analyze_traits.hpp>

namespace mf::grammar {

enum class AliasTokenKind { atom, quoted_string, comment, domain_literal, special };

struct AliasToken {
    AliasTokenKind kind;
    std::string_view text; // raw, including quotes, parentheses or brackets
};

namespace aliases {

namespace pegtl = tao::pegtl;

struct space : pegtl::one<' ', '\t', '\r', '\n', '\v', '\f'> {};
struct quoted_pair : pegtl::seq<pegtl::one<'\\'>, pegtl::opt<pegtl::any>> {};
struct quoted_string
    : pegtl::seq<pegtl::one<'"'>, pegtl::star<pegtl::sor<quoted_pair, pegtl::not_one<'"'>>>,
                 pegtl::opt<pegtl::one<'"'>>> {};
// "(...)" with nested parentheses, scanned with a depth counter rather than by recursion, so
// a line of a million '(' neither recurses a million deep nor rescans the line per level.
struct comment {
    using rule_t = comment;
    using subs_t = pegtl::empty_list;

    template <pegtl::apply_mode, pegtl::rewind_mode, template <typename...> class Action,
              template <typename...> class Control, typename Input, typename... States>
    static bool match(Input& in, States&&...)
    {
        if (in.empty() || in.peek_char() != '(')
            return false;
        const char* at = in.current() + 1;
        const char* end = in.end();
        std::size_t depth = 1;
        while (at < end && depth > 0) {
            if (*at == '\\') {
                at += (at + 1 < end) ? 2 : 1;
                continue;
            }
            depth += *at == '(' ? 1 : *at == ')' ? -1 : 0;
            ++at;
        }
        in.bump(static_cast<std::size_t>(at - in.current()));
        return true;
    }
};
struct domain_literal
    : pegtl::seq<pegtl::one<'['>, pegtl::star<pegtl::sor<quoted_pair, pegtl::not_one<']'>>>,
                 pegtl::opt<pegtl::one<']'>>> {};
// Postfix's tokenizer treats '|', '%' and '!' as operators too (pipes, % and ! routing).
struct special : pegtl::one<'<', '>', '@', ',', ';', ':', '.', ')', ']', '|', '%', '!'> {};
struct atom_char : pegtl::not_one<' ', '\t', '\r', '\n', '\v', '\f', '"', '(', ')', '[', ']', '<',
                                  '>', '@', ',', ';', ':', '.', '\\', '|', '%', '!'> {};
struct atom : pegtl::plus<pegtl::sor<quoted_pair, atom_char>> {};
struct token : pegtl::sor<quoted_string, comment, domain_literal, special, atom> {};
struct line : pegtl::seq<pegtl::star<pegtl::sor<pegtl::plus<space>, token>>, pegtl::eof> {};

template <typename Rule>
struct action : pegtl::nothing<Rule> {};

template <AliasTokenKind Kind>
struct add_token {
    template <typename Input>
    static void apply(const Input& in, std::vector<AliasToken>& out)
    {
        out.push_back({Kind, {in.begin(), in.size()}});
    }
};

template <> struct action<atom> : add_token<AliasTokenKind::atom> {};
template <> struct action<quoted_string> : add_token<AliasTokenKind::quoted_string> {};
template <> struct action<domain_literal> : add_token<AliasTokenKind::domain_literal> {};
template <> struct action<special> : add_token<AliasTokenKind::special> {};

template <> struct action<comment> : add_token<AliasTokenKind::comment> {};

} // namespace aliases

} // namespace mf::grammar

// For analyze<>(): a comment always consumes at least its '('.
template <typename Name>
struct tao::pegtl::analyze_traits<Name, mf::grammar::aliases::comment>
    : tao::pegtl::analyze_any_traits<> {};

namespace mf::grammar {

// The tokens of one logical line; views point into `text`. Every input tokenizes.
inline std::vector<AliasToken> tokenize_alias_line(std::string_view text)
{
    std::vector<AliasToken> tokens;
    tao::pegtl::memory_input<tao::pegtl::tracking_mode::lazy> in(text.data(), text.size(), "");
    tao::pegtl::parse<aliases::line, aliases::action>(in, tokens);
    return tokens;
}

} // namespace mf::grammar
