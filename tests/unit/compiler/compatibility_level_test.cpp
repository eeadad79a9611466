// Compatibility levels read as Postfix's compat_level_from_string reads them; the forms below
// were each put to real postconf (a `level` comparison) and postfix check (compatibility_level).
#include <catch2/catch.hpp>

#include "compiler/compatibility_level.hpp"

using mf::compiler::compatibility_level_value;

TEST_CASE("compatibility levels Postfix accepts, in order", "[compiler][compatibility_level]")
{
    for (const char* text : {"0", "1", "3.6", "3.6.0", "3.6.1023", " 2", "+3.6", "3. 6", "01.02",
                             "99999999999"})
        CHECK(compatibility_level_value(text));
    CHECK(*compatibility_level_value("3.6") == *compatibility_level_value("3.6.0"));
    CHECK(*compatibility_level_value("01.02") == *compatibility_level_value("1.2"));
    CHECK(*compatibility_level_value("3.10") > *compatibility_level_value("3.9"));
    CHECK(*compatibility_level_value("4") > *compatibility_level_value("3.1023.1023"));
    CHECK(*compatibility_level_value("2") > *compatibility_level_value("1.9"));
}

TEST_CASE("malformed compatibility levels", "[compiler][compatibility_level]")
{
    for (const char* text : {"", "a", "1 ", "1.", ".1", "1..2", "3.6x", "3.-1", "-1", "3.6.1024",
                             "1.1024", "1.2.3.4", "99999999999999999999", "1.99999999999"})
        CHECK_FALSE(compatibility_level_value(text));
}
