// aliases(5) reading: names in internal form, values re-serialised as postalias does, and the
// rejected forms.
#include <catch2/catch.hpp>

#include <tao/pegtl/contrib/analyze.hpp>

#include "grammar/aliases.hpp"
#include "postmap/alias_source_reader.hpp"

using namespace mf::maps;

namespace {

std::vector<std::pair<std::string, std::string>> read(std::string_view text,
                                                      std::vector<std::string>* warnings = nullptr)
{
    TableEntries entries;
    read_alias_source(text, MapSourceOptions{}, entries,
                      [&](std::uint32_t, const std::string& message) {
                          if (warnings)
                              warnings->push_back(message);
                      });
    std::vector<std::pair<std::string, std::string>> out;
    for (const TableEntry& entry : entries.entries())
        out.emplace_back(entry.key, entry.value);
    return out;
}

} // namespace

TEST_CASE("alias grammar has no infinite loops", "[postmap][grammar]")
{
    CHECK(tao::pegtl::analyze<mf::grammar::aliases::line>() == 0);
}

TEST_CASE("alias values are re-serialised in external form", "[postmap][aliases]")
{
    auto got = read("list: a,\n  b,\n\tc\n"
                    "prog: \"|/usr/bin/prog arg\", |/bin/x\n"
                    "inc: :include:/etc/list\n"
                    "named: Name <a@b>, c\n"
                    "spaced: a.b @ c . d\n"
                    "escaped: a\\,b\n"
                    "empty: \"\"\n"
                    "trail: ,a,\n");
    REQUIRE(got.size() == 8);
    CHECK(got[0].second == "a, b, c");
    CHECK(got[1].second == "\"|/usr/bin/prog arg\", |/bin/x");
    CHECK(got[2].second == ":include:/etc/list");
    CHECK(got[3].second == "Name <a@b>, c");
    CHECK(got[4].second == "a.b@c.d");
    CHECK(got[5].second == "\"a,b\"");
    CHECK(got[6].second == "\"\"");
    CHECK(got[7].second == ", a, ");
}

TEST_CASE("alias names are unquoted; bad lines are skipped", "[postmap][aliases]")
{
    std::vector<std::string> warnings;
    auto got = read("\"quoted name\": x\nsp   :   v\nnocolon value\nbad@x: y\nbad,c: y\nempty:\n",
                    &warnings);
    REQUIRE(got.size() == 2);
    CHECK(got[0].first == "quoted name");
    CHECK(got[1].first == "sp");
    REQUIRE(warnings.size() == 4);
    CHECK_THAT(warnings[0], Catch::Contains("need name:value pair"));
    CHECK_THAT(warnings[1], Catch::Contains("name must be local"));
    CHECK_THAT(warnings[2], Catch::Contains("need name:value pair"));
    CHECK_THAT(warnings[3], Catch::Contains("need name:value pair"));
}

TEST_CASE("| % and ! are operators, as in Postfix's tokenizer", "[postmap][aliases]")
{
    std::vector<std::string> warnings;
    auto got = read("pipe: |\"/usr/bin/quoted prog\"\n"
                    "spaced: b |\"x\"\n"
                    "routes: a % b, c ! d\n"
                    "escaped: \\|\"z\"\n"
                    "\"at@quoted\": local\n"
                    "\"pct%quoted\": local\n"
                    "bang!name: local\n"
                    "pct%name: refused\n",
                    &warnings);
    REQUIRE(got.size() == 7);
    CHECK(got[0].second == "|\"/usr/bin/quoted prog\"");
    CHECK(got[1].second == "b|\"x\"");
    CHECK(got[2].second == "a%b, c!d");
    CHECK(got[3].second == "\"|\" \"z\"");
    CHECK(got[4].first == "at@quoted");
    CHECK(got[5].first == "pct%quoted");
    CHECK(got[6].first == "bang!name");
    REQUIRE(warnings.size() == 1);
    CHECK_THAT(warnings[0], Catch::Contains("name must be local"));
}
