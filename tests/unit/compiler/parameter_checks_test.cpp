// mfcc's own checks: names, typed values, expansions, duplicates, encoding, master.cf syntax.
// Each case states the Postfix behaviour it guards (spec A.2, A.3, B.1, B.2, C.1).
#include <catch2/catch.hpp>

#include "compiler/config_check_codes.hpp"
#include "compiler/diagnostic_codes.hpp"
#include "tests/unit/compiler/config_fixture.hpp"

using namespace mf::compiler;
using mf::compiler::testing::ConfigFixture;
using mf::compiler::testing::has_code;

namespace {

std::size_t count_code(const DiagnosticSink& sink, const std::string& code)
{
    std::size_t n = 0;
    for (const Diagnostic& d : sink.all())
        n += d.code == code;
    return n;
}

} // namespace

TEST_CASE("booleans are yes/no only, any case", "[compiler][checks]")
{
    ConfigFixture fixture("smtpd_use_tls = yess\nsoft_bounce = YES\nbiff = true\ndisable_vrfy_command = No\n");
    const auto sink = fixture.check();
    CHECK(has_code(sink, code::bad_boolean, 1));
    CHECK_FALSE(has_code(sink, code::bad_boolean, 2));
    CHECK(has_code(sink, code::bad_boolean, 3));
    CHECK_FALSE(has_code(sink, code::bad_boolean, 4));
}

TEST_CASE("integers, ranges and sizes", "[compiler][checks]")
{
    ConfigFixture fixture("hash_queue_depth = 0\n"       // min 1
                          "smtpd_recipient_limit = 0x10\n"
                          "message_size_limit = 10M\n"
                          "default_process_limit = +5\n" // strtol accepts it
                          "queue_minfree = 99999999999\n"
                          "access_map_reject_code = 554\n");
    const auto sink = fixture.check();
    CHECK(has_code(sink, code::out_of_range, 1));
    CHECK(has_code(sink, code::bad_integer, 2));
    CHECK(has_code(sink, code::bad_size, 3));
    // An empty main.cf is at compatibility level 0, where smtpd refuses to start without a
    // relay restriction (check_open_relay.cpp): not what this case is about.
    CHECK(sink.error_count() - count_code(sink, code::relay_restrictions_missing) == 3);
}

TEST_CASE("time values: units, trailing text, bounds", "[compiler][checks]")
{
    ConfigFixture fixture("maximal_queue_lifetime = 4x\n"
                          "bounce_queue_lifetime = 1.5h\n"
                          "delay_warning_time = -5\n"
                          "minimal_backoff_time = 10S\n"
                          "queue_run_delay = 10sec\n"
                          "maximal_backoff_time = 2w3d\n"
                          "in_flow_delay = 11s\n"
                          "smtpd_timeout = 300\n"
                          "daemon_timeout =\n");
    const auto sink = fixture.check();
    CHECK(has_code(sink, code::bad_time, 1));
    CHECK(has_code(sink, code::bad_time, 2));
    CHECK(has_code(sink, code::bad_time, 3));
    CHECK(has_code(sink, code::bad_time, 4));
    CHECK(has_code(sink, code::time_trailing_text, 5));
    CHECK(has_code(sink, code::time_trailing_text, 6));
    CHECK(has_code(sink, code::out_of_range, 7));
    CHECK(has_code(sink, code::bad_time, 9));
    // An empty main.cf is at compatibility level 0, where smtpd refuses to start without a
    // relay restriction (check_open_relay.cpp): not what this case is about.
    CHECK(sink.error_count() - count_code(sink, code::relay_restrictions_missing) == 6);
}

