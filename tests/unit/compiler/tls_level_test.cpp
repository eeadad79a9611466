// The TLS level smtpd and the smtp/lmtp clients apply as their services read the settings
// (tls_level.hpp), and whether master runs a service chrooted (service_chroot.hpp): the level
// when set, else the legacy switches in the order smtpd(8) and smtp(8) follow; chroot `-`
// by compatibility_level.
#include <catch2/catch.hpp>

#include "compiler/service_chroot.hpp"
#include "compiler/tls_level.hpp"
#include "tests/unit/compiler/config_fixture.hpp"

using namespace mf::compiler;
using mf::compiler::testing::ConfigFixture;

namespace {

std::string client_level(const std::string& main_cf)
{
    ConfigFixture fixture("compatibility_level = 3.6\n" + main_cf);
    REQUIRE(fixture.config);
    return client_tls_level(*fixture.config, "smtp", nullptr);
}

} // namespace

TEST_CASE("client TLS level: the level, else the legacy switches", "[compiler][tls]")
{
    CHECK(client_level("") == "none");
    CHECK(client_level("smtp_tls_security_level = Encrypt\nsmtp_use_tls = yes\n") == "encrypt");
    CHECK(client_level("smtp_use_tls = yes\n") == "may");
    CHECK(client_level("smtp_enforce_tls = yes\n") == "verify");
    CHECK(client_level("smtp_enforce_tls = yes\nsmtp_tls_enforce_peername = no\n") == "encrypt");
}

TEST_CASE("client TLS: a policy table can start TLS at level none", "[compiler][tls]")
{
    ConfigFixture none("smtp_tls_security_level = none\n");
    REQUIRE(none.config);
    CHECK_FALSE(client_can_use_tls(*none.config, "smtp", nullptr));
    ConfigFixture table("smtp_tls_security_level = none\n"
                        "smtp_tls_policy_maps = hash:/etc/postfix/tls_policy\n");
    REQUIRE(table.config);
    CHECK(client_can_use_tls(*table.config, "smtp", nullptr));
}

TEST_CASE("smtpd TLS level: enforce is encrypt", "[compiler][tls]")
{
    ConfigFixture legacy("smtpd_enforce_tls = yes\n");
    REQUIRE(legacy.config);
    CHECK(smtpd_tls_level(*legacy.config, nullptr) == "encrypt");
    ConfigFixture none("");
    REQUIRE(none.config);
    CHECK(smtpd_tls_level(*none.config, nullptr) == "none");
}

TEST_CASE("chroot `-` is y below compatibility_level 1 only", "[compiler][master]")
{
    const std::string master = "smtp inet n - - - - smtpd\nlmtp unix - - y - - lmtp\n";
    ConfigFixture old_level("compatibility_level = 0\n", &master);
    REQUIRE(old_level.config);
    CHECK(chroot_by_default(*old_level.config));
    ConfigFixture new_level("compatibility_level = 3.6\n", &master);
    REQUIRE(new_level.config);
    CHECK_FALSE(chroot_by_default(*new_level.config));
    const Service* smtp = new_level.config->find_service("smtp", "inet");
    const Service* lmtp = new_level.config->find_service("lmtp", "unix");
    REQUIRE(smtp);
    REQUIRE(lmtp);
    CHECK_FALSE(runs_chrooted(*smtp, false));
    CHECK(runs_chrooted(*smtp, true));
    CHECK(runs_chrooted(*lmtp, false));
}
