// $ expansion as Postfix does it (spec A.3, B.4): recursion, conditionals, relational tests with
// `level`, $$, undefined names, loops, RAW parameters, per-service values.
#include <catch2/catch.hpp>

#include "tests/unit/compiler/config_fixture.hpp"

using namespace mf::compiler;
using mf::compiler::testing::ConfigFixture;

TEST_CASE("expansion follows mac_expand", "[compiler][expansion]")
{
    ConfigFixture fixture("foo = F\n"
                          "empty =\n"
                          "a = $b\nb = $c\nc = deep\n"
                          "x = a$$b\n"
                          "num = 9\n");
    const Configuration& config = *fixture.config;
    CHECK(config.expand_text("$foo.bar") == "F.bar");
    CHECK(config.expand_text("${foo}$(foo)${ foo }") == "FFF");
    CHECK(config.expand_text("[${foo?yes}][${empty?yes}][${nothing?yes}]") == "[yes][][]");
    CHECK(config.expand_text("[${foo:no}][${empty:no}][${nothing:no}]") == "[][no][no]");
    CHECK(config.expand_text("${foo ? {T} : {U}}|${empty?{T}:U 1}") == "T|U 1");
    CHECK(config.expand_text("$a") == "deep");
    CHECK(config.expand_text("$x") == "a$b");
    CHECK(config.expand_text("$$$$") == "$$");
    CHECK(config.expand_text("${{$num} <= {10}?{le}:{gt}}") == "le");
    CHECK(config.expand_text("${{9} < {10}?{num}:{lex}}") == "num");
    CHECK(config.expand_text("${{a9} < {a10}?{lt}:{ge}}") == "ge");
    CHECK(config.expand_text("${{3.10} >level {3.9}?{y}:{n}}") == "y");
    CHECK(config.expand_text("${{1}=={1}}") == "true");
    CHECK(config.expand_text("${{1} == {1} ? y : n}") == " y : n");
}

// What postconf -x prints for each: whitespace before `{` and after `}` is skipped, the text of
// a branch or operand is kept as it stands.
TEST_CASE("expansion keeps the whitespace of branch texts and operands", "[compiler][expansion]")
{
    ConfigFixture fixture("foo = F\n");
    const Configuration& config = *fixture.config;
    CHECK(config.expand_text("<${foo? x }>") == "< x >");
    CHECK(config.expand_text("<${foo?{ x }}>") == "< x >");
    CHECK(config.expand_text("<${foo ? {x} }>") == "<x>");
    CHECK(config.expand_text("<${nothing ? {T} :  U }>") == "<  U >");
    CHECK(config.expand_text("<${nothing :  {x}  }>") == "<x>");
    CHECK(config.expand_text("<${{a} == {a} ? { T } : {U}}>") == "< T >");
    CHECK(config.expand_text("<${{ a } == {a} ? {T} : {U}}>") == "<U>");
}

TEST_CASE("compatibility_level decides level-dependent defaults", "[compiler][expansion]")
{
    ConfigFixture old_level("");
    CHECK(old_level.config->expand("smtpd_tls_fingerprint_digest") == "md5");
    CHECK(old_level.config->expand("smtputf8_enable") == "no");
    ConfigFixture new_level("compatibility_level = 3.6\n");
    CHECK(new_level.config->expand("smtpd_tls_fingerprint_digest") == "sha256");
    CHECK(new_level.config->expand("smtputf8_enable") == "yes");
}

TEST_CASE("expansion problems: undefined, loops, syntax", "[compiler][expansion]")
{
    ConfigFixture fixture("a = $b\nb = $a\nr = $r\n");
    std::vector<ExpansionProblem> problems;
    CHECK(fixture.config->expand_text("x$undefined_name", nullptr, &problems) == "x");
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].kind == ExpansionProblem::Kind::undefined);
    problems.clear();
    fixture.config->expand("a", nullptr, &problems);
    REQUIRE_FALSE(problems.empty());
    CHECK(problems.back().kind == ExpansionProblem::Kind::nesting);
    problems.clear();
    fixture.config->expand_text("${foo-bar}", nullptr, &problems);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].kind == ExpansionProblem::Kind::syntax);
    CHECK(problems[0].detail == "attribute name syntax error");
}

