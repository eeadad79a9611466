// regexp: and pcre: tables: flag toggles, if/endif, negation, $n substitution, and the rules
// Postfix skips with a warning.
#include <catch2/catch.hpp>

#include <tao/pegtl/contrib/analyze.hpp>

#include "grammar/pattern_table.hpp"
#include "postmap/dict_pattern.hpp"
#include "tests/unit/temporary_directory.hpp"

using namespace mf::maps;
using mf::testing::TemporaryDirectory;

TEST_CASE("pattern table grammar has no infinite loops", "[postmap][grammar]")
{
    CHECK(tao::pegtl::analyze<mf::grammar::pattern_table::line>() == 0);
}

TEST_CASE("pattern line forms", "[postmap][grammar]")
{
    auto rule = mf::grammar::parse_pattern_line("!|a\\|b|ix  result text");
    CHECK(rule.kind == mf::grammar::PatternLineKind::rule);
    CHECK(rule.negated);
    CHECK(rule.pattern == "a\\|b");
    CHECK(rule.flags == "ix");
    CHECK(rule.result == "result text");
    CHECK(mf::grammar::parse_pattern_line("IF /x/").kind == mf::grammar::PatternLineKind::if_rule);
    CHECK(mf::grammar::parse_pattern_line("endif").kind == mf::grammar::PatternLineKind::endif);
    CHECK(mf::grammar::parse_pattern_line("/open").unclosed);
}

TEST_CASE("regexp and pcre tables answer as Postfix's", "[postmap][patterns]")
{
    TemporaryDirectory dir;
    std::string path = dir.file("table");
    mf::testing::write_file(path, "/^CaseSens$/i sensitive\n"
                                        "/^(a)(b)?$/ got $1 and ${2} and $$\n"
                                        "if /^in/\n"
                                        "/^inner(.*)/ inner $1\n"
                                        "endif\n"
                                        "/^oor(.)$/ $2\n"
                                        "!/^neg(.)/ $1\n"
                                        "!/^y/ not y\n");
    bool pcre = GENERATE(false, true);
    std::vector<std::size_t> skipped;
    auto warn = [&](std::size_t line, const std::string&) { skipped.push_back(line); };
    auto dict = pcre ? open_pcre_dict("pcre:t", path, warn) : open_regexp_dict("regexp:t", path, warn);
    REQUIRE(dict);
    CHECK((*dict)->lookup("CaseSens").value() == "sensitive");
    CHECK((*dict)->lookup("casesens").value() == "not y");
    CHECK((*dict)->lookup("A").value() == "got A and  and $");
    CHECK((*dict)->lookup("innerX").value() == "inner X");
    CHECK((*dict)->lookup("yes").status() == LookupStatus::not_found);
    CHECK(skipped == std::vector<std::size_t>{6, 7});
}
