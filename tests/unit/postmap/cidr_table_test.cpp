// cidr: tables: the line grammar, address/prefix parsing with Postfix 3.7's messages, first
// match, negation, if/endif, families, and the rules Postfix skips (expected texts taken from
// postmap -q on Postfix 3.7).
#include <catch2/catch.hpp>

#include <thread>
#include <utility>
#include <vector>

#include "grammar/cidr_table.hpp"
#include "postmap/cidr_pattern.hpp"
#include "postmap/dict_cidr.hpp"
#include "tests/unit/temporary_directory.hpp"

using namespace mf::maps;
using mf::grammar::CidrLineKind;
using mf::grammar::CidrLineProblem;
using mf::grammar::parse_cidr_line;
using mf::testing::TemporaryDirectory;

namespace {

using Warnings = std::vector<std::pair<std::size_t, std::string>>;

std::unique_ptr<Dict> open_table(const std::string& text, Warnings& warnings)
{
    static TemporaryDirectory dir;
    static int count = 0;
    std::string path = dir.file("table" + std::to_string(++count));
    mf::testing::write_file(path, text);
    auto dict = open_cidr_dict("cidr:" + path, path, [&](std::size_t line, const std::string& m) {
        warnings.emplace_back(line, m);
    });
    REQUIRE(dict);
    return std::move(*dict);
}

std::string reason(std::string_view pattern)
{
    auto network = parse_cidr_network(pattern);
    return network ? std::string("ok") : network.error().message;
}

} // namespace

TEST_CASE("cidr line forms", "[cidr][grammar]")
{
    auto rule = parse_cidr_line("!\t! 10.0.0.0/8   result  text \r");
    CHECK(rule.kind == CidrLineKind::rule);
    CHECK_FALSE(rule.negated);
    CHECK(rule.pattern == "10.0.0.0/8");
    CHECK(rule.result == "result  text");
    CHECK(parse_cidr_line("!!!x y").negated);
    CHECK(parse_cidr_line("!x!y z").pattern == "x!y");

    auto if_line = parse_cidr_line("If ! 10.0.0.0/8 extra ");
    CHECK(if_line.kind == CidrLineKind::if_rule);
    CHECK(if_line.negated);
    CHECK(if_line.pattern == "10.0.0.0/8 extra");
    CHECK(parse_cidr_line("if/8").pattern == "/8");
    CHECK(parse_cidr_line("iffy 1.2.3.4").kind == CidrLineKind::rule);
    CHECK(parse_cidr_line("if !!").problem == CidrLineProblem::no_pattern);
    CHECK(parse_cidr_line("! ").problem == CidrLineProblem::no_pattern);

    CHECK(parse_cidr_line("ENDIF  ").kind == CidrLineKind::endif);
    CHECK(parse_cidr_line("ENDIF  ").problem == CidrLineProblem::none);
    CHECK(parse_cidr_line("endif#").problem == CidrLineProblem::garbage_after_endif);
    CHECK(parse_cidr_line("endif1").kind == CidrLineKind::rule);
}

TEST_CASE("cidr patterns are read and refused as Postfix 3.7 does", "[cidr]")
{
    CHECK(reason("192.0.2.0/24") == "ok");
    CHECK(reason("[2001:db8::]/32") == "ok");
    CHECK(reason("[2001:db8::/32]") == "ok");
    CHECK(reason("::ffff:1.2.3.4") == "ok");
    CHECK(reason("10.0.0.0/08") == "ok");
    CHECK(reason("192.168.1.1/24") == "non-null host address bits in \"192.168.1.1/24\", "
                                      "perhaps you should use \"192.168.1.0/24\" instead");
    CHECK(reason("2001:db8::1/64") == "non-null host address bits in \"2001:db8::1/64\", "
                                      "perhaps you should use \"2001:db8::/64\" instead");
    CHECK(reason("10.0.0.0/33") == "bad mask length in \"10.0.0.0/33\"");
    CHECK(reason("[::1]/129") == "bad mask length in \"::1/129\"");
    CHECK(reason("zz/40") == "bad mask length in \"zz/40\"");
    CHECK(reason("10.0.0.0/") == "bad mask value in \"10.0.0.0/\"");
    CHECK(reason("10.0.0.0/+8") == "bad mask value in \"10.0.0.0/+8\"");
    CHECK(reason("1.2.3.4/8/8") == "bad mask value in \"1.2.3.4/8/8\"");
    CHECK(reason("/8") == "bad network value in \"/8\"");
    CHECK(reason("[10.0.0.0/8]/8") == "bad network value in \"10.0.0.0/8/8\"");
    CHECK(reason("10.0.0.256") == "bad address pattern: \"10.0.0.256\"");
    CHECK(reason("[]") == "bad address pattern: \"\"");
    CHECK(reason("[10.0.0.1") == "missing ']' character after \"[10.0.0.1\"");
    CHECK(reason("[[1.2.3.4]]") == "garbage after \"[[1.2.3.4]\"");
    // The prefix goes through atoi() into one byte, as in Postfix.
    CHECK(reason("10.0.0.0/264") == "ok");
    CHECK(reason("10.0.0.0/99999999999999999999") ==
          "bad mask length in \"10.0.0.0/99999999999999999999\"");
    CHECK(reason("10.0.0.0/2147483648") == "non-null host address bits in "
                                           "\"10.0.0.0/2147483648\", perhaps you should use "
                                           "\"0.0.0.0/0\" instead");
}