TEST_CASE("exponential fan-out is bounded", "[compiler][expansion]")
{
    std::string main_cf;
    for (int i = 0; i < 60; ++i)
        main_cf += "p" + std::to_string(i) + " = $p" + std::to_string(i + 1) + "$p" +
                   std::to_string(i + 1) + "\n";
    main_cf += "p60 = xxxxxxxxxxxxxxxx\n";
    ConfigFixture fixture(main_cf);
    std::vector<ExpansionProblem> problems;
    fixture.config->expand("p0", nullptr, &problems);
    REQUIRE_FALSE(problems.empty());
    CHECK(problems.back().kind == ExpansionProblem::Kind::too_large);
}

TEST_CASE("RAW parameters stay unexpanded; services see their -o and $service_name",
          "[compiler][expansion]")
{
    const std::string master = "relay unix - - n - - smtp\n"
                               "  -o syslog_name=postfix/$service_name\n"
                               "  -o smtp_helo_timeout=7s\n";
    ConfigFixture fixture("mailbox_command = /usr/bin/procmail -a \"$EXTENSION\" $user\n", &master);
    const Configuration& config = *fixture.config;
    CHECK(config.expand("mailbox_command") == "/usr/bin/procmail -a \"$EXTENSION\" $user");
    REQUIRE(config.services().size() == 1);
    const Service& relay = config.services()[0];
    CHECK(config.expand("syslog_name", &relay) == "postfix/relay");
    CHECK(config.expand("syslog_name") == "postfix");
    CHECK(config.expand("smtp_helo_timeout", &relay) == "7s");
    CHECK(config.expand("smtp_helo_timeout") == "300s");
    const auto value = config.lookup("smtp_helo_timeout", &relay);
    REQUIRE(value);
    CHECK(value->from_override);
    CHECK(value->setting->value_location.line == 3);
    // per-transport parameters exist because relay runs the smtp delivery agent
    CHECK(config.catalog_entry("relay_destination_concurrency_limit"));
    CHECK(config.expand("relay_destination_concurrency_limit") == "20");
    CHECK_FALSE(config.catalog_entry("relay_time_limit")); // only pipe services have it
}

// What postconf's scan reads (mac_expand in scan mode), checked against postconf -n on values
// postconf accepts: every branch, taken or not, up to the first syntax error.
TEST_CASE("references and syntax errors as postconf's scan finds them", "[compiler][expansion]")
{
    auto names_of = [](std::string_view text) {
        std::set<std::string, std::less<>> names;
        collect_references(text, names);
        std::string out;
        for (const std::string& name : names)
            out += (out.empty() ? "" : " ") + name;
        return out;
    };
    CHECK(names_of("${{$a} == {b} ? {$c} : {$d}} $e") == "a c d e");
    // A syntax error ends the scan: what comes after it is not read.
    CHECK(names_of("${{x} == {y} ? {${r:{x} junk}} : {$d}} $e") == "r");
    CHECK(names_of("${{$a} == {y} ? {${r:{x} junk}} : {$d}}") == "a r");
    CHECK(names_of("${{x} == {y} ? {$a ${b?{$c} junk} $d} : {z}}") == "a b c");
    // A name that is not one is never looked up; operands are read only when both are there.
    CHECK(names_of("${{x} == {y} ? {$a ${b-c} $d} : {z}}") == "a");
    CHECK(names_of("${{x} == {y} ? {${{$a} ?? {$b}} $c} : {z}}").empty());

    CHECK_FALSE(first_syntax_error("${{a} == {b} ? {x} : {$y}}"));
    const auto error = first_syntax_error("${{a} == {b} ? {${r:{x} junk}} : {y}}");
    REQUIRE(error);
    CHECK(error->detail == "unexpected input");
    CHECK(error->offset == std::string_view("${{a} == {b} ? {${r:{x} ").size());
    const auto truncated = first_syntax_error("ok ${x?{${y}");
    REQUIRE(truncated);
    CHECK(truncated->detail == "truncated macro reference");
}