TEST_CASE("time values as Postfix's strtol reads them: signs, a unit alone, the unit limits",
          "[compiler][checks]")
{
    ConfigFixture fixture("smtpd_timeout = +3s\n"           // a sign is allowed
                          "smtpd_error_sleep_time = s\n"    // a unit alone is 0
                          "address_verify_sender_ttl = -0\n" // -0 is 0 ...
                          "daemon_timeout = -0s\n"          // ... below its minimum of 1
                          "ipc_timeout = -3s\n"             // negative
                          "ipc_idle = +\n"                  // a sign without digits
                          "smtpd_policy_service_max_ttl = 35791393m\n"
                          "smtpd_policy_service_timeout = 35791394m\n" // INT_MAX / 60: too large
                          "smtpd_policy_service_idle = 3549w\n"
                          "smtpd_upstream_proxy_timeout = 3550w\n"
                          "smtpd_starttls_timeout = 2147483647s\n"
                          "milter_command_timeout = 2147483648s\n");
    const auto sink = fixture.check();
    for (int line : {1, 2, 3, 7, 9, 11}) {
        INFO("line " << line);
        CHECK_FALSE(has_code(sink, code::bad_time, line));
        CHECK_FALSE(has_code(sink, code::out_of_range, line));
    }
    CHECK(has_code(sink, code::out_of_range, 4));
    for (int line : {5, 6, 8, 10, 12}) {
        INFO("line " << line);
        CHECK(has_code(sink, code::bad_time, line));
    }
}

TEST_CASE("an empty string that must not be empty is an error even with its feature off",
          "[compiler][checks]")
{
    // smtpd checks the length when it starts: without SASL, without milters, without TLS.
    ConfigFixture fixture("smtpd_sasl_type =\n"
                          "milter_protocol =\n"
                          "smtpd_tls_ciphers =\n"
                          "smtputf8_autodetect_classes =\n"
                          "smtpd_tls_eecdh_grade =\n"
                          "lmtp_sasl_type = bogus\n");
    const auto sink = fixture.check();
    for (int line = 1; line <= 5; ++line) {
        INFO("line " << line);
        CHECK(has_code(sink, code::empty_value, line));
    }
    // A non-empty unknown word is read only with SASL on: a warning.
    CHECK(has_code(sink, code::bad_enumeration, 6));
    CHECK(sink.error_count() - count_code(sink, code::relay_restrictions_missing) == 5);
}

TEST_CASE("a string with a length bound: default_verp_delimiters is two characters",
          "[compiler][checks]")
{
    // One fixture each: of several definitions only the last is in force.
    auto length_error = [](const std::string& main_cf) {
        return has_code(ConfigFixture(main_cf).check(), code::bad_string_length, 1);
    };
    CHECK(length_error("default_verp_delimiters = +\n"));
    CHECK(length_error("default_verp_delimiters = +=-\n"));
    CHECK_FALSE(length_error("default_verp_delimiters = -=\n"));
}

TEST_CASE("an IPv6 network without brackets is one error, not also an unknown table type",
          "[compiler][checks]")
{
    ConfigFixture fixture("mynetworks = 127.0.0.0/8, fc00::/7\n"
                          "relay_domains = fc00::1\n");
    const auto sink = fixture.check();
    CHECK(has_code(sink, code::bad_cidr, 1));
    CHECK(count_code(sink, code::bad_cidr) == 1);
    // Only in mynetworks does the network check judge it; in a domain list the table check
    // still reports Postfix's "unsupported dictionary type".
    CHECK(count_code(sink, code::table_type_unknown) == 1);
    CHECK(has_code(sink, code::table_type_unknown, 2));
}

TEST_CASE("enumerations, mynetworks and myhostname", "[compiler][checks]")
{
    ConfigFixture fixture("smtpd_tls_security_level = mandatory\n"
                          "inet_protocols = ipv4, ipv5\n"
                          "mynetworks = 127.0.0.0/8, 10.0.0.1/8, [::1]/129, 300.1.2.3/8, host.example, hash:/x\n"
                          "myhostname = mail\n"
                          "smtp_tls_security_level = dane\n");
    const auto sink = fixture.check();
    CHECK(has_code(sink, code::bad_enumeration, 1));
    CHECK(has_code(sink, code::bad_enumeration, 2));
    CHECK(count_code(sink, code::bad_cidr) == 3);
    CHECK(has_code(sink, code::hostname_not_fqdn, 4));
    CHECK_FALSE(has_code(sink, code::bad_enumeration, 5));
}

