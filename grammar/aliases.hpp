// One logical line of an aliases(5) file, split into RFC 822 tokens as postalias reads it
// (spec D.4): atoms (a backslash quotes the next byte), "quoted strings", (comments) that
// nest, [domain literals], and the operator characters. An unterminated quoted string,
// comment or literal runs to the end of the line, as Postfix's tokenizer lets it. Grammar
// only: tokenize_alias_line() lists the tokens with their raw text; postmap/ finds the name
// and value and re-serialises them.
#pragma once

#include <string_view>
#include <vector>

#include <tao/pegtl.hpp>

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
struct comment;
struct comment_body : pegtl::sor<quoted_pair, comment, pegtl::not_one<')'>> {};
struct comment
    : pegtl::seq<pegtl::one<'('>, pegtl::star<comment_body>, pegtl::opt<pegtl::one<')'>>> {};
struct domain_literal
    : pegtl::seq<pegtl::one<'['>, pegtl::star<pegtl::sor<quoted_pair, pegtl::not_one<']'>>>,
                 pegtl::opt<pegtl::one<']'>>> {};
struct special : pegtl::one<'<', '>', '@', ',', ';', ':', '.', ')', ']'> {};
struct atom_char : pegtl::not_one<' ', '\t', '\r', '\n', '\v', '\f', '"', '(', ')', '[', ']', '<',
                                  '>', '@', ',', ';', ':', '.', '\\'> {};
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

// Only the outermost comment is a token; nested ones are part of its text.
template <>
struct action<token> {
    template <typename Input>
    static void apply(const Input& in, std::vector<AliasToken>& out)
    {
        if (in.size() > 0 && *in.begin() == '(')
            out.push_back({AliasTokenKind::comment, {in.begin(), in.size()}});
    }
};

} // namespace aliases

// The tokens of one logical line; views point into `text`. Every input tokenizes.
inline std::vector<AliasToken> tokenize_alias_line(std::string_view text)
{
    std::vector<AliasToken> tokens;
    tao::pegtl::memory_input<tao::pegtl::tracking_mode::lazy> in(text.data(), text.size(), "");
    tao::pegtl::parse<aliases::line, aliases::action>(in, tokens);
    return tokens;
}

} // namespace mf::grammar
