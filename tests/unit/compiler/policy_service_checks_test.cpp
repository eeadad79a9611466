// check_policy_service { ... } attributes as smtpd reads them (its messages, verified with real
// smtpd: "unknown option", "malformed option", "bad time value or unit", "invalid timeout: 0
// (min 1)", "invalid try_limit parameter value 0 < 1", "bad string length 0 < 1"), and
// master.cf services that master(5) says need a wakeup timer.
#include <catch2/catch.hpp>

#include "compiler/checks.hpp"
#include "compiler/config_check_codes.hpp"
#include "compiler/policy_service.hpp"

using namespace mf::compiler;

namespace {

std::vector<std::string> problems_of(std::string_view argument)
{
    std::vector<OverrideProblem> problems;
    parse_policy_service(argument, problems);
    std::vector<std::string> out;
    for (const OverrideProblem& problem : problems)
        out.push_back(problem.message);
    return out;
}

} // namespace

TEST_CASE("policy service attributes smtpd accepts", "[compiler][policy]")
{
    std::vector<OverrideProblem> problems;
    const PolicyService service = parse_policy_service(
        "{ inet:127.0.0.1:9998, { default_action = 450 4.7.1 wait }, timeout=5s, retry_delay=2, "
        "max_idle=1m, max_ttl=10, request_limit=0, policy_context=x, try_limit=3 }",
        problems);
    CHECK(problems.empty());
    CHECK(service.endpoint == "inet:127.0.0.1:9998");
    REQUIRE(service.attributes.size() == 8);
    CHECK(service.attributes[0].name == "default_action");
    CHECK(service.attributes[0].value == "450 4.7.1 wait");
    CHECK(problems_of("unix:private/policy").empty());
}

TEST_CASE("policy service attributes smtpd refuses", "[compiler][policy]")
{
    CHECK(problems_of("{ inet:127.0.0.1:1, timeout=10x }") ==
          std::vector<std::string>{"timeout: bad time value or unit: 10x"});
    CHECK(problems_of("{ inet:127.0.0.1:1, try_limit=0 }") ==
          std::vector<std::string>{"invalid try_limit parameter value 0 < 1"});
    CHECK(problems_of("{ inet:127.0.0.1:1, timeout=0 }") ==
          std::vector<std::string>{"invalid timeout: 0 (min 1)"});
    CHECK(problems_of("{ inet:127.0.0.1:1, default_action= }") ==
          std::vector<std::string>{"bad string length 0 < 1: default_action = "});
    for (const char* bad : {"{ inet:127.0.0.1:1, bogus=1 }", "{ inet:127.0.0.1:1, Timeout=1s }",
                            "{ inet:127.0.0.1:1, try_delay=1s }"}) {
        INFO(bad);
        const auto found = problems_of(bad);
        REQUIRE(found.size() == 1);
        CHECK(found[0].starts_with("unknown option"));
    }
    const auto spaced = problems_of("{ inet:127.0.0.1:1, default_action = 450 }");
    REQUIRE(!spaced.empty());
    CHECK(spaced[0].starts_with("malformed option: missing '='"));
    CHECK(problems_of("{ policyd, timeout=1s }").size() == 1);
}

TEST_CASE("a bad attribute is reported at its own column", "[compiler][policy]")
{
    DiagnosticSink load;
    const Configuration config = configuration_from_text(
        "main.cf",
        "smtpd_relay_restrictions = reject_unauth_destination,\n"
        "  check_policy_service { inet:127.0.0.1:9998, timeout=10x }\n",
        "master.cf", "", load);
    DiagnosticSink sink;
    CheckOptions options;
    options.no_file_checks = true;
    run_checks(config, sink, options);
    const Diagnostic* found = nullptr;
    for (const Diagnostic& d : sink.all())
        if (d.code == std::string(code::policy_service_attribute))
            found = &d;
    REQUIRE(found);
    CHECK(found->location.line == 2);
    CHECK(found->location.column == 47);
}

TEST_CASE("pickup, qmgr and flush need a wakeup timer", "[compiler][policy][master]")
{
    DiagnosticSink load;
    const Configuration config = configuration_from_text(
        "main.cf", "compatibility_level = 3.6\n", "master.cf",
        "pickup    unix  n       -       y       0       1       pickup\n"
        "qmgr      unix  n       -       n       -       1       qmgr\n"
        "flush     unix  n       -       y       1000?   0       flush\n"
        "cleanup   unix  n       -       y       -       0       cleanup\n",
        load);
    DiagnosticSink sink;
    CheckOptions options;
    options.no_file_checks = true;
    run_checks(config, sink, options);
    std::vector<std::size_t> lines;
    for (const Diagnostic& d : sink.all())
        if (d.code == std::string(code::master_wakeup_missing))
            lines.push_back(d.location.line);
    CHECK(lines == std::vector<std::size_t>{1, 2});
}
