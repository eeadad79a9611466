// Restriction-list checks and the open-relay analysis over plain inputs.
#include <catch2/catch.hpp>

#include "compiler/restriction_analysis.hpp"

using namespace mf::compiler;

namespace {

// A value written on line `line` of main.cf after "NAME = ", so token offsets map to columns.
RestrictionValue value_at(std::string name, std::string text, std::size_t line = 1)
{
    RestrictionValue value;
    const std::size_t prefix = name.size() + 3;
    value.name = name;
    value.text = std::move(text);
    value.location = {"main.cf", line, prefix + 1};
    value.explicitly_set = true;
    value.locate = [line, prefix](std::size_t offset) {
        return SourceLocation{"main.cf", line, prefix + offset + 1};
    };
    return value;
}

std::vector<Diagnostic> check_list(RestrictionList list, const std::string& text,
                                   const RestrictionEnvironment& env = {})
{
    DiagnosticSink sink;
    UniqueReporter reporter(sink);
    check_restriction_list(list, value_at(std::string(restriction_list_parameter(list)), text),
                           env, reporter);
    return sink.all();
}

std::vector<std::string> codes(const std::vector<Diagnostic>& diagnostics)
{
    std::vector<std::string> result;
    for (const auto& d : diagnostics)
        result.push_back(d.code);
    return result;
}

RestrictionEnvironment with_classes(std::initializer_list<std::pair<std::string, std::string>> defs)
{
    RestrictionEnvironment env;
    std::size_t line = 10;
    for (const auto& [name, body] : defs)
        env.classes.emplace(name, value_at(name, body, line++));
    return env;
}

} // namespace

TEST_CASE("a clean list gives no diagnostics", "[restrictions]")
{
    CHECK(check_list(RestrictionList::recipient,
                     "permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination, "
                     "check_recipient_access hash:/etc/postfix/access, "
                     "reject_rbl_client zen.spamhaus.org=127.0.0.[2..11], "
                     "check_policy_service unix:private/policy, sleep 1")
              .empty());
}

TEST_CASE("unknown restrictions are errors at their column with a suggestion", "[restrictions]")
{
    auto d = check_list(RestrictionList::recipient, "permit_mynetwork, reject");
    REQUIRE(d.size() == 1);
    CHECK(d[0].code == "restriction-unknown");
    CHECK(d[0].severity == Severity::error);
    CHECK(d[0].location.line == 1);
    CHECK(d[0].location.column == 32); // after "smtpd_recipient_restrictions = "
    CHECK_THAT(d[0].message, Catch::Contains("did you mean \"permit_mynetworks\"?"));
}

TEST_CASE("restriction classes are known names; built-ins win", "[restrictions]")
{
    auto env = with_classes({{"from_partners", "check_sender_access hash:/p, reject"}});
    CHECK(check_list(RestrictionList::sender, "from_partners", env).empty());
    auto d = check_list(RestrictionList::sender, "from_partner", env);
    REQUIRE(d.size() == 1);
    CHECK_THAT(d[0].message, Catch::Contains("did you mean \"from_partners\"?"));
}

TEST_CASE("missing and misread arguments", "[restrictions]")
{
    auto d = check_list(RestrictionList::client, "check_client_access");
    REQUIRE(codes(d) == std::vector<std::string>{"restriction-missing-argument"});

    d = check_list(RestrictionList::client, "check_client_access permit_mynetworks");
    REQUIRE(codes(d) == std::vector<std::string>{"restriction-missing-argument"});
    CHECK(d[0].location.column == 29 + 20); // at the token taken as the table

    d = check_list(RestrictionList::client, "reject_rbl_client, permit_mynetworks");
    REQUIRE(codes(d) == std::vector<std::string>{"restriction-missing-argument"});
    CHECK_THAT(d[0].message, Catch::Contains("\"permit_mynetworks\" is queried as a DNS list"));

    CHECK(codes(check_list(RestrictionList::client, "reject_rbl_client")) ==
          std::vector<std::string>{"restriction-missing-argument"});
    CHECK(codes(check_list(RestrictionList::client, "check_policy_service")) ==
          std::vector<std::string>{"restriction-missing-argument"});
    // "sleep permit": sleep lacks its number and permit still runs as a restriction.
    CHECK(codes(check_list(RestrictionList::client, "sleep permit")) ==
          std::vector<std::string>{"restriction-missing-argument"});
}

TEST_CASE("restrictions that cannot work in a list", "[restrictions]")
{
    auto d = check_list(RestrictionList::etrn, "check_recipient_access hash:/r");
    REQUIRE(codes(d) == std::vector<std::string>{"restriction-wrong-list"});
    CHECK_THAT(d[0].message, Catch::Contains("never exists"));

    CHECK(check_list(RestrictionList::client, "reject_non_fqdn_sender").empty());
    RestrictionEnvironment early;
    early.delay_reject = false;
    d = check_list(RestrictionList::client, "reject_non_fqdn_sender", early);
    REQUIRE(codes(d) == std::vector<std::string>{"restriction-wrong-list"});
    CHECK_THAT(d[0].message, Catch::Contains("smtpd_delay_reject = no"));

    CHECK(check_list(RestrictionList::data, "reject_unauth_pipelining, "
                                            "reject_multi_recipient_bounce")
              .empty());
}

TEST_CASE("a bare table needs a default access restriction", "[restrictions]")
{
    CHECK(check_list(RestrictionList::client, "hash:/etc/postfix/clients").empty());
    CHECK(codes(check_list(RestrictionList::data, "hash:/etc/postfix/x")) ==
          std::vector<std::string>{"restriction-bare-table"});
    // Through a class used in the data list.
    auto env = with_classes({{"c", "hash:/x"}});
    CHECK(codes(check_list(RestrictionList::end_of_data, "c", env)) ==
          std::vector<std::string>{"restriction-bare-table"});
}