TEST_CASE("compatibility_level syntax", "[compiler][checks]")
{
    for (const char* good : {"0", "2", "3.6", "3.7.11"}) {
        ConfigFixture fixture(std::string("compatibility_level = ") + good + "\n");
        CHECK_FALSE(has_code(fixture.check(), code::bad_compatibility_level));
    }
    for (const char* bad : {"3.6  orphan", "3.", ".3", "3..6", "1.2.3.4", "x"}) {
        ConfigFixture fixture(std::string("compatibility_level = ") + bad + "\n");
        CHECK(has_code(fixture.check(), code::bad_compatibility_level, 1));
    }
}

TEST_CASE("unknown names, with suggestions, but not user-defined ones", "[compiler][checks]")
{
    const std::string master = "smtp2 unix - - n - - smtp\n";
    ConfigFixture fixture("smtpd_recipent_restrictions = permit\n"
                          "myclass = permit\n"
                          "smtpd_restriction_classes = myclass\n"
                          "my_list = a\n"
                          "relayhost = $my_list\n"
                          "smtp2_destination_concurrency_limit = 3\n"
                          "postscreen_blacklist_action = drop\n"
                          "completely_unrelated_zzz = 1\n",
                          &master);
    const auto sink = fixture.check();
    REQUIRE(count_code(sink, code::unknown_parameter) == 2);
    bool suggested = false;
    for (const Diagnostic& d : sink.all())
        if (d.code == code::unknown_parameter && d.location.line == 1)
            suggested = d.message.find("did you mean smtpd_recipient_restrictions?") != std::string::npos;
    CHECK(suggested);
    CHECK(has_code(sink, code::unknown_parameter, 8));
}

TEST_CASE("expansion diagnostics: undefined, loop, syntax; RAW values untouched", "[compiler][checks]")
{
    ConfigFixture fixture("relayhost = $undefined_thing\n"
                          "a = $b\nb = $a\nsmtpd_banner = $a\n"
                          "myorigin = ${foo-bar}\n"
                          "mydomain = ${unclosed\n"
                          "mailbox_command = procmail -a $EXTENSION $user\n"
                          "default_transport = $$literal\n");
    const auto sink = fixture.check();
    CHECK(has_code(sink, code::undefined_parameter, 1));
    CHECK(has_code(sink, code::expansion_loop, 4));
    CHECK(has_code(sink, code::expansion_syntax, 5));
    CHECK(has_code(sink, code::expansion_syntax, 6));
    CHECK_FALSE(has_code(sink, code::undefined_parameter, 7));
    CHECK_FALSE(has_code(sink, code::undefined_parameter, 8));
}

TEST_CASE("a syntax error is reported once, at the value that holds it", "[compiler][checks]")
{
    ConfigFixture fixture("relayhost = $broken\nbroken = x ${foo-bar}\n");
    const auto sink = fixture.check();
    CHECK_FALSE(has_code(sink, code::expansion_syntax, 1));
    REQUIRE(has_code(sink, code::expansion_syntax, 2));
    for (const Diagnostic& d : sink.all())
        if (d.code == code::expansion_syntax)
            CHECK(d.location.column == 17); // the - of ${foo-bar}, where Postfix points
}

