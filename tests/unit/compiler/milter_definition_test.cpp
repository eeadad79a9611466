// smtpd_milters elements as Postfix 3.7's Milter client reads them; the messages were compared
// with what real smtpd logs in tests/integration/81_milters.sh.
#include <catch2/catch.hpp>

#include "compiler/milter_definition.hpp"

using mf::compiler::milter_problems;
using mf::compiler::MilterElement;
using mf::compiler::read_milter_element;

TEST_CASE("Milter elements Postfix uses", "[compiler][milter]")
{
    for (const char* element :
         {"inet:127.0.0.1:8891", "inet:8891", "inet:[::1]:8891", "unix:/run/opendkim.sock",
          "local:/run/milter", "{inet:127.0.0.1:8891}",
          "{ inet:localhost:11332, connect_timeout=10s, command_timeout=1m, content_timeout=5m, "
          "default_action=Quarantine, protocol=6 }",
          "{ inet:localhost:11332, { protocol = 6 no_header_reply } }"}) {
        INFO(element);
        CHECK(milter_problems(element).empty());
    }
}

TEST_CASE("Milter elements Postfix cannot use", "[compiler][milter]")
{
    struct Case {
        const char* element;
        const char* message;
        bool fatal;
        std::size_t offset;
    };
    for (const Case& c : std::initializer_list<Case>{
             {"inet:127.0.0.1", "127.0.0.1: garbage after numerical service", true, 0},
             {"inet:[127.0.0.1]", "[127.0.0.1]: missing service information", true, 0},
             {"tcp:127.0.0.1:8891", "invalid transport name: tcp in Milter service: tcp:127.0.0.1:8891", false, 0},
             {"unix:", "Milter service needs transport:endpoint instead of \"unix:\"", false, 0},
             {"{ inet:127.0.0.1:8891, protocol=5 }", "milter inet:127.0.0.1:8891: bad protocol information: 5", false, 23},
             {"{ inet:127.0.0.1:8891, content_timeout=0 }", "invalid content_timeout: 0 (min 1)", true, 23},
             {"{ inet:127.0.0.1:8891, timeout=10s }", "unknown option: \"timeout = 10s\"", true, 23},
             {"{  }", "empty milter definition: \"{  }\"", true, 0},
             {"{ inet:x, default_action=pass }", "milter inet:x: unrecognized default action: pass", false, 10},
         }) {
        INFO(c.element);
        const auto problems = milter_problems(c.element);
        REQUIRE(!problems.empty());
        CHECK(problems.back().message == c.message);
        CHECK(problems.back().fatal == c.fatal);
        CHECK(problems.back().offset == c.offset);
    }
}

TEST_CASE("Milter elements: endpoint and per-Milter default action", "[compiler][milter]")
{
    MilterElement plain = read_milter_element("unix:/run/opendkim/opendkim.sock");
    CHECK(plain.endpoint == "unix:/run/opendkim/opendkim.sock");
    CHECK(plain.endpoint_offset == 0);
    CHECK(plain.default_action.empty());
    MilterElement braced = read_milter_element("{ inet:127.0.0.1:11332, default_action=accept }");
    CHECK(braced.endpoint == "inet:127.0.0.1:11332");
    CHECK(braced.endpoint_offset == 2);
    CHECK(braced.default_action == "accept");
    CHECK(read_milter_element("{ }").endpoint.empty());
}
