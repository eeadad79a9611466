// Network values: every address match list, listening and bind addresses, domain and HELO
// names, next hops, single mail addresses and postscreen_access_list; each family gets bad
// values (with Postfix's own words where it has them) and values Postfix accepts.
#include <catch2/catch.hpp>

#include "compiler/checks.hpp"
#include "compiler/diagnostic_codes.hpp"
#include "compiler/network_syntax.hpp"

using namespace mf::compiler;

namespace {

DiagnosticSink check_text(const std::string& main_cf)
{
    DiagnosticSink load_sink;
    const Configuration config =
        configuration_from_text("main.cf", main_cf, "master.cf", "", load_sink);
    DiagnosticSink sink;
    check_network_values(config, sink, CheckOptions{});
    check_startup(config, sink, CheckOptions{}); // myhostname and mydomain
    return sink;
}

const Diagnostic* at_line(const DiagnosticSink& sink, std::size_t line)
{
    for (const Diagnostic& d : sink.all())
        if (d.location.line == line)
            return &d;
    return nullptr;
}

} // namespace

TEST_CASE("address match list elements", "[compiler][checks][network]")
{
    for (const char* good : {"127.0.0.0/8", "[::1]/128", "[2001:db8::/32]", "[::ffff:127.0.0.1]",
                             "[1.2.3.4]", "192.0.2.1", "!10.0.0.0/8", "host.example", ".example.com",
                             "hash:/etc/postfix/network_table", "/etc/postfix/networks",
                             "cidr:{{10.0.0.0/8 OK}}", "0.0.0.0/0", "[::]/0"}) {
        INFO(good);
        CHECK(network_entry_problem(good).empty());
    }
    CHECK(network_entry_problem("10.0.0.1/8") ==
          "non-null host address bits in \"10.0.0.1/8\", perhaps you should use \"10.0.0.0/8\" instead");
    CHECK(network_entry_problem("[2001:db8::1]/32").find("\"[2001:db8::]/32\"") != std::string::npos);
    CHECK(network_entry_problem("1.2.3.4/33") == "bad mask length in \"1.2.3.4/33\"");
    CHECK(network_entry_problem("[::1]/129") == "bad mask length in \"[::1]/129\"");
    CHECK(network_entry_problem("10.0.0.0/x").starts_with("bad mask length"));
    CHECK(network_entry_problem("::1/128").find("without brackets") != std::string::npos);
    CHECK(network_entry_problem("[::1").find("without ']'") != std::string::npos);
    CHECK(network_entry_problem("300.1.2.3/8").starts_with("bad net/mask pattern"));
    CHECK(network_entry_problem("[mail.example]").find("numeric") != std::string::npos);
}

TEST_CASE("every network list is checked, at the element's own line", "[compiler][checks][network]")
{
    const DiagnosticSink sink = check_text("mynetworks = 127.0.0.0/8,\n"
                                           "    10.0.0.1/8\n"
                                           "debug_peer_list = ::1/128\n"
                                           "smtpd_authorized_xforward_hosts = 1.2.3.4/33\n"
                                           "permit_mx_backup_networks = [::1]/129\n"
                                           "smtpd_client_event_limit_exceptions = $mynetworks\n"
                                           "postscreen_access_list = permit_mynetworks, 10.0.0.0/8\n");
    const Diagnostic* host_bits = at_line(sink, 2);
    REQUIRE(host_bits);
    CHECK(host_bits->location.column == 5);
    CHECK(host_bits->code == std::string(code::bad_cidr));
    CHECK(at_line(sink, 3));
    CHECK(at_line(sink, 4));
    CHECK(at_line(sink, 5));
    const Diagnostic* expanded = at_line(sink, 6);
    REQUIRE(expanded); // through $mynetworks: reported at the referencing value
    CHECK(expanded->message.find("(from ") != std::string::npos);
    CHECK(at_line(sink, 7));
    CHECK(sink.error_count() == 6);
}

TEST_CASE("interfaces, bind addresses, names, next hops, mail addresses", "[compiler][checks][network]")
{
    const DiagnosticSink sink = check_text("inet_interfaces = 127.0.0.1, 10.0.0.0/8\n"
                                           "proxy_interfaces = bad_host!\n"
                                           "smtp_bind_address = ::1\n"
                                           "smtp_bind_address6 = 192.0.2.1\n"
                                           "mydomain = example..org\n"
                                           "smtp_helo_name = mail server\n"
                                           "relayhost = [mx.example.com:587\n"
                                           "smtp_fallback_relay = backup.example:smtp, host.example:\n"
                                           "2bounce_notice_recipient = postmaster, admin\n"
                                           "double_bounce_sender = <double-bounce>\n"
                                           "empty_address_recipient = @example.com\n");
    for (std::size_t line = 1; line <= 11; ++line) {
        INFO("line " << line);
        CHECK(at_line(sink, line));
    }
    CHECK(at_line(sink, 6)->severity == Severity::warning);
    CHECK(at_line(sink, 3)->code == std::string(code::bad_ip_address));
    CHECK(at_line(sink, 7)->code == std::string(code::bad_next_hop));
    CHECK(at_line(sink, 9)->code == std::string(code::bad_mail_address));
}

