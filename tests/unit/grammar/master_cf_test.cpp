// The master.cf grammars: tokens with { } groups, and each field's grammar.
#include <catch2/catch.hpp>
#include <tao/pegtl/contrib/analyze.hpp>

#include "grammar/master_cf.hpp"

namespace mg = mf::grammar::master_cf;

TEST_CASE("master.cf grammars are well-formed", "[grammar][master_cf]")
{
    CHECK(tao::pegtl::analyze<mg::entry>(-1) == 0);
}

TEST_CASE("master.cf entries split into tokens, braces grouping", "[grammar][master_cf]")
{
    const std::string line = "smtp inet n - y - - smtpd -o { a = b c } -o x=y";
    std::vector<mg::Token> tokens;
    REQUIRE_FALSE(mg::parse_entry(line, tokens));
    std::vector<std::string> text;
    for (const auto& token : tokens)
        text.push_back(line.substr(token.begin, token.end - token.begin));
    CHECK(text == std::vector<std::string>{"smtp", "inet", "n", "-", "y", "-", "-", "smtpd", "-o",
                                           "{ a = b c }", "-o", "x=y"});
    tokens.clear();
    auto error = mg::parse_entry("smtp inet n - y - - smtpd -o {a=b", tokens);
    REQUIRE(error);
    CHECK(error->message == "missing '}'");
}

TEST_CASE("master.cf: a group without its '}' runs its word to the end, as Postfix reads it",
          "[grammar][master_cf]")
{
    const std::string line = "lists unix - n n - - pipe argv=/bin/x ${nexthop} ${user} ${ext x y";
    std::vector<mg::Token> tokens;
    auto error = mg::parse_entry(line, tokens);
    REQUIRE(error);
    CHECK(error->message == "missing '}'");
    CHECK(error->tokens_read);
    REQUIRE(tokens.size() == 12);
    CHECK(line.substr(tokens[10].begin, tokens[10].end - tokens[10].begin) == "${user}");
    CHECK(line.substr(tokens[11].begin) == "${ext x y");
    CHECK(tokens[11].end == line.size());

    CHECK(error->word == 11);

    // Text after a group's '}' stays in its word; the words after it are cut as before.
    const std::string after = "smtp inet n - y - - smtpd -o {a=b}c{d e} x {y}";
    tokens.clear();
    error = mg::parse_entry(after, tokens);
    REQUIRE(error);
    CHECK(error->message == "syntax error after '}'");
    CHECK(error->tokens_read);
    CHECK(error->word == 9);
    std::vector<std::string> text;
    for (const auto& token : tokens)
        text.push_back(after.substr(token.begin, token.end - token.begin));
    CHECK(text == std::vector<std::string>{"smtp", "inet", "n", "-", "y", "-", "-", "smtpd", "-o",
                                           "{a=b}c{d e}", "x", "{y}"});
}

TEST_CASE("master.cf field grammars", "[grammar][master_cf]")
{
    for (const char* type : {"inet", "unix", "unix-dgram", "fifo", "pass"})
        CHECK(mg::matches<mg::service_type>(type));
    CHECK_FALSE(mg::matches<mg::service_type>("tcp"));
    CHECK_FALSE(mg::matches<mg::service_type>("INET"));
    CHECK(mg::matches<mg::yes_no_default>("-"));
    CHECK_FALSE(mg::matches<mg::yes_no_default>("yes"));
    CHECK(mg::matches<mg::wakeup>("1000?"));
    CHECK(mg::matches<mg::wakeup>("-"));
    CHECK_FALSE(mg::matches<mg::wakeup>("10??"));
    CHECK_FALSE(mg::matches<mg::wakeup>("abc"));
    CHECK(mg::matches<mg::process_limit>("0"));
    CHECK_FALSE(mg::matches<mg::process_limit>("-5"));
}