TEST_CASE("duplicates: the last wins, the later line is reported", "[compiler][checks]")
{
    ConfigFixture fixture("mydomain = a\nmydomain = b\nmyorigin = x\nmyorigin = x\n");
    const auto sink = fixture.check();
    CHECK(fixture.config->expand("mydomain") == "b");
    REQUIRE(has_code(sink, code::duplicate_parameter, 2));
    for (const Diagnostic& d : sink.all())
        if (d.location.line == 2)
            CHECK(d.message.find("overriding earlier entry: mydomain=a") == 0);
    CHECK(has_code(sink, code::duplicate_parameter, 4));
}

TEST_CASE("main.cf syntax: missing '=', leading whitespace, NUL, bad UTF-8", "[compiler][checks]")
{
    ConfigFixture fixture(std::string("  orphan continuation\nthis line has no equals\nok = 1\n"
                                      "nul = a\0b\nlatin = caf\xe9\n",
                                      76));
    CHECK(has_code(fixture.sink, code::leading_whitespace, 1));
    CHECK(has_code(fixture.sink, code::main_cf_syntax, 2));
    CHECK(has_code(fixture.sink, code::nul_byte, 4));
    CHECK(fixture.config->main_cf_setting("ok"));
    CHECK_FALSE(fixture.config->main_cf_setting("nul"));
    const auto sink = fixture.check();
    CHECK(has_code(sink, code::invalid_utf8, 5));
}

TEST_CASE("master.cf syntax errors name the field", "[compiler][checks]")
{
    const std::string master = "smtp inet n - y - -\n"
                               "smtp tcp n - y - - smtpd\n"
                               "smtp inet x - y - - smtpd\n"
                               "smtp inet n - y abc - smtpd\n"
                               "smtp inet n - y - -5 smtpd\n"
                               "[::1:25 inet n - y - - smtpd\n"
                               "good unix - - n - - smtp -o\n"
                               "fine inet n - n - - smtpd -o smtpd_tls_security_level=may -o {a = b c}\n";
    ConfigFixture fixture("", &master);
    const auto& sink = fixture.sink;
    CHECK(has_code(sink, code::master_field_count, 1));
    CHECK(has_code(sink, code::master_bad_type, 2));
    CHECK(has_code(sink, code::master_bad_field, 3));
    CHECK(has_code(sink, code::master_bad_wakeup, 4));
    CHECK(has_code(sink, code::master_bad_process_limit, 5));
    CHECK(has_code(sink, code::master_bad_service, 6));
    CHECK(has_code(sink, code::master_bad_override, 7));
    REQUIRE(fixture.config->services().size() == 2);
    const Service& fine = fixture.config->services()[1];
    REQUIRE(fine.overrides.size() == 2);
    CHECK(fine.overrides[1].name == "a");
    CHECK(fine.overrides[1].value == "b c");
    CHECK(fine.overrides[0].value_location.column == 55);
}

TEST_CASE("every code used has an --explain row, and codes are unique", "[compiler][checks]")
{
    std::set<std::string> seen;
    for (const DiagnosticCodeInfo& info : diagnostic_codes()) {
        CHECK(seen.insert(info.code).second);
        CHECK(std::string(info.explanation).size() > 40);
    }
    for (const char* used :
         {code::unreadable_file, code::nul_byte, code::invalid_utf8, code::leading_whitespace,
          code::main_cf_syntax, code::duplicate_parameter, code::unknown_parameter,
          code::bad_boolean, code::bad_integer, code::out_of_range, code::bad_time,
          code::time_trailing_text, code::bad_size, code::bad_enumeration, code::empty_value,
          code::bad_cidr, code::bad_compatibility_level, code::hostname_not_fqdn, code::bad_hostname,
          code::bad_ip_address, code::bad_next_hop, code::bad_mail_address, code::undefined_parameter,
          code::expansion_loop, code::expansion_syntax, code::master_cf_syntax,
          code::master_field_count, code::master_bad_type, code::master_bad_field,
          code::master_bad_wakeup, code::master_bad_process_limit, code::master_bad_service,
          code::master_bad_override, code::missing_master_cf})
        CHECK(find_diagnostic_code(used));
}
