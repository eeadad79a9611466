// master.cf semantics: endpoint keys and the daemon tables.
#include <catch2/catch.hpp>

#include "compiler/master_semantics.hpp"

using namespace mf::compiler;

TEST_CASE("inet endpoints are canonicalised as master does", "[master]")
{
    const KnownTcpPorts none;
    CHECK(master_endpoint_key("smtp", "inet", false, none) ==
          master_endpoint_key("25", "inet", false, none));
    CHECK(master_endpoint_name("smtp", "inet", false, none) == "25");
    CHECK(master_endpoint_name("submission", "inet", false, none) == "587");
    CHECK(master_endpoint_name("127.0.0.1:2525", "inet", false, none) == "[127.0.0.1]:2525");
    CHECK(master_endpoint_name("[::1]:smtp", "inet", false, none) == "[::1]:25");
    CHECK(master_endpoint_name("[0:0::1]:25", "inet", false, none) == "[::1]:25");
    CHECK(master_endpoint_name("localhost:025", "inet", false, none) == "[localhost]:25");
    CHECK(master_endpoint_key("smtp", "inet", false, none) !=
          master_endpoint_key("smtp", "unix", true, none));
    CHECK(master_endpoint_key("smtp", "unix", true, none) !=
          master_endpoint_key("smtp", "unix", false, none));
    CHECK(master_endpoint_name("cleanup", "unix", false, none) == "public/cleanup");
    CHECK(master_endpoint_name("no-such-service-name", "inet", false, none) ==
          "no-such-service-name");
}

TEST_CASE("known_tcp_ports names come before the services database", "[master]")
{
    const KnownTcpPorts known("lmtp=24, smtp=25, mfalt = mfalt2 = 2599");
    CHECK(master_endpoint_name("mfalt", "inet", false, known) == "2599");
    CHECK(master_endpoint_name("127.0.0.1:mfalt2", "inet", false, known) == "[127.0.0.1]:2599");
    CHECK(master_endpoint_key("mfalt", "inet", false, known) ==
          master_endpoint_key("2599", "inet", false, known));
    CHECK(master_inet_port("[::1]:mfalt", known) == 2599u);
    CHECK_FALSE(master_inet_port("mfother", known));
    // A name main.cf maps elsewhere is no longer the services database's port.
    const KnownTcpPorts moved("smtp=2525");
    CHECK(master_inet_port("smtp", moved) == 2525u);
}

TEST_CASE("daemon tables", "[master]")
{
    CHECK(is_postfix_daemon("smtpd"));
    CHECK(is_postfix_daemon("trivial-rewrite"));
    CHECK_FALSE(is_postfix_daemon("smtpd2"));
    CHECK_FALSE(is_postfix_daemon("master"));
    CHECK(needs_single_process("qmgr"));
    CHECK_FALSE(needs_single_process("smtpd"));
    CHECK(acts_on_wakeup("pickup"));
    CHECK_FALSE(acts_on_wakeup("smtpd"));
    CHECK(needs_argv_attribute("pipe"));
    CHECK_FALSE(needs_argv_attribute("local"));
}
