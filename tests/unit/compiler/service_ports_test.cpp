// The services-file reader behind master.cf's symbolic ports, against getservbyname() as the
// oracle for the names a master.cf uses, and on lines of every shape a services file has.
#include <catch2/catch.hpp>
#include <netdb.h>
#include <netinet/in.h>

#include "compiler/service_ports.hpp"

using mf::compiler::tcp_port_in_services;
using mf::compiler::tcp_service_port;

TEST_CASE("services lines: names, aliases, protocols, comments", "[compiler][service_ports]")
{
    const std::string_view text = "# a comment\n"
                                  "\n"
                                  "smtp\t\t25/tcp\t\tmail\n"
                                  "domain 53/udp\n"
                                  "submission  587/tcp  # Submission [RFC4409]\n"
                                  "bad  99999/tcp\n"
                                  "worse  12x/tcp\n"
                                  "last 2525/tcp alias-one alias-two";
    CHECK(tcp_port_in_services(text, "smtp") == 25);
    CHECK(tcp_port_in_services(text, "mail") == 25);
    CHECK(tcp_port_in_services(text, "submission") == 587);
    CHECK_FALSE(tcp_port_in_services(text, "domain")); // udp only
    CHECK_FALSE(tcp_port_in_services(text, "Submission")); // case-sensitive, as the C library
    CHECK_FALSE(tcp_port_in_services(text, "Submission [RFC4409]"));
    CHECK_FALSE(tcp_port_in_services(text, "RFC4409]"));
    CHECK_FALSE(tcp_port_in_services(text, "bad"));
    CHECK_FALSE(tcp_port_in_services(text, "worse"));
    CHECK(tcp_port_in_services(text, "alias-two") == 2525);
    CHECK_FALSE(tcp_port_in_services(text, ""));
    CHECK_FALSE(tcp_port_in_services("", "smtp"));
}

TEST_CASE("/etc/services as getservbyname reads it", "[compiler][service_ports]")
{
    for (const char* name : {"smtp", "submission", "submissions", "smtps", "lmtp", "mail", "ssmtp",
                             "imap", "pop3", "http", "no-such-service-here"}) {
        INFO(name);
        const servent* entry = getservbyname(name, "tcp");
        const auto ours = tcp_service_port(name);
        REQUIRE(ours.has_value() == (entry != nullptr));
        if (entry)
            CHECK(*ours == ntohs(static_cast<std::uint16_t>(entry->s_port)));
    }
}
