// The $-expansion grammar: every form of spec A.3 splits into the right segments and bodies,
// and malformed references fail with Postfix's message at the right offset.
#include <catch2/catch.hpp>
#include <tao/pegtl/contrib/analyze.hpp>

#include "grammar/expansion.hpp"

namespace ex = mf::grammar::expansion;

namespace {

std::string part(std::string_view text, const ex::Span& span)
{
    return std::string(text.substr(span.begin, span.size()));
}

} // namespace

TEST_CASE("expansion grammars are well-formed", "[grammar][expansion]")
{
    CHECK(tao::pegtl::analyze<ex::value>(-1) == 0);
    CHECK(tao::pegtl::analyze<ex::body>(-1) == 0);
}

TEST_CASE("values split into literals and references", "[grammar][expansion]")
{
    const std::string text = "a$$b $foo.bar ${x} $(y) $foo_x";
    std::vector<ex::Segment> segments;
    REQUIRE_FALSE(ex::parse_value(text, segments));
    using K = ex::Segment::Kind;
    std::vector<std::pair<K, std::string>> got;
    for (const auto& s : segments)
        got.emplace_back(s.kind, s.kind == K::name || s.kind == K::braced ? part(text, s.content)
                                                                           : part(text, s.text));
    const std::vector<std::pair<K, std::string>> expected = {
        {K::literal, "a"}, {K::dollar, "$$"},   {K::literal, "b "}, {K::name, "foo"},
        {K::literal, ".bar "}, {K::braced, "x"}, {K::literal, " "}, {K::braced, "y"},
        {K::literal, " "},  {K::name, "foo_x"}};
    CHECK(got == expected);
}

TEST_CASE("malformed references report Postfix's messages", "[grammar][expansion]")
{
    std::vector<ex::Segment> segments;
    auto error = ex::parse_value("abc ${foo", segments);
    REQUIRE(error);
    CHECK(error->message == "truncated macro reference");
    error = ex::parse_value("a$", segments);
    REQUIRE(error);
    CHECK(error->message == "empty macro name");
    CHECK(error->offset == 2);
    error = ex::parse_value("$-x", segments);
    REQUIRE(error);
    CHECK(error->message == "empty macro name");

    ex::Body body;
    CHECK(ex::parse_body("foo-bar", body)->message == "attribute name syntax error");
    CHECK(ex::parse_body("", body)->message == "empty macro name");
    CHECK(ex::parse_body("  ", body)->message == "empty macro name");
    CHECK(ex::parse_body("d?{a}b", body)->message == "\":\" expected");
    CHECK(ex::parse_body("d:{x}:{y}", body)->message == "unexpected input");
    CHECK(ex::parse_body("{1} <x {2}?{y}:{n}", body)->message == "bad operator suffix");
}

TEST_CASE("bodies: conditionals, ternaries and relational tests", "[grammar][expansion]")
{
    ex::Body body;
    std::string text = " d ? {T} : {U} ";
    REQUIRE_FALSE(ex::parse_body(text, body));
    CHECK(part(text, body.name) == "d");
    CHECK(body.test == ex::Body::Test::when_nonempty);
    CHECK(part(text, *body.when_true) == "T");
    CHECK(part(text, *body.when_false) == "U");

    body = {};
    text = "d?{t}:f g";
    REQUIRE_FALSE(ex::parse_body(text, body));
    CHECK(part(text, *body.when_false) == "f g");

    body = {};
    text = "d?x{y}z";
    REQUIRE_FALSE(ex::parse_body(text, body));
    CHECK(part(text, *body.when_true) == "x{y}z");

    body = {};
    text = "name:text";
    REQUIRE_FALSE(ex::parse_body(text, body));
    CHECK(body.test == ex::Body::Test::when_empty);
    CHECK(part(text, *body.when_false) == "text");

    body = {};
    text = "{$compatibility_level} <level {3.6} ? {md5} : {sha256}";
    REQUIRE_FALSE(ex::parse_body(text, body));
    CHECK(body.relational);
    CHECK(part(text, body.left) == "$compatibility_level");
    CHECK(part(text, body.op) == "<level");
    CHECK(part(text, body.right) == "3.6");
    CHECK(part(text, *body.when_true) == "md5");
    CHECK(part(text, *body.when_false) == "sha256");

    for (const char* op : {"==", "!=", "<", "<=", ">", ">=", ">=level"}) {
        body = {};
        text = std::string("{a} ") + op + " {b}";
        REQUIRE_FALSE(ex::parse_body(text, body));
        CHECK(part(text, body.op) == op);
    }
}
