// Typed value families beyond booleans and numbers: fixed word sets (enumerations.tsv), with
// Postfix's case rules, and TLS protocol lists. Each family gets one bad value, and every
// enumeration's built-in default must pass when written out explicitly.
#include <algorithm>

#include <catch2/catch.hpp>

#include "compiler/checks.hpp"
#include "compiler/config_check_codes.hpp"
#include "compiler/diagnostic_codes.hpp"

using namespace mf::compiler;

namespace {

DiagnosticSink check_text(const std::string& main_cf, const std::string& master_cf = "")
{
    DiagnosticSink load_sink;
    const Configuration config =
        configuration_from_text("main.cf", main_cf, "master.cf", master_cf, load_sink);
    DiagnosticSink sink;
    CheckOptions options;
    options.no_file_checks = true;
    run_checks(config, sink, options);
    return sink;
}

// Errors, and warnings about the value itself, at a line (notes and TLS-material warnings are
// about other things).
std::vector<std::string> problems_at(const DiagnosticSink& sink, std::size_t line)
{
    std::vector<std::string> out;
    for (const Diagnostic& d : sink.all())
        if (d.location.line == line &&
            (d.severity == Severity::error || d.code == std::string(code::bad_enumeration)))
            out.push_back(d.code + ": " + d.message);
    return out;
}

bool has(const DiagnosticSink& sink, const char* code, std::size_t line, Severity severity)
{
    for (const Diagnostic& d : sink.all())
        if (d.code == code && d.location.line == line && d.severity == severity)
            return true;
    return false;
}

} // namespace

TEST_CASE("every enumeration default passes when written out", "[compiler][checks][values]")
{
    std::string main_cf = "compatibility_level = 3.6\n";
    std::size_t count = 0;
    for (const CatalogEntry& entry : all_parameters())
        if (entry.type == ParamType::enumeration) {
            main_cf += std::string(entry.name) + " = " + std::string(entry.default_value) + "\n";
            ++count;
        }
    CHECK(count >= 80);
    const DiagnosticSink sink = check_text(main_cf);
    for (const Diagnostic& d : sink.all()) {
        INFO(d.location.line << ": " << d.message);
        CHECK(d.code != std::string(code::bad_enumeration));
    }
}

TEST_CASE("one bad value per enumeration family", "[compiler][checks][values]")
{
    const char* bad[] = {
        "smtpd_tls_security_level = dane",          // smtpd: fatal "Invalid TLS level"
        "smtp_tls_security_level = mandatory",
        "smtp_tls_ciphers = strong",
        "smtpd_tls_protocols = !SSLv2, !bogus",      // smtpd: "Invalid TLS protocol list"
        "smtp_tls_mandatory_protocols = >=TLSv1.9",
        "inet_protocols = IPv4",                     // name_mask: case-sensitive
        "notify_classes = resource, Software",
        "mynetworks_style = Host",
        "smtpd_sasl_type = Dovecot",                 // xsasl: strcmp
        "smtpd_sasl_security_options = NoAnonymous",
        "smtpd_proxy_options = speed_adjust, fast",
        "smtpd_upstream_proxy_protocol = HAProxy",
        "reject_tempfail_action = reject",
        "smtpd_forbid_bare_newline = strict",
        "milter_default_action = discard",
        "milter_protocol = 5",
        "header_from_format = fancy",
        "info_log_address_format = both",
        "sendmail_fix_line_endings = sometimes",
        "masquerade_classes = envelope_sender, body",
        "propagate_unmatched_extensions = canonical, relocated",
        "receive_override_options = no_milter",
        "smtputf8_autodetect_classes = pickup",
        "smtp_dns_support_level = paranoid",
        "smtp_host_lookup = dns, nis",
        "postscreen_greet_action = reject",
        "smtp_tls_dane_insecure_mx_policy = verify",
        "smtp_address_verify_target = mail",
        "internal_mail_filter_classes = bounce, delay",
    };
    // The features that make the daemons read the conditional ones are on: smtpd's own level
    // is bad, but tlsproxy reads smtpd_tls_protocols for postscreen's STARTTLS (through
    // tlsproxy_tls_protocols = $smtpd_tls_protocols), and a policy table can pick any client
    // level.
    std::string main_cf = "smtpd_relay_restrictions = reject_unauth_destination\n"
                          "postscreen_tls_security_level = may\n"
                          "postscreen_pipelining_enable = yes\n"
                          "tlsproxy_tls_security_level = may\n"
                          "smtp_tls_policy_maps = texthash:/etc/postfix/tls_policy\n"
                          "smtpd_sasl_auth_enable = yes\n"
                          "smtpd_proxy_filter = 127.0.0.1:10025\n"
                          "smtpd_milters = inet:127.0.0.1:8891\n";
    for (const char* line : bad)
        main_cf += std::string(line) + "\n";
    const DiagnosticSink sink = check_text(main_cf);
    for (std::size_t i = 0; i < std::size(bad); ++i) {
        INFO(bad[i]);
        CHECK(has(sink, code::bad_enumeration, i + 9, Severity::error));
    }
}

