// master.cf semantics: endpoint keys and the daemon tables.
#include <catch2/catch.hpp>

#include "compiler/master_semantics.hpp"

using namespace mf::compiler;

TEST_CASE("inet endpoints are canonicalised as master does", "[master]")
{
    CHECK(master_endpoint_key("smtp", "inet", false) == master_endpoint_key("25", "inet", false));
    CHECK(master_endpoint_name("smtp", "inet", false) == "25");
    CHECK(master_endpoint_name("submission", "inet", false) == "587");
    CHECK(master_endpoint_name("127.0.0.1:2525", "inet", false) == "[127.0.0.1]:2525");
    CHECK(master_endpoint_name("[::1]:smtp", "inet", false) == "[::1]:25");
    CHECK(master_endpoint_name("[0:0::1]:25", "inet", false) == "[::1]:25");
    CHECK(master_endpoint_name("localhost:025", "inet", false) == "[localhost]:25");
    CHECK(master_endpoint_key("smtp", "inet", false) != master_endpoint_key("smtp", "unix", true));
    CHECK(master_endpoint_key("smtp", "unix", true) != master_endpoint_key("smtp", "unix", false));
    CHECK(master_endpoint_name("cleanup", "unix", false) == "public/cleanup");
    CHECK(master_endpoint_name("no-such-service-name", "inet", false) == "no-such-service-name");
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
