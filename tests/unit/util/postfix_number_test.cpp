// postfix_time() against what real Postfix 3.7's daemons accept and refuse (test 44 asks them:
// "bad time value or unit: 35791394m", "invalid smtpd_timeout: 0 (min 1)" for "s").
#include <catch2/catch.hpp>

#include "util/postfix_number.hpp"

using mf::postfix_time;
using Problem = mf::PostfixTime::Problem;

TEST_CASE("postfix_time reads a time as conv_time does", "[util][postfix_number]")
{
    CHECK(postfix_time("10", 's').seconds == 10);
    CHECK(postfix_time("10", 'd').seconds == 10 * 86400);
    CHECK(postfix_time("2h", 's').seconds == 7200);
    CHECK(postfix_time("+3s", 's').seconds == 3);
    CHECK(postfix_time("0003m", 's').seconds == 180);
    // A unit alone reads as 0, and -0 is 0: both valid, for the minimum to judge.
    CHECK(postfix_time("s", 's').problem == Problem::none);
    CHECK(postfix_time("s", 's').seconds == 0);
    CHECK(postfix_time("-0s", 's').problem == Problem::none);
    // Only the first letter after the number counts.
    const auto trailing = postfix_time("10ss", 's');
    CHECK(trailing.problem == Problem::none);
    CHECK(trailing.seconds == 10);
    CHECK(trailing.number_length == 2);
}

TEST_CASE("postfix_time refuses what conv_time refuses", "[util][postfix_number]")
{
    for (const char* text : {"", "+", "-", "+s", "x", "10x", "1.5h", "10S", "3 s", "0x10"}) {
        INFO(text);
        CHECK(postfix_time(text, 's').problem == Problem::malformed);
    }
    CHECK(postfix_time("-3s", 's').problem == Problem::negative);
    CHECK(postfix_time("-99999999999999999999", 's').problem == Problem::negative);
    // Minutes to weeks stay below INT_MAX seconds per unit; seconds fit an int.
    CHECK(postfix_time("35791393m", 's').problem == Problem::none);
    CHECK(postfix_time("35791394m", 's').problem == Problem::too_large);
    CHECK(postfix_time("596522h", 's').problem == Problem::none);
    CHECK(postfix_time("596523h", 's').problem == Problem::too_large);
    CHECK(postfix_time("24854d", 's').problem == Problem::none);
    CHECK(postfix_time("24855", 'd').problem == Problem::too_large);
    CHECK(postfix_time("3549w", 's').problem == Problem::none);
    CHECK(postfix_time("3550w", 's').problem == Problem::too_large);
    CHECK(postfix_time("2147483647s", 's').problem == Problem::none);
    CHECK(postfix_time("2147483648", 's').problem == Problem::too_large);
    CHECK(postfix_time("99999999999999999999s", 's').problem == Problem::too_large);
}
