// The size glibc's regcomp gives a POSIX pattern, estimated before compiling (regex_size.hpp):
// stacked quantifiers multiply it, real patterns stay small, and what the limit refuses
// includes the pattern the fuzzer found exhausting memory.
#include <catch2/catch.hpp>

#include <string>

#include "postmap/regex_size.hpp"

using mf::maps::most_posix_regex_nodes;
using mf::maps::posix_regex_size;

TEST_CASE("regex size: everyday patterns stay small", "[postmap][regex]")
{
    for (const char* pattern :
         {"^Subject:.*(viagra|cialis){1,3}", "^([^@]+)@example\\.com$",
          "[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}", "^[[:alnum:]._%+-]+@[]a-z]+$",
          "(.{255}){4}", "a{,3}", "x{"}) {
        INFO(pattern);
        CHECK(posix_regex_size(pattern) < 2000);
    }
}

TEST_CASE("regex size: stacked quantifiers multiply", "[postmap][regex]")
{
    CHECK(posix_regex_size("0+") < posix_regex_size("0++"));
    CHECK(posix_regex_size(std::string("0") + std::string(20, '+')) > most_posix_regex_nodes);
    CHECK(posix_regex_size("((a{100}){100}){100}") > most_posix_regex_nodes);
    CHECK(posix_regex_size("(a{100}){100}") < most_posix_regex_nodes);
    CHECK(posix_regex_size(std::string("(") + std::string(200, '+') + ")") > most_posix_regex_nodes);
    // Saturates instead of overflowing.
    CHECK(posix_regex_size(std::string("a") + std::string(1000, '+')) == UINT64_MAX);
}
