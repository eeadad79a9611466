// Which daemons read a parameter (catalog readers, compiler/parameter_readers.hpp): a bad value
// is an error only where one of them runs, as real cleanup, local and smtpd show in test 44.
#include <catch2/catch.hpp>

#include "compiler/diagnostic_codes.hpp"
#include "compiler/parameter_readers.hpp"
#include "tests/unit/compiler/config_fixture.hpp"

using namespace mf::compiler;
using mf::compiler::testing::ConfigFixture;

namespace {

const std::string master_cf = "smtp      inet  n       -       y       -       -       smtpd\n"
                              "  -o cleanup_replace_stray_cr_lf=yess\n"
                              "  -o smtpd_helo_required=yess\n"
                              "cleanup   unix  n       -       y       -       0       cleanup\n"
                              "  -o qmgr_message_active_limit=0\n"
                              "qmgr      unix  n       -       n       300     1       qmgr\n";

const Service& service_named(const Configuration& config, std::string_view name)
{
    for (const Service& service : config.services())
        if (service.name.text == name)
            return service;
    FAIL("no service " << name);
    throw;
}

// Whether `file` (main.cf, master.cf) has a diagnostic of `severity` and `code` at `line`.
bool reported(const DiagnosticSink& sink, std::string_view file, std::size_t line,
              Severity severity, const std::string& code)
{
    for (const Diagnostic& d : sink.all())
        if (d.location.file.ends_with(file) && d.location.line == line && d.code == code &&
            d.severity == severity)
            return true;
    return false;
}

} // namespace

TEST_CASE("a parameter is read where master.cf runs one of its daemons", "[compiler][checks]")
{
    ConfigFixture fixture("smtpd_relay_restrictions = reject_unauth_destination\n"
                          "virtual_mailbox_lock = bogus\n"   // virtual: not in this master.cf
                          "cleanup_replace_stray_cr_lf = no\n"
                          "qmgr_message_active_limit = 0\n"  // qmgr runs
                          "myhostname = mx.example.test\n",  // every program
                          &master_cf);
    REQUIRE(fixture.config);
    const Configuration& config = *fixture.config;
    CHECK(unread_by_its_daemon(config, "virtual_mailbox_lock", nullptr) ==
          "only virtual reads virtual_mailbox_lock, and master.cf runs no virtual service");
    CHECK(unread_by_its_daemon(config, "qmgr_message_active_limit", nullptr).empty());
    CHECK(unread_by_its_daemon(config, "myhostname", nullptr).empty());

    // An -o counts for its own service's daemon only.
    const Service& smtp = service_named(config, "smtp");
    CHECK(unread_by_its_daemon(config, "cleanup_replace_stray_cr_lf", &smtp) ==
          "only cleanup reads cleanup_replace_stray_cr_lf, and service smtp/inet is not cleanup, "
          "so this -o has no effect");
    CHECK(unread_by_its_daemon(config, "smtpd_helo_required", &smtp).empty());
    CHECK(unread_by_its_daemon(config, "qmgr_message_active_limit",
                               &service_named(config, "cleanup")) ==
          "only oqmgr and qmgr read qmgr_message_active_limit, and service cleanup/unix is not "
          "oqmgr or qmgr, so this -o has no effect");

    const auto sink = fixture.check();
    CHECK(reported(sink, "main.cf", 2, Severity::warning, code::bad_enumeration));
    CHECK(reported(sink, "main.cf", 4, Severity::error, code::out_of_range));
    CHECK(reported(sink, "master.cf", 2, Severity::warning, code::bad_boolean));
    CHECK(reported(sink, "master.cf", 3, Severity::error, code::bad_boolean));
    CHECK(reported(sink, "master.cf", 5, Severity::warning, code::out_of_range));
}

TEST_CASE("an entry that a later one for the same endpoint replaces runs nothing",
          "[compiler][checks]")
{
    const std::string replaced = "smtp      inet  n       -       y       -       -       postscreen\n"
                                 "smtp      inet  n       -       y       -       -       smtpd\n";
    ConfigFixture fixture("postscreen_greet_action = bogus\n", &replaced);
    REQUIRE(fixture.config);
    CHECK(unread_by_its_daemon(*fixture.config, "postscreen_greet_action", nullptr) ==
          "only postscreen reads postscreen_greet_action, and master.cf runs no postscreen service");
}

