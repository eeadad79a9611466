// --host-checks, accounts: what mail_params_init, run by every Postfix program at start-up,
// verifies of mail_owner, default_privs and setgid_group against the host's name service. The
// users must exist and have neither user ID 0 nor group ID 0, the group must exist and not have
// group ID 0, default_privs must not have mail_owner's user ID, and the three must have three
// different group IDs. The accounts come through AccountDirectory, so that tests can give a
// host's accounts that the test machine lacks (two names with one user ID).
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "compiler/configuration.hpp"
#include "compiler/diagnostic.hpp"

namespace mf::compiler {

struct HostAccount {
    unsigned long uid = 0; // users only
    unsigned long gid = 0; // the user's primary group, or the group's ID
};

struct AccountDirectory {
    std::function<std::optional<HostAccount>(const std::string&)> user;  // as getpwnam(3)
    std::function<std::optional<HostAccount>(const std::string&)> group; // as getgrnam(3)
};

// The host's accounts, as getpwnam(3) and getgrnam(3) give them (through getent(1), see
// name_service.hpp).
AccountDirectory system_accounts();

void check_host_accounts(const Configuration& config, DiagnosticSink& sink,
                         const AccountDirectory& accounts);

} // namespace mf::compiler