TEST_CASE("a value read only when a feature is on warns while it is off", "[compiler][checks][values]")
{
    const char* dormant[] = {
        "smtpd_sasl_type = bogus",          // smtpd_sasl_auth_enable = no
        "smtp_sasl_type = dovecot",         // smtp_sasl_auth_enable = no
        "lmtp_sasl_security_options = none",
        "smtpd_tls_protocols = TLSv9",      // no TLS in smtpd or postscreen
        "smtpd_tls_ciphers = best",
        "milter_protocol = 9",              // no milters
        "smtpd_proxy_options = fast",       // no smtpd_proxy_filter
    };
    std::string main_cf = "smtpd_relay_restrictions = reject_unauth_destination\n";
    for (const char* line : dormant)
        main_cf += std::string(line) + "\n";
    const DiagnosticSink sink = check_text(main_cf);
    for (std::size_t i = 0; i < std::size(dormant); ++i) {
        INFO(dormant[i]);
        CHECK(has(sink, code::bad_enumeration, i + 2, Severity::warning));
        CHECK_FALSE(has(sink, code::bad_enumeration, i + 2, Severity::error));
    }
    for (const Diagnostic& d : sink.all())
        if (d.code == std::string(code::bad_enumeration) && d.location.line == 2)
            CHECK(d.message.find("only when smtpd_sasl_auth_enable = yes, and then it is one") !=
                  std::string::npos);

    // Turned on in main.cf, by expansion, or by a TLS level in any case: errors again.
    const DiagnosticSink on = check_text("mine = yes\nsmtpd_sasl_auth_enable = $mine\n"
                                         "smtpd_sasl_type = bogus\n"
                                         "smtpd_tls_security_level = MAY\n"
                                         "smtpd_tls_protocols = TLSv9\n"
                                         "smtpd_milters = inet:127.0.0.1:8891\n"
                                         "milter_protocol = 9\n");
    CHECK(has(on, code::bad_enumeration, 3, Severity::error));
    CHECK(has(on, code::bad_enumeration, 5, Severity::error));
    CHECK(has(on, code::bad_enumeration, 7, Severity::error));
    // The legacy switch counts only while the level is empty.
    const DiagnosticSink legacy = check_text("smtpd_use_tls = yes\nsmtpd_tls_protocols = TLSv9\n");
    CHECK(has(legacy, code::bad_enumeration, 2, Severity::error));
    const DiagnosticSink level_none = check_text("smtpd_tls_security_level = none\nsmtpd_use_tls = yes\n"
                                                 "smtpd_tls_protocols = TLSv9\n");
    CHECK(has(level_none, code::bad_enumeration, 3, Severity::warning));
}

