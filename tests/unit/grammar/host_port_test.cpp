// The host[:port] grammar: how each form is cut, as Postfix's host_port() cuts it.
#include <catch2/catch.hpp>
#include <tao/pegtl/contrib/analyze.hpp>

#include "grammar/host_port.hpp"

namespace hp = mf::grammar::host_port;

TEST_CASE("host_port grammar is well-formed", "[grammar][host_port]")
{
    CHECK(tao::pegtl::analyze<hp::grammar>(-1) == 0);
}

TEST_CASE("host_port cuts at the last colon, or after a bracketed host", "[grammar][host_port]")
{
    struct Case {
        const char* text;
        const char* host;
        const char* port;
        bool bracketed, has_colon, closed, text_after_bracket;
    };
    const Case cases[] = {
        {"smtp", "smtp", "", false, false, true, false},
        {"mx.example:2525", "mx.example", "2525", false, true, true, false},
        {":2525", "", "2525", false, true, true, false},
        {"127.0.0.1:", "127.0.0.1", "", false, true, true, false},
        {"2a02:2308::6dc:0:1:smtp", "2a02:2308::6dc:0:1", "smtp", false, true, true, false},
        {"[::1]:25", "::1", "25", true, true, true, false},
        {"[ipv6:::1]", "ipv6:::1", "", true, false, true, false},
        {"[::1]:", "::1", "", true, true, true, false},
        {"[::1", "::1", "", true, false, false, false},
        {"[::1]x:25", "::1", "", true, false, true, true},
        {"[]:a:b", "", "a:b", true, true, true, false},
        {"", "", "", false, false, true, false},
    };
    for (const Case& c : cases) {
        INFO(c.text);
        const hp::Parts parts = hp::parse(c.text);
        CHECK(parts.host == c.host);
        CHECK(parts.port == c.port);
        CHECK(parts.bracketed == c.bracketed);
        CHECK(parts.has_colon == c.has_colon);
        CHECK(parts.closed == c.closed);
        CHECK(parts.text_after_bracket == c.text_after_bracket);
    }
}