TEST_CASE("entries after an unconditional decision never run", "[restrictions]")
{
    auto d = check_list(RestrictionList::client, "permit, reject_unknown_client_hostname");
    REQUIRE(codes(d) == std::vector<std::string>{"restriction-unreachable"});
    CHECK(d[0].severity == Severity::warning);
    CHECK(d[0].location.column == 29 + 8);

    CHECK(check_list(RestrictionList::client, "warn_if_reject reject, permit").empty());
    auto env = with_classes({{"deny", "reject"}});
    CHECK(codes(check_list(RestrictionList::client, "deny, permit", env)) ==
          std::vector<std::string>{"restriction-unreachable"});
    CHECK(check_list(RestrictionList::client, "permit_mynetworks, reject").empty());
}

TEST_CASE("deprecated restrictions and unclosed braces", "[restrictions]")
{
    CHECK(codes(check_list(RestrictionList::client, "reject_maps_rbl")) ==
          std::vector<std::string>{"restriction-deprecated"});
    CHECK(codes(check_list(RestrictionList::client, "check_client_access { hash:/x")) ==
          std::vector<std::string>{"restriction-syntax"});
}

TEST_CASE("restriction class definitions", "[restrictions]")
{
    DiagnosticSink sink;
    UniqueReporter reporter(sink);
    auto env = with_classes({{"empty", ""}, {"a", "b"}, {"b", "a, permit"}, {"reject", "permit"},
                             {"typo", "permitt"}});
    check_restriction_classes(env, reporter);
    auto got = codes(sink.all());
    std::sort(got.begin(), got.end());
    CHECK(got == std::vector<std::string>{"restriction-class-loop", "restriction-class-loop",
                                          "restriction-class-shadowed",
                                          "restriction-class-undefined", "restriction-unknown"});
}

TEST_CASE("relay outcome of a list", "[restrictions][relay]")
{
    RestrictionEnvironment env = with_classes({{"allow_all", "permit"}});
    auto outcome = [&](const std::string& text) {
        return relay_outcome(value_at("l", text), env);
    };
    CHECK(outcome("permit_mynetworks, reject_unauth_destination") == RelayOutcome::refused);
    CHECK(outcome("permit_sasl_authenticated, permit") == RelayOutcome::permitted);
    CHECK(outcome("permit_mynetworks") == RelayOutcome::falls_through);
    CHECK(outcome("warn_if_reject reject_unauth_destination") == RelayOutcome::falls_through);
    CHECK(outcome("allow_all, reject_unauth_destination") == RelayOutcome::permitted);
    CHECK(outcome("check_recipient_access hash:/x, defer_if_permit") == RelayOutcome::refused);
    env.mynetworks_matches_everyone = true;
    CHECK(outcome("permit_mynetworks, reject_unauth_destination") == RelayOutcome::permitted);
}

TEST_CASE("open relay and smtpd's start-up requirement", "[restrictions][relay]")
{
    auto run = [](const std::string& relay, const std::string& recipient,
                  const RestrictionEnvironment& env = {}) {
        DiagnosticSink sink;
        UniqueReporter reporter(sink);
        auto relay_value = value_at("smtpd_relay_restrictions", relay, 1);
        auto recipient_value = value_at("smtpd_recipient_restrictions", recipient, 2);
        relay_value.explicitly_set = !relay.empty();
        recipient_value.explicitly_set = !recipient.empty();
        check_open_relay(relay_value, recipient_value, env, "smtp/inet", reporter);
        return sink.all();
    };
    // Debian's defaults at compatibility level >= 1.
    CHECK(run("permit_mynetworks, permit_sasl_authenticated, defer_unauth_destination", "")
              .empty());
    // The submission rules at the global level: no guard anywhere, smtpd will not start.
    auto d = run("permit_sasl_authenticated, permit", "");
    REQUIRE(codes(d) == std::vector<std::string>{"relay-restrictions-missing"});
    CHECK(d[0].location.line == 1);
    CHECK_THAT(d[0].message, Catch::Contains("smtpd service \"smtp/inet\" will not start"));
    // The same permit is harmless when the recipient list still refuses relaying.
    CHECK(run("permit_sasl_authenticated, permit",
              "permit_mynetworks, reject_unauth_destination")
              .empty());
    CHECK(run("permit_sasl_authenticated, reject", "").empty());
    // Empty main.cf at compatibility level 0: both lists empty.
    CHECK(codes(run("", "")) == std::vector<std::string>{"relay-restrictions-missing"});
    // smtpd starts (it finds reject_unauth_destination) but the class permits first.
    auto env = with_classes({{"allow_all", "permit"}});
    d = run("", "allow_all, reject_unauth_destination", env);
    REQUIRE(codes(d) == std::vector<std::string>{"open-relay"});
    CHECK(d[0].location.line == 2);
    RestrictionEnvironment everyone;
    everyone.mynetworks_matches_everyone = true;
    d = run("permit_mynetworks, reject_unauth_destination", "", everyone);
    REQUIRE(codes(d) == std::vector<std::string>{"open-relay"});
    CHECK_THAT(d[0].message, Catch::Contains("mynetworks matches every address"));
}

TEST_CASE("the same finding is reported once", "[restrictions]")
{
    DiagnosticSink sink;
    UniqueReporter reporter(sink);
    auto value = value_at("smtpd_client_restrictions", "bogus");
    check_restriction_list(RestrictionList::client, value, {}, reporter);
    check_restriction_list(RestrictionList::client, value, {}, reporter);
    CHECK(sink.all().size() == 1);
}