TEST_CASE("what a command run by hand reads counts in main.cf, not in an -o", "[compiler][checks]")
{
    // posttls-finger reads the TLS library's parameters, smtpd too when TLS is on; sendmail
    // reads sendmail_fix_line_endings, no daemon does.
    ConfigFixture fixture("tls_high_cipherlist =\nsendmail_fix_line_endings = Always\n",
                          &master_cf);
    REQUIRE(fixture.config);
    const Configuration& config = *fixture.config;
    CHECK(unread_by_its_daemon(config, "tls_high_cipherlist", nullptr).empty());
    CHECK(unread_by_its_daemon(config, "sendmail_fix_line_endings", nullptr).empty());
    // smtp reads its own TLS parameters whether it uses TLS or not.
    const std::string client = "relay     unix  -       -       y       -       -       smtp\n";
    ConfigFixture relay("smtp_tls_fingerprint_digest =\n", &client);
    REQUIRE(relay.config);
    CHECK(unread_by_its_daemon(*relay.config, "smtp_tls_fingerprint_digest",
                               &service_named(*relay.config, "relay"))
              .empty());
    // Without TLS smtpd does not read it.
    CHECK(unread_by_its_daemon(config, "tls_high_cipherlist", &service_named(config, "smtp")) ==
          "smtpd reads tls_high_cipherlist only when it uses TLS, and service smtp/inet does "
          "not, so this -o has no effect");
    CHECK(unread_by_its_daemon(config, "tls_high_cipherlist", &service_named(config, "qmgr")) ==
          "only lmtp, posttls-finger, smtp, smtpd and tlsproxy read tls_high_cipherlist, and "
          "service qmgr/unix is not lmtp, smtp, smtpd or tlsproxy, so this -o has no effect");
    CHECK(unread_by_its_daemon(config, "sendmail_fix_line_endings", &service_named(config, "smtp")) ==
          "only sendmail reads sendmail_fix_line_endings, and no service runs sendmail, so this -o "
          "has no effect");
}

TEST_CASE("with TLS on, smtpd reads the TLS library's parameters", "[compiler][checks]")
{
    const std::string tls_service = "smtp      inet  n       -       y       -       -       smtpd\n"
                                    "  -o smtpd_tls_security_level=may\n"
                                    "  -o tls_high_cipherlist=\n";
    ConfigFixture fixture("smtpd_relay_restrictions = reject_unauth_destination\n", &tls_service);
    REQUIRE(fixture.config);
    CHECK(unread_by_its_daemon(*fixture.config, "tls_high_cipherlist",
                               &service_named(*fixture.config, "smtp"))
              .empty());
}

TEST_CASE("a daemon that a \"$name\" default hands the value to reads it too", "[compiler][checks]")
{
    // tlsproxy_tls_ciphers = $smtpd_tls_ciphers: tlsproxy checks smtpd's value as its own.
    const std::string tlsproxy_only = "tlsproxy  unix  -       -       y       -       0       tlsproxy\n";
    ConfigFixture fixture("smtpd_tls_ciphers = bogus\n", &tlsproxy_only);
    REQUIRE(fixture.config);
    CHECK(unread_by_its_daemon(*fixture.config, "smtpd_tls_ciphers", nullptr).empty());
    // Without a master.cf nothing is known.
    ConfigFixture bare("cleanup_replace_stray_cr_lf = yess\n");
    REQUIRE(bare.config);
    CHECK(unread_by_its_daemon(*bare.config, "cleanup_replace_stray_cr_lf", nullptr).empty());
}

TEST_CASE("a per-transport parameter is read by the queue manager, or by its own pipe service",
          "[compiler][checks]")
{
    // relay_destination_concurrency_limit is qmgr's: an -o on the relay service (smtp) is never
    // read. uucp_time_limit is read by the pipe service named uucp, and by no other.
    const std::string transports =
        "qmgr      unix  n       -       n       300     1       qmgr\n"
        "  -o relay_destination_rate_delay=5x\n"
        "relay     unix  -       -       y       -       -       smtp\n"
        "  -o relay_destination_concurrency_limit=abc\n"
        "uucp      unix  -       n       n       -       -       pipe\n"
        "  -o uucp_time_limit=abc\n"
        "  -o maildrop_time_limit=abc\n"
        "  flags=Fqhu user=uucp argv=uux\n"
        "maildrop  unix  -       n       n       -       -       pipe flags=DRXhu user=vmail argv=maildrop\n";
    ConfigFixture fixture("maildrop_destination_recipient_limit = abc\n"
                          "myhostname = mx.example.test\n",
                          &transports);
    REQUIRE(fixture.config);
    const Configuration& config = *fixture.config;
    CHECK(unread_by_its_daemon(config, "maildrop_destination_recipient_limit", nullptr).empty());
    CHECK(unread_by_its_daemon(config, "relay_destination_rate_delay",
                               &service_named(config, "qmgr"))
              .empty());
    CHECK(unread_by_its_daemon(config, "relay_destination_concurrency_limit",
                               &service_named(config, "relay")) ==
          "only oqmgr and qmgr read relay_destination_concurrency_limit, and service relay/unix "
          "is not oqmgr or qmgr, so this -o has no effect");
    CHECK(unread_by_its_daemon(config, "uucp_time_limit", &service_named(config, "uucp")).empty());
    CHECK(unread_by_its_daemon(config, "maildrop_time_limit", &service_named(config, "uucp")) ==
          "only the pipe or spawn service named maildrop reads maildrop_time_limit, and service "
          "uucp/unix is not that service, so this -o has no effect");
    CHECK(unread_by_its_daemon(config, "maildrop_time_limit", nullptr).empty());

    const auto sink = fixture.check();
    CHECK(reported(sink, "main.cf", 1, Severity::error, code::bad_integer));
    CHECK(reported(sink, "master.cf", 2, Severity::error, code::bad_time));
    CHECK(reported(sink, "master.cf", 4, Severity::warning, code::bad_integer));
    CHECK(reported(sink, "master.cf", 6, Severity::error, code::bad_time));
    CHECK(reported(sink, "master.cf", 7, Severity::warning, code::bad_time));
}
