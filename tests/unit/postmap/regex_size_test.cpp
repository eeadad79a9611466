// What glibc's regcomp makes of a POSIX pattern, estimated before compiling (regex_size.hpp):
// quantifiers stacked on quantified expressions multiply the size and the depth counts them;
// everyday patterns stay far below the limits, and the patterns the fuzzer found exhausting
// memory or time are above them.
#include <catch2/catch.hpp>

#include <string>

#include "postmap/regex_size.hpp"

using mf::maps::most_posix_regex_nodes;
using mf::maps::most_stacked_quantifiers;
using mf::maps::posix_regex_cost;

TEST_CASE("regex cost: everyday patterns stay small", "[postmap][regex]")
{
    for (const char* pattern :
         {"^Subject:.*(viagra|cialis){1,3}", "^([^@]+)@example\\.com$",
          "[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}", "^[[:alnum:]._%+-]+@[]a-z]+$",
          "([a-z0-9-]{1,63}\\.){1,10}[a-z]{2,63}", "(.{255}){4}", "a{,3}", "x{", ".*?"}) {
        INFO(pattern);
        CHECK(posix_regex_cost(pattern).nodes < 2000);
        CHECK(posix_regex_cost(pattern).stacked_quantifiers <= 2);
    }
}

TEST_CASE("regex cost: stacked quantifiers multiply and deepen", "[postmap][regex]")
{
    CHECK(posix_regex_cost("0+").nodes < posix_regex_cost("0++").nodes);
    CHECK(posix_regex_cost("a+").stacked_quantifiers == 1);
    CHECK(posix_regex_cost("(a+)+").stacked_quantifiers == 2);
    CHECK(posix_regex_cost("((a+)b)+").stacked_quantifiers == 2);
    CHECK(posix_regex_cost("(a+)|b+").stacked_quantifiers == 1);
    // What the fuzzer found: /0 and 25 '+'/ exhausts memory, /C+++++*+++++++++++/ takes 25 s.
    CHECK(posix_regex_cost(std::string("0") + std::string(25, '+')).stacked_quantifiers >
          most_stacked_quantifiers);
    CHECK(posix_regex_cost("C+++++*+++++++++++").stacked_quantifiers > most_stacked_quantifiers);
    CHECK(posix_regex_cost("((((((C*)+)+)+)+)+)+").stacked_quantifiers > most_stacked_quantifiers);
    // Intervals within few levels can still multiply too far.
    CHECK(posix_regex_cost("((.{0,60}){0,60}){0,60}").nodes > most_posix_regex_nodes);
    CHECK(posix_regex_cost("(.{0,100}){0,100}").nodes < most_posix_regex_nodes);
    // Saturates instead of overflowing.
    CHECK(posix_regex_cost(std::string("(") + std::string(2000, '(') + "a{30000}" +
                           std::string(2000, ')') + "{30000})")
              .nodes > most_posix_regex_nodes);
}
