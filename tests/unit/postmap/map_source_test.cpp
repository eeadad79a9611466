// The postmap source grammar and reader: keys with quotes and escapes, trimmed values,
// continuation lines, and postmap's skip decisions for lines that cannot be entries.
#include <catch2/catch.hpp>

#include <tao/pegtl/contrib/analyze.hpp>

#include "grammar/map_source.hpp"
#include "postmap/map_source_reader.hpp"

using mf::grammar::parse_map_source_line;
using namespace mf::maps;

namespace {

struct Collected {
    TableEntries entries;
    std::vector<std::pair<std::uint32_t, std::string>> warnings;
};

Collected read(std::string_view text, bool utf8 = false)
{
    Collected out;
    read_map_source(text, MapSourceOptions{utf8}, out.entries,
                    [&](std::uint32_t line, const std::string& message) {
                        out.warnings.emplace_back(line, message);
                    });
    return out;
}

} // namespace

TEST_CASE("map source grammar has no infinite loops", "[postmap][grammar]")
{
    CHECK(tao::pegtl::analyze<mf::grammar::map_source::line>() == 0);
}

TEST_CASE("a key ends at the first unquoted whitespace", "[postmap][grammar]")
{
    auto plain = parse_map_source_line("Key1   value with  spaces  ");
    CHECK(plain.key == "Key1");
    CHECK(plain.value == "value with  spaces");

    auto quoted = parse_map_source_line("\"quoted key\" qv");
    CHECK(quoted.key == "\"quoted key\"");
    CHECK(quoted.value == "qv");

    auto escaped = parse_map_source_line("k\\ x  y");
    CHECK(escaped.key == "k\\ x");
    CHECK(escaped.value == "y");

    auto unclosed = parse_map_source_line("\"unbalanced key v");
    CHECK(unclosed.unclosed_quote);

    auto alone = parse_map_source_line("lonely");
    CHECK(alone.key == "lonely");
    CHECK(alone.value.empty());
}

TEST_CASE("continuation lines join with their whitespace kept", "[postmap][source]")
{
    auto got = read("key3 multi\n  line\n# comment inside\n\tvalue\nnext v\n");
    REQUIRE(got.entries.size() == 2);
    CHECK(got.entries.entries()[0].key == "key3");
    CHECK(got.entries.entries()[0].value == "multi  line\tvalue");
    CHECK(got.entries.entries()[1].line == 5);
    CHECK(got.warnings.empty());
}

TEST_CASE("lines that cannot be entries are reported and skipped", "[postmap][source]")
{
    std::string text = "good v\nnovalue\n\"open quote v\nbad";
    text += '\0';
    text += "nul v\nalias: like\n";
    auto got = read(text);
    REQUIRE(got.entries.size() == 2);
    CHECK(got.entries.entries()[1].key == "alias:");
    REQUIRE(got.warnings.size() == 4);
    CHECK(got.warnings[0].first == 2);
    CHECK_THAT(got.warnings[0].second, Catch::Contains("expected format: key whitespace value"));
    CHECK_THAT(got.warnings[1].second, Catch::Contains("unbalanced '\"'"));
    CHECK_THAT(got.warnings[2].second, Catch::Contains("NUL byte"));
    CHECK_THAT(got.warnings[3].second, Catch::Contains("is this an alias file?"));
}

TEST_CASE("invalid UTF-8 is rejected only when smtputf8 is on", "[postmap][source]")
{
    CHECK(read("a\xff b v\n", false).entries.size() == 1);
    auto strict = read("a\xff" "b v\n", true);
    CHECK(strict.entries.empty());
    REQUIRE(strict.warnings.size() == 1);
    CHECK_THAT(strict.warnings[0].second, Catch::Contains("non-UTF-8 input"));
}