TEST_CASE("cidr keys are addresses in inet_pton's syntax", "[cidr]")
{
    CHECK(parse_ip_address("192.0.2.1"));
    CHECK(parse_ip_address("2001:DB8::1"));
    CHECK_FALSE(parse_ip_address("[192.0.2.1]"));
    CHECK_FALSE(parse_ip_address("192.0.2.01"));
    CHECK_FALSE(parse_ip_address(" 192.0.2.1"));
    CHECK_FALSE(parse_ip_address("1.2.3"));
    CHECK_FALSE(parse_ip_address(""));
    CHECK_FALSE(parse_ip_address(std::string(100, '1')));
    CHECK(parse_ip_address(std::string_view("1.2.3.4\0junk", 12)));
}

TEST_CASE("cidr tables answer as Postfix's", "[cidr]")
{
    Warnings warnings;
    auto dict = open_table("192.0.2.0/24 first\n"
                           "192.0.2.7 never: the /24 wins\n"
                           "if 10.0.0.0/8\n"
                           "if !10.20.0.0/16\n"
                           "10.0.0.0/9 low ten\n"
                           "endif\n"
                           "10.20.0.0/16 twenty\n"
                           "endif\n"
                           "!10.0.0.0/8 not ten\n"
                           "[2001:db8::]/32 doc\n"
                           "  continued\n"
                           "!::1 not loopback\n",
                           warnings);
    CHECK(warnings.empty());
    CHECK(dict->lookup("192.0.2.7").value() == "first");
    CHECK(dict->lookup("10.1.2.3").value() == "low ten");
    CHECK(dict->lookup("10.20.1.1").value() == "twenty");
    CHECK(dict->lookup("10.200.1.1").status() == LookupStatus::not_found);
    CHECK(dict->lookup("11.0.0.1").value() == "not ten");
    CHECK(dict->lookup("2001:DB8::5").value() == "doc  continued");
    // Negated rules and ifs apply only to keys of their own family.
    CHECK(dict->lookup("::2").value() == "not loopback");
    CHECK(dict->lookup("::1").status() == LookupStatus::not_found);
    CHECK(dict->lookup("not-an-address").status() == LookupStatus::not_found);
    CHECK_FALSE(dict->sequence([](std::string_view, std::string_view) { return true; }));

    // Lookups share the table without locks.
    std::vector<std::thread> threads;
    std::vector<int> right(4, 0);
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&, t] {
            for (int i = 0; i < 1000; ++i)
                right[t] += dict->lookup("10.20.1.1").value() == "twenty";
        });
    for (auto& thread : threads)
        thread.join();
    CHECK(right == std::vector<int>(4, 1000));
}

TEST_CASE("cidr rules Postfix skips are reported with their line", "[cidr]")
{
    Warnings warnings;
    auto dict = open_table("  indented\n"
                           "\tmore\n"
                           "10.0.0.1/8 host bits\n"
                           "10.0.0.0/8\n"
                           "endif\n"
                           "endif x\n"
                           "if\n"
                           "if 10.0.0.0/8\n"
                           "if !172.16.0.0/12\n"
                           "1.2.3.4 rule\n"
                           "  spread over\n"
                           "  lines\n"
                           "bad\n",
                           warnings);
    CHECK(warnings ==
          Warnings{{0, "logical line must not start with whitespace: \"  indented\tmore\""},
                   {3, "non-null host address bits in \"10.0.0.1/8\", perhaps you should use "
                       "\"10.0.0.0/8\" instead: skipping this rule"},
                   {4, "no lookup result: skipping this rule"},
                   {5, "ENDIF without IF: skipping this rule"},
                   {6, "garbage after ENDIF: skipping this rule"},
                   {7, "no address pattern: skipping this rule"},
                   {13, "bad address pattern: \"bad\": skipping this rule"},
                   {9, "IF has no matching ENDIF"},
                   {8, "IF has no matching ENDIF"}});
    // An unclosed if that does not match skips the rest of the table.
    CHECK(dict->lookup("1.2.3.4").status() == LookupStatus::not_found);
    CHECK(dict->lookup("10.1.1.1").status() == LookupStatus::not_found);
}