TEST_CASE("network values Postfix accepts", "[compiler][checks][network]")
{
    const DiagnosticSink sink = check_text("inet_interfaces = all\n"
                                           "proxy_interfaces = 192.0.2.10, [2001:db8::1], mx.example\n"
                                           "smtp_bind_address = 192.0.2.1\n"
                                           "smtp_bind_address6 = 2001:db8::1\n"
                                           "mydomain = example.org\n"
                                           "smtp_helo_name = $myhostname\n"
                                           "relayhost = [mx.example.com]:submission\n"
                                           "smtp_fallback_relay = [192.0.2.25]:2525, backup.example:25, [ipv6:2001:db8::25]\n"
                                           "2bounce_notice_recipient = postmaster\n"
                                           "bounce_notice_recipient = \"John Doe\"@example.com\n"
                                           "double_bounce_sender = double-bounce\n"
                                           "mynetworks = 127.0.0.0/8 [::ffff:127.0.0.0]/104 [::1]/128\n"
                                           "postscreen_access_list = permit_mynetworks, cidr:/etc/postfix/postscreen_access.cidr\n"
                                           "relayhost =\n");
    for (const Diagnostic& d : sink.all())
        FAIL_CHECK(d.location.line << ": " << d.message);
}

TEST_CASE("HELO names: a host name or an address literal", "[compiler][checks][network]")
{
    for (const char* accepted :
         {"mail.example.com", "mail.example.com.", "[192.0.2.1]", "[IPv6:2001:db8::1]", "[ipv6:::1]"}) {
        INFO(accepted);
        CHECK(check_text(std::string("smtp_helo_name = ") + accepted + "\n").all().empty());
        CHECK(check_text(std::string("lmtp_lhlo_name = ") + accepted + "\n").all().empty());
    }
    for (const char* refused : {"[2001:db8::1]", "[192.0.2]", "[mail.example.com]", "[192.0.2.1",
                                "mail server", "-mail.example.com", "mail.example.com.."}) {
        INFO(refused);
        const DiagnosticSink sink = check_text(std::string("smtp_helo_name = ") + refused + "\n");
        REQUIRE(sink.all().size() == 1);
        CHECK(sink.all().front().code == std::string(code::bad_hostname));
        CHECK(sink.all().front().severity == Severity::warning);
    }
}

TEST_CASE("inet_interfaces: all and loopback-only alone, addresses of enabled families",
          "[compiler][checks][network]")
{
    auto errors_at = [](const DiagnosticSink& sink) {
        std::vector<std::size_t> lines;
        for (const Diagnostic& d : sink.all())
            if (d.severity == Severity::error && d.code == std::string(code::bad_ip_address))
                lines.push_back(d.location.line);
        return lines;
    };
    CHECK(errors_at(check_text("inet_interfaces = all, 127.0.0.1\n")) == std::vector<std::size_t>{1});
    CHECK(errors_at(check_text("inet_interfaces = 127.0.0.1 loopback-only\n")) ==
          std::vector<std::size_t>{1});
    CHECK(errors_at(check_text("inet_protocols = ipv4\ninet_interfaces = 127.0.0.1, [::1]\n")) ==
          std::vector<std::size_t>{2});
    CHECK(errors_at(check_text("inet_protocols = ipv6\ninet_interfaces = 127.1\n")) ==
          std::vector<std::size_t>{2});
    // What Postfix accepts: the special words alone, an IPv4-mapped address under ipv4, the
    // numeric forms getaddrinfo takes, both families under all, and proxy_interfaces (which
    // postfix check does not read) left to the name checks.
    CHECK(errors_at(check_text("inet_interfaces = loopback-only\n")).empty());
    CHECK(errors_at(check_text("inet_protocols = ipv4\ninet_interfaces = ::ffff:127.0.0.1\n")).empty());
    CHECK(errors_at(check_text("inet_protocols = all\ninet_interfaces = 127.1, [::1], 192.0.2.1\n")).empty());
    CHECK(errors_at(check_text("inet_protocols = ipv4, ipv6\ninet_interfaces = ::1\n")).empty());
    CHECK(errors_at(check_text("inet_protocols = ipv4\nproxy_interfaces = ::1\n")).empty());
}

TEST_CASE("master.cf inet services as master reads them", "[compiler][network][master_cf]")
{
    // Each verdict as real master (Postfix 3.7) gave it on a one-line master.cf.
    for (const char* accepted : {"smtp", "2525", ":2598", "127.0.0.1:2525", "[::1]:2526",
                                 "::1:2591", "2a02:2308::6dc:0:1:smtp", "[ipv6:::1]:2592",
                                 "[127.0.0.1]:2597", "[localhost]:2599", "host.example:smtp"})
        CHECK(inet_service_problem(accepted) == "");
    const std::pair<const char*, const char*> refused[] = {
        {"[::1]", "missing service information"},
        {"[::1]:", "missing service information"},
        {"127.0.0.1:", "missing service information"},
        {"[::1", "missing \"]\""},
        {"[::1]x:2595", "garbage after \"]\""},
        {"[IPv6:1.2.3.4]:2593", "malformed IPv6 address"},
        {"a:b:2594", "valid hostname or network address required"},
        {"bad!host:2596", "valid hostname or network address required"},
        {"[]:25", "valid hostname or network address required"},
        {"127.0.0.1:25x", "garbage after numerical service"},
    };
    for (const auto& [service, problem] : refused) {
        INFO(service);
        CHECK(inet_service_problem(service) == problem);
    }
    CHECK(inet_service_host_port("::1:2591") == std::pair<std::string_view, std::string_view>("::1", "2591"));
    CHECK(inet_service_host_port("[IPv6:::1]:25") == std::pair<std::string_view, std::string_view>("::1", "25"));
    CHECK(inet_service_host_port("smtp") == std::pair<std::string_view, std::string_view>("", "smtp"));
}
