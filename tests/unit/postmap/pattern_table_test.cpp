// regexp: and pcre: tables: flag toggles, if/endif, negation, $n substitution, and the rules
// Postfix skips with a warning.
#include <catch2/catch.hpp>

#include "grammar/pattern_table.hpp"
#include "postmap/dict_pattern.hpp"
#include "tests/unit/temporary_directory.hpp"

using namespace mf::maps;
using mf::testing::TemporaryDirectory;

TEST_CASE("pattern line forms", "[postmap][grammar]")
{
    using mf::grammar::PatternFlavour;
    using mf::grammar::PatternLineKind;
    auto rule = mf::grammar::parse_pattern_line("! !|a\\|b|ix  result text", PatternFlavour::regexp);
    CHECK(rule.kind == PatternLineKind::rule);
    CHECK(rule.first.matches);
    CHECK(rule.first.body == "a\\|b");
    CHECK(rule.first.flags == "ix");
    CHECK(rule.rest == "result text");
    auto two = mf::grammar::parse_pattern_line("/a/i!/b/ both", PatternFlavour::regexp);
    REQUIRE(two.second);
    CHECK(two.first.flags == "i");
    CHECK_FALSE(two.second->matches);
    CHECK(two.second->body == "b");
    CHECK(two.rest == "both");
    // pcre has no second pattern: its flags run to the next blank.
    auto pcre = mf::grammar::parse_pattern_line("/a/i!/b/ both", PatternFlavour::pcre);
    CHECK_FALSE(pcre.second);
    CHECK(pcre.first.flags == "i!/b/");
    auto if_line = mf::grammar::parse_pattern_line("IF !/x/ extra", PatternFlavour::regexp);
    CHECK(if_line.kind == PatternLineKind::if_rule);
    CHECK_FALSE(if_line.first.matches);
    CHECK(if_line.rest == "extra");
    CHECK(mf::grammar::parse_pattern_line("endif", PatternFlavour::pcre).kind == PatternLineKind::endif);
    CHECK(mf::grammar::parse_pattern_line("endiff", PatternFlavour::pcre).kind ==
          PatternLineKind::unrecognized);
    CHECK(mf::grammar::parse_pattern_line("garbage", PatternFlavour::regexp).kind ==
          PatternLineKind::unrecognized);
    CHECK(mf::grammar::parse_pattern_line("/open", PatternFlavour::regexp).first.unclosed);
    CHECK(mf::grammar::parse_pattern_line("!  ", PatternFlavour::regexp).first.missing);
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
