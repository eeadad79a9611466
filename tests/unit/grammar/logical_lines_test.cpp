// Logical lines as Postfix's readllines() forms them (spec A.1).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <tao/pegtl/contrib/analyze.hpp>

#include "grammar/logical_lines.hpp"

namespace {

struct Collected {
    std::vector<std::string> lines;
    std::vector<mf::grammar::Position> starts;
    std::vector<std::string> warnings;
};

Collected collect(std::string_view input)
{
    Collected out;
    mf::grammar::read_logical_lines(
        input,
        [&](const mf::grammar::LogicalLine& line) {
            out.lines.emplace_back(line.text);
            out.starts.push_back(line.start());
        },
        [&](mf::grammar::Position where, std::string_view message) {
            out.warnings.push_back(std::to_string(where.line) + ": " + std::string(message));
        });
    return out;
}

} // namespace

TEST_CASE("continuation keeps inner whitespace; comments and blanks do not end a line", "[grammar]")
{
    auto out = collect("# comment\n   # indented comment\n\nsmtpd_banner = first\n  second\n"
                       "# comment inside\n\n\tthird\nalias_maps = hash:/a # not a comment\n"
                       "relayhost =");
    REQUIRE(out.lines.size() == 3);
    CHECK(out.lines[0] == "smtpd_banner = first  second\tthird");
    CHECK(out.lines[1] == "alias_maps = hash:/a # not a comment");
    CHECK(out.lines[2] == "relayhost =");
    CHECK(out.starts[0].line == 4);
    CHECK(out.starts[1].line == 9);
    CHECK(out.starts[2].line == 10);
    CHECK(out.warnings.empty());
}

TEST_CASE("leading continuation text is reported and dropped", "[grammar]")
{
    auto out = collect("  myhostname = x\ngarbage line\nmydomain = y\n");
    REQUIRE(out.lines.size() == 2);
    CHECK(out.lines[0] == "garbage line");
    REQUIRE(out.warnings.size() == 1);
    CHECK(out.warnings[0] == "1: logical line must not start with whitespace");
}

TEST_CASE("positions map offsets of a joined line back to physical lines", "[grammar]")
{
    mf::grammar::Position where;
    mf::grammar::read_logical_lines(
        "a = one\n   two\n",
        [&](const mf::grammar::LogicalLine& line) {
            where = line.position_of(line.text.find("two"));
        },
        [](mf::grammar::Position, std::string_view) {});
    CHECK(where.line == 2);
    CHECK(where.column == 4);
}

TEST_CASE("the position just after a text stays on that text's line", "[grammar]")
{
    mf::grammar::Position after, next;
    mf::grammar::read_logical_lines(
        "name,\n   two\n",
        [&](const mf::grammar::LogicalLine& line) {
            after = line.position_after(line.text.find(','));
            next = line.position_after(line.text.find(',') + 1);
        },
        [](mf::grammar::Position, std::string_view) {});
    CHECK(after.line == 1);
    CHECK(after.column == 5);
    CHECK(next.line == 1);
    CHECK(next.column == 6);
}

TEST_CASE("CR, NUL and a missing final newline are data, not structure", "[grammar]")
{
    auto out = collect(std::string_view("a = 1\r\nb = \0x\n   \n", 18));
    REQUIRE(out.lines.size() == 2);
    CHECK(out.lines[0] == "a = 1\r");
    CHECK(out.lines[1] == std::string("b = \0x", 6));
}

TEST_CASE("the logical-line grammar has no rule that can loop without progress", "[grammar]")
{
    CHECK(tao::pegtl::analyze<mf::grammar::logical::file>(-1) == 0);
}
