// The host's name service for --host-checks: users and groups through getent(1), compared with
// what the C library's own getpwnam/getgrnam say in this (dynamically linked) test program, and
// the reading of nsswitch.conf's hosts lines.
#include <catch2/catch.hpp>

#include <grp.h>
#include <pwd.h>

#include "compiler/name_service.hpp"

using namespace mf::compiler;

TEST_CASE("users and groups come from getent as getpwnam and getgrnam give them", "[name_service]")
{
    for (const char* name : {"root", "nobody", "daemon"}) {
        const passwd* expected = getpwnam(name);
        REQUIRE(expected != nullptr);
        const auto user = name_service_user(name);
        REQUIRE(user);
        CHECK(user->id == expected->pw_uid);
        CHECK(user->group_id == expected->pw_gid);
    }
    for (const char* name : {"root", "nogroup", "daemon"}) {
        const group* expected = getgrnam(name);
        REQUIRE(expected != nullptr);
        const auto found = name_service_group(name);
        REQUIRE(found);
        CHECK(found->id == expected->gr_gid);
    }
}

TEST_CASE("a name the name service does not know is no account", "[name_service]")
{
    CHECK_FALSE(name_service_user("mf-no-such-user"));
    CHECK_FALSE(name_service_group("mf-no-such-group"));
    // Nor is what getent would read as a second argument or an option.
    CHECK_FALSE(name_service_user("root nobody"));
    CHECK_FALSE(name_service_user(""));
    CHECK_FALSE(name_service_user("-s"));
    // getent takes a number for an ID; getpwnam and getgrnam take it for a name.
    CHECK_FALSE(name_service_user("0"));
    CHECK_FALSE(name_service_group("0"));
}

TEST_CASE("hosts services the static C library cannot run", "[name_service]")
{
    CHECK(foreign_hosts_services("hosts:          files dns\n") == "");
    CHECK(foreign_hosts_services("passwd: files systemd\nhosts: files dns\n") == "");
    CHECK(foreign_hosts_services("# no hosts line: glibc's default, dns and files\n") == "");
    CHECK(foreign_hosts_services("") == "");
    CHECK(foreign_hosts_services(
              "hosts: files mdns4_minimal [NOTFOUND=return] dns myhostname\n") ==
          "mdns4_minimal myhostname");
    CHECK(foreign_hosts_services("hosts: resolve [!UNAVAIL=return] files\n") == "resolve");
    CHECK(foreign_hosts_services("hosts:files[SUCCESS=return]dns # myhostname\n") == "");
    CHECK(foreign_hosts_services("  hosts:\tfiles sss\r\n") == "sss");
    CHECK(foreign_hosts_services("#hosts: files ldap\nhostsx: nis\nhosts: dns\n") == "");
    CHECK(foreign_hosts_services("hosts: files\nhosts: dns wins\n") == "wins");
}
