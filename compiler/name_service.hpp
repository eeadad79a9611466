// The host's name service (NSS) for --host-checks, as Postfix's programs see it. mfcc links the C
// library statically (see the Makefile), and a static glibc has only the NSS services built into
// it, files and dns: any other that /etc/nsswitch.conf names (systemd, sss, ldap, resolve) it
// would dlopen together with a second, shared C library, which glibc does not support and which
// crashed mfcc. So no lookup here lets the static C library load a module:
//  - users and groups come from getent(1), the system's own NSS client, whose passwd and group
//    databases are getpwnam(3) and getgrnam(3) exactly;
//  - host names are resolved in the process only when nsswitch.conf's hosts line names built-in
//    services alone (Debian's "files dns"); getent has no lookup with getaddrinfo's hints as
//    Postfix gives them, so otherwise the caller says what it could not check.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mf::compiler {

struct NameServiceAccount {
    unsigned long id = 0;       // user ID, or the group's ID
    unsigned long group_id = 0; // a user's primary group
};

// getent passwd NAME / getent group NAME: nullopt when the name service does not know the name.
// Throws std::runtime_error when getent cannot run or answers with something else than an entry.
std::optional<NameServiceAccount> name_service_user(const std::string& name);
std::optional<NameServiceAccount> name_service_group(const std::string& name);

// The services that the hosts lines of an nsswitch.conf text name and that the static C library
// cannot run itself, read as glibc reads the file (comments, [STATUS=action] items; no hosts
// line means glibc's default, dns and files); "" when files and dns are all they name.
std::string foreign_hosts_services(std::string_view nsswitch_conf);

// foreign_hosts_services of this host's /etc/nsswitch.conf (read once; a file that cannot be
// read is glibc's default, built-in services only).
const std::string& foreign_hosts_services();

} // namespace mf::compiler