// The daemons read either the TLS lists or their "mandatory" twins, as the level asks (test
// 65 shows it with real smtpd, tlsproxy, smtp and lmtp): a bad value in the other one is a
// warning.
TEST_CASE("each TLS level reads its own protocol and cipher lists", "[compiler][checks][values]")
{
    struct Case {
        const char* enabling;
        bool plain_read;     // smtpd_tls_protocols / smtpd_tls_ciphers
        bool mandatory_read; // smtpd_tls_mandatory_protocols / smtpd_tls_mandatory_ciphers
    };
    const Case server[] = {
        {"smtpd_tls_security_level = none", false, false},
        {"smtpd_tls_security_level = may", true, false},
        {"smtpd_tls_security_level = encrypt", false, true},
        {"smtpd_use_tls = yes", true, false},
        {"smtpd_enforce_tls = yes", false, true},
        {"smtpd_use_tls = yes\nsmtpd_enforce_tls = yes", false, true},
        {"smtpd_tls_wrappermode = yes", false, true},
        {"smtpd_tls_security_level = may\nsmtpd_tls_wrappermode = yes", false, true},
        // postscreen's STARTTLS goes to tlsproxy only with a deep protocol test on; tlsproxy
        // then reads smtpd's lists through its own defaults, at its own level.
        {"postscreen_tls_security_level = may", false, false},
        {"postscreen_tls_security_level = may\npostscreen_pipelining_enable = yes\n"
         "tlsproxy_tls_security_level = may", true, false},
        {"postscreen_tls_security_level = may\npostscreen_bare_newline_enable = yes\n"
         "tlsproxy_tls_security_level = encrypt", false, true},
        {"smtpd_tls_security_level = none\ntlsproxy_tls_security_level = may\n"
         "postscreen_tls_security_level = encrypt\npostscreen_non_smtp_command_enable = yes",
         true, false},
    };
    for (const Case& c : server) {
        INFO(c.enabling);
        const std::string main_cf = std::string(c.enabling) + "\n";
        const std::size_t line = 1 + static_cast<std::size_t>(
                                         std::count(main_cf.begin(), main_cf.end(), '\n'));
        const auto severity = [](bool read) { return read ? Severity::error : Severity::warning; };
        for (const char* bad : {"smtpd_tls_protocols = TLSv9", "smtpd_tls_ciphers = best"}) {
            INFO(bad);
            CHECK(has(check_text(main_cf + bad + "\n"), code::bad_enumeration, line,
                      severity(c.plain_read)));
        }
        for (const char* bad :
             {"smtpd_tls_mandatory_protocols = TLSv9", "smtpd_tls_mandatory_ciphers = best"}) {
            INFO(bad);
            CHECK(has(check_text(main_cf + bad + "\n"), code::bad_enumeration, line,
                      severity(c.mandatory_read)));
        }
    }
    // tlsproxy's own value replaces smtpd's: smtpd's is read by no one.
    CHECK(has(check_text("postscreen_tls_security_level = may\npostscreen_pipelining_enable = yes\n"
                         "tlsproxy_tls_security_level = may\n"
                         "tlsproxy_tls_protocols = >=TLSv1.2\nsmtpd_tls_protocols = TLSv9\n"),
              code::bad_enumeration, 5, Severity::warning));
    CHECK(has(check_text("postscreen_tls_security_level = may\ntlsproxy_tls_protocols = TLSv9\n"),
              code::bad_enumeration, 2, Severity::warning));

    const Case client[] = {
        {"", false, false},
        {"smtp_tls_security_level = none", false, false},
        {"smtp_tls_security_level = may", true, false},
        {"smtp_tls_security_level = encrypt", false, true},
        {"smtp_tls_security_level = verify", false, true},
        {"smtp_tls_security_level = dane", true, true},
        {"smtp_use_tls = yes", true, false},
        {"smtp_enforce_tls = yes", false, true},
        {"smtp_tls_security_level = may\nsmtp_tls_wrappermode = yes", false, false},
        {"smtp_tls_policy_maps = texthash:/etc/postfix/tls_policy", true, true},
    };
    for (const char* prefix : {"smtp", "lmtp"})
        for (const Case& c : client) {
            std::string enabling = c.enabling;
            for (auto at = enabling.find("smtp_"); at != std::string::npos;
                 at = enabling.find("smtp_", at + 1))
                enabling.replace(at, 4, prefix);
            INFO(enabling);
            const std::string main_cf = enabling.empty() ? "" : enabling + "\n";
            const std::size_t line = 1 + static_cast<std::size_t>(
                                             std::count(main_cf.begin(), main_cf.end(), '\n'));
            const auto severity = [](bool read) { return read ? Severity::error : Severity::warning; };
            for (const char* suffix : {"_tls_protocols = TLSv9", "_tls_ciphers = best"}) {
                INFO(prefix << suffix);
                CHECK(has(check_text(main_cf + prefix + suffix + "\n"), code::bad_enumeration,
                          line, severity(c.plain_read)));
            }
            for (const char* suffix :
                 {"_tls_mandatory_protocols = TLSv9", "_tls_mandatory_ciphers = best"}) {
                INFO(prefix << suffix);
                CHECK(has(check_text(main_cf + prefix + suffix + "\n"), code::bad_enumeration,
                          line, severity(c.mandatory_read)));
            }
        }
    // smtp's level does not turn lmtp's TLS on.
    CHECK(has(check_text("smtp_tls_security_level = may\nlmtp_tls_protocols = TLSv9\n"),
              code::bad_enumeration, 2, Severity::warning));
}

TEST_CASE("a client service's -o level decides which TLS list it reads", "[compiler][checks][values]")
{
    // main.cf's mandatory list, read only by the relay service that requires TLS: an error.
    const DiagnosticSink inherited = check_text(
        "smtp_tls_security_level = may\nsmtp_tls_mandatory_protocols = TLSv9\n",
        "smtp unix - - n - - smtp\n"
        "relay unix - - n - - smtp\n  -o smtp_tls_security_level=encrypt\n");
    CHECK(has(inherited, code::bad_enumeration, 2, Severity::error));
    // An -o list that its own service's level does not read.
    const DiagnosticSink own = check_text(
        "smtp_tls_security_level = encrypt\n",
        "relay unix - - n - - smtp\n  -o smtp_tls_security_level=may\n"
        "  -o smtp_tls_mandatory_protocols=TLSv9\n");
    CHECK(has(own, code::bad_enumeration, 3, Severity::warning));
    CHECK_FALSE(has(own, code::bad_enumeration, 3, Severity::error));
}

