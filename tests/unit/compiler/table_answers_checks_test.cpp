// How smtpd reads an access table's value, how cleanup and smtp read a header/body_checks
// action, and how smtp reads a TLS policy: the edge cases around the first word (case, digits,
// codes, argument-taking restrictions, class names, separators). Whole tables against real
// smtpd, cleanup and smtp: tests 74, 75 and 76.
#include <catch2/catch.hpp>

#include "compiler/access_table_values.hpp"
#include "compiler/content_check_actions.hpp"
#include "compiler/tls_policy_values.hpp"

using namespace mf::compiler;

namespace {

RestrictionEnvironment with_class(const std::string& name)
{
    RestrictionEnvironment env;
    env.classes.emplace(name, RestrictionValue{name, "reject", {}, true, {}});
    return env;
}

} // namespace

TEST_CASE("access values smtpd reads as written", "[access-tables]")
{
    const auto env = with_class("MyClass");
    for (const char* value :
         {"OK", "ok trailing text", "Reject", "REJECT 5.7.1 go away", "DUNNO", "defer_if_permit",
          "554 5.7.1 no", "450 try later", "1234567890", "55", "FILTER smtp:[10.0.0.1]:10025",
          "REDIRECT user@example.test", "BCC archive@example.test", "PREPEND X-Tag: yes",
          "permit_mynetworks reject_rbl_client zen.example.org, reject", "MyClass",
          "REJECT see http://example.test/why", "HOLD", "WARN", "INFO text", "DISCARD"})
        CHECK_FALSE(access_value_problem(value, env));
}

TEST_CASE("access values smtpd misreads", "[access-tables]")
{
    const auto env = with_class("MyClass");
    auto severity_of = [&](std::string_view value) {
        auto problem = access_value_problem(value, env);
        REQUIRE(problem);
        return problem->severity;
    };
    CHECK(severity_of("REJCT") == Severity::error);
    CHECK(severity_of("554") == Severity::error);     // digits only: OK
    CHECK(severity_of("450") == Severity::error);
    CHECK(severity_of("myclass") == Severity::error); // class names are case-sensitive
    CHECK(severity_of("permit_mynetworks hash:/etc/postfix/x") == Severity::error);
    CHECK(severity_of("FILTER") == Severity::warning);
    CHECK(severity_of("FILTER nocolon") == Severity::warning);
    CHECK(severity_of("redirect nobody") == Severity::warning);
    CHECK(severity_of("PREPEND : empty name") == Severity::warning);
    CHECK(severity_of("reject_rbl_client") == Severity::warning);
    CHECK_THAT(access_value_problem("REJCT", env)->message,
               Catch::Contains("did you mean \"REJECT\""));
}

TEST_CASE("header and body checks actions", "[content-checks]")
{
    const auto header = *content_check_parameter("header_checks");
    const auto body = *content_check_parameter("body_checks");
    const auto smtp = *content_check_parameter("smtp_header_checks");
    const auto milter = *content_check_parameter("milter_header_checks");
    CHECK_FALSE(content_check_parameter("transport_maps"));
    CHECK_FALSE(content_action_problem("reject spam", "header_checks", header));
    CHECK_FALSE(content_action_problem("PREPEND X-A: b", "header_checks", header));
    CHECK_FALSE(content_action_problem("PREPEND any text", "body_checks", body));
    CHECK_FALSE(content_action_problem("STRIP", "smtp_header_checks", smtp));
    CHECK_FALSE(content_action_problem("FILTER smtp:", "header_checks", header));
    CHECK(content_action_problem("REJCT", "header_checks", header));
    CHECK(content_action_problem("DELAY 1h", "header_checks", header)); // compiled out of 3.7
    CHECK(content_action_problem("PREPEND any text", "header_checks", header));
    CHECK(content_action_problem("REPLACE", "body_checks", body));
    CHECK(content_action_problem("REJECT", "smtp_header_checks", smtp));
    CHECK(content_action_problem("PREPEND X-A: b", "milter_header_checks", milter));
    CHECK_THAT(*content_action_problem("REJCT", "smtp_body_checks",
                                       *content_check_parameter("smtp_body_checks")),
               Catch::Contains("unsupported command in smtp_body_checks map"));
}

TEST_CASE("TLS policy answers", "[tls-policy]")
{
    for (const char* answer :
         {"may", "Encrypt", "encrypt,ciphers=high,protocols=>=TLSv1.2", "verify MATCH=nexthop",
          "secure match=a:b match=c tafile=/x tafile=/y", "fingerprint match=AB:CD|EF:01",
          "dane-only connection_reuse=yes", "encrypt servername=hostname", "none"})
        CHECK_FALSE(tls_policy_problem(answer, {false, true}));
    CHECK(tls_policy_problem("fingerprint", {true, true}) == std::nullopt);
    for (const char* answer :
         {"", " , ", "encryptt", "encrypt ciphers", "encrypt =high", "encrypt ciphers=",
          "encrypt exclude=a exclude=b", "dane match=x", "encrypt tafile=/x", "fingerprint",
          "encrypt servernam=x"})
        CHECK(tls_policy_problem(answer, {false, true})->severity == Severity::error);
    CHECK(tls_policy_problem("none ciphers=high", {})->severity == Severity::warning);
    // DANE needs DNSSEC lookups: dane falls back to may (a warning), dane-only defers.
    CHECK(tls_policy_problem("dane", {})->severity == Severity::warning);
    CHECK(tls_policy_problem("dane-only", {})->severity == Severity::error);
    CHECK_FALSE(tls_policy_problem("dane-only", {false, true}));
}
