// The main.cf entry grammar: name = value as split_nameval reads it.
#include <catch2/catch.hpp>
#include <tao/pegtl/contrib/analyze.hpp>

#include "grammar/main_cf.hpp"

namespace mc = mf::grammar::main_cf;

TEST_CASE("main.cf entry grammar is well-formed", "[grammar][main_cf]")
{
    CHECK(tao::pegtl::analyze<mc::entry>(-1) == 0);
}

TEST_CASE("main.cf entries split into name and trimmed value", "[grammar][main_cf]")
{
    mc::Entry entry;
    const std::string line = "mydomain=  spaced.example   ";
    REQUIRE_FALSE(mc::parse_entry(line, entry));
    CHECK(line.substr(entry.name_begin, entry.name_end - entry.name_begin) == "mydomain");
    CHECK(line.substr(entry.value_begin, entry.value_end - entry.value_begin) == "spaced.example");

    const std::string empty = "relayhost =";
    REQUIRE_FALSE(mc::parse_entry(empty, entry));
    CHECK(entry.value_begin == entry.value_end);

    const std::string hash = "alias_maps = hash:/a # not a comment";
    REQUIRE_FALSE(mc::parse_entry(hash, entry));
    CHECK(hash.substr(entry.value_begin) == "hash:/a # not a comment");
}

TEST_CASE("main.cf syntax errors use Postfix's words", "[grammar][main_cf]")
{
    mc::Entry entry;
    auto error = mc::parse_entry("just words here", entry);
    REQUIRE(error);
    CHECK(error->message == "missing '=' after attribute name");
    // Just after the name, where the '=' is missing.
    CHECK(error->offset == 4);
    CHECK(error->after);
    error = mc::parse_entry("= value", entry);
    REQUIRE(error);
    CHECK(error->message == "missing attribute name");
}
