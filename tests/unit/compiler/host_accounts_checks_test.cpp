// --host-checks, accounts: the cases the test machine's accounts cannot show (two names with one
// user ID, an account with group ID 0), through a made-up account directory. The cases real
// accounts show are matched against real `postfix check` in tests/integration/53_host_checks.sh.
#include <catch2/catch.hpp>

#include <map>

#include "compiler/diagnostic_codes.hpp"
#include "compiler/host_accounts.hpp"
#include "tests/unit/compiler/config_fixture.hpp"

using namespace mf::compiler;
using mf::compiler::testing::ConfigFixture;
using mf::compiler::testing::has_code;

namespace {

AccountDirectory made_up_accounts()
{
    static const std::map<std::string, HostAccount> users = {
        {"postfix", {102, 105}}, {"nobody", {65534, 65534}}, {"postfix2", {102, 300}},
        {"toor", {0, 0}},        {"wheel", {50, 0}},        {"mailer", {60, 105}},
    };
    static const std::map<std::string, HostAccount> groups = {
        {"postdrop", {0, 106}}, {"admins", {0, 0}}, {"mailgrp", {0, 105}},
    };
    AccountDirectory accounts;
    accounts.user = [](const std::string& name) -> std::optional<HostAccount> {
        auto it = users.find(name);
        return it == users.end() ? std::nullopt : std::optional<HostAccount>(it->second);
    };
    accounts.group = [](const std::string& name) -> std::optional<HostAccount> {
        auto it = groups.find(name);
        return it == groups.end() ? std::nullopt : std::optional<HostAccount>(it->second);
    };
    return accounts;
}

DiagnosticSink check_accounts(const std::string& main_cf)
{
    ConfigFixture fixture(main_cf);
    DiagnosticSink sink;
    check_host_accounts(*fixture.config, sink, made_up_accounts());
    return sink;
}

} // namespace

TEST_CASE("host accounts: the defaults of a sound host pass", "[compiler][host]")
{
    CHECK(check_accounts("compatibility_level = 3.6\n").all().empty());
}

TEST_CASE("host accounts: default_privs with mail_owner's user ID under another name",
          "[compiler][host]")
{
    const auto sink = check_accounts("compatibility_level = 3.6\ndefault_privs = postfix2\n");
    REQUIRE(sink.all().size() == 1);
    CHECK(has_code(sink, code::host_shared_id, 2));
    CHECK(sink.all()[0].message.find("specify the same user") != std::string::npos);
}

TEST_CASE("host accounts: user or group ID 0 under a name other than root", "[compiler][host]")
{
    auto sink = check_accounts("compatibility_level = 3.6\nmail_owner = toor\n");
    CHECK(has_code(sink, code::host_privileged_account, 2));
    sink = check_accounts("compatibility_level = 3.6\ndefault_privs = wheel\n");
    CHECK(has_code(sink, code::host_privileged_account, 2));
    CHECK(sink.all()[0].message.find("privileged group ID") != std::string::npos);
    sink = check_accounts("compatibility_level = 3.6\nsetgid_group = admins\n");
    CHECK(has_code(sink, code::host_privileged_account, 2));
}

TEST_CASE("host accounts: shared group IDs, at the first parameter main.cf sets",
          "[compiler][host]")
{
    // mailer has postfix's group: reported at mail_owner's line when default_privs is unset.
    auto sink = check_accounts("compatibility_level = 3.6\ndefault_privs = mailer\n");
    CHECK(has_code(sink, code::host_shared_id, 2));
    sink = check_accounts("compatibility_level = 3.6\nsetgid_group = mailgrp\n");
    CHECK(has_code(sink, code::host_shared_id, 2));
    CHECK(sink.all()[0].message.find("mail_owner and setgid_group") != std::string::npos);
}

TEST_CASE("host accounts: unknown names, and unset ones at the file", "[compiler][host]")
{
    auto sink = check_accounts("compatibility_level = 3.6\nsetgid_group = nosuch\n");
    CHECK(has_code(sink, code::host_unknown_account, 2));
    sink = check_accounts("compatibility_level = 3.6\nmail_owner = postfix\n"
                          "default_privs = nosuch\n");
    CHECK(has_code(sink, code::host_unknown_account, 3));
    CHECK(sink.all().size() == 1);
}