TEST_CASE("a value Postfix ignores is only a warning", "[compiler][checks][values]")
{
    const DiagnosticSink sink = check_text("smtpd_tls_security_level = may\n"
                                           "smtpd_tls_eecdh_grade = best\n"
                                           "tlsproxy_tls_eecdh_grade = bogus\n");
    CHECK(has(sink, code::bad_enumeration, 2, Severity::warning));
    CHECK(has(sink, code::bad_enumeration, 3, Severity::warning));
    for (const Diagnostic& d : sink.all())
        if (d.code == std::string(code::bad_enumeration)) {
            CHECK(d.severity == Severity::warning);
            CHECK(d.message.find("not an error: Postfix 3.6 and later ignore it") !=
                  std::string::npos);
        }
}

TEST_CASE("a service's -o decides whether a value is read", "[compiler][checks][values]")
{
    // main.cf value, feature on only in one service that inherits it: an error.
    const DiagnosticSink inherited = check_text(
        "smtpd_sasl_type = bogus\n",
        "smtp inet n - y - - smtpd\n"
        "submission inet n - y - - smtpd\n  -o smtpd_sasl_auth_enable=yes\n");
    CHECK(has(inherited, code::bad_enumeration, 1, Severity::error));
    // The only service with the feature on has its own (good) value: main.cf's is never read.
    const DiagnosticSink replaced = check_text(
        "smtpd_sasl_type = bogus\n",
        "smtp inet n - y - - smtpd\n"
        "submission inet n - y - - smtpd\n  -o smtpd_sasl_auth_enable=yes\n"
        "  -o smtpd_sasl_type=dovecot\n");
    CHECK(has(replaced, code::bad_enumeration, 1, Severity::warning));
    CHECK_FALSE(has(replaced, code::bad_enumeration, 1, Severity::error));
    // An -o value in a service where the feature is off, though main.cf turns it on elsewhere.
    const DiagnosticSink off_there = check_text(
        "smtpd_sasl_auth_enable = yes\n",
        "smtp inet n - y - - smtpd\n  -o smtpd_sasl_auth_enable=no\n  -o smtpd_sasl_type=bogus\n");
    CHECK(has(off_there, code::bad_enumeration, 3, Severity::warning));
    CHECK_FALSE(has(off_there, code::bad_enumeration, 3, Severity::error));
}

TEST_CASE("spellings the daemons accept", "[compiler][checks][values]")
{
    const char* good[] = {
        "smtpd_tls_security_level = Encrypt",       // name_code: any case
        "smtp_tls_security_level = DANE-only",
        "smtpd_tls_protocols = !sslv2 !SSLV3",
        "smtpd_tls_protocols = >=TLSv1.2, <=TLSv1.3",
        "smtpd_tls_protocols = !SSLv2:!SSLv3",
        "smtpd_tls_mandatory_protocols =",
        "reject_tempfail_action = DEFER",
        "unknown_helo_hostname_tempfail_action = defer_if_Permit",
        "smtpd_forbid_bare_newline = Normalize",
        "milter_default_action = Accept",
        "milter_protocol = 6, No_Header_Reply",
        "notify_classes =",
        "inet_protocols = ipv4, ipv6",
        "smtpd_sasl_security_options = noanonymous, noplaintext",
        "smtp_sasl_security_options =",
        "smtpd_tls_ciphers = HIGH",
        "mailbox_delivery_lock = fcntl, dotlock",
    };
    std::string main_cf = "smtpd_relay_restrictions = reject_unauth_destination\n";
    for (const char* line : good)
        main_cf += std::string(line) + "\n";
    const DiagnosticSink sink = check_text(main_cf);
    for (std::size_t i = 0; i < std::size(good); ++i) {
        INFO(good[i]);
        CHECK(problems_at(sink, i + 2).empty());
    }
}

TEST_CASE("client-only TLS levels warn on the server side", "[compiler][checks][values]")
{
    const DiagnosticSink sink = check_text("smtpd_relay_restrictions = reject_unauth_destination\n"
                                           "smtpd_tls_security_level = verify\n");
    CHECK(has(sink, code::bad_enumeration, 2, Severity::warning));
    CHECK(sink.error_count() == 0);
}

TEST_CASE("a wrong-case word names the right spelling", "[compiler][checks][values]")
{
    const DiagnosticSink sink = check_text("smtpd_relay_restrictions = reject_unauth_destination\n"
                                           "inet_protocols = IPv4\n");
    bool named = false;
    for (const Diagnostic& d : sink.all())
        named = named || d.message.find("write \"ipv4\"") != std::string::npos;
    CHECK(named);
}
