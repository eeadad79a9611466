// --host-checks, accounts (see host_accounts.hpp). Messages use mail_params_init's words, so
// that an administrator finds Postfix's own fatal error in them. Names that are wrong on every
// host (root, default_privs = mail_owner) are check_startup's, without --host-checks too.
#include "compiler/host_accounts.hpp"

#include <map>
#include <memory>

#include "compiler/diagnostic_codes.hpp"
#include "compiler/name_service.hpp"

namespace mf::compiler {

namespace {

constexpr const char* stops = "; every Postfix program stops";

class AccountChecker {
public:
    AccountChecker(const Configuration& config, DiagnosticSink& sink)
        : config_(config), sink_(sink)
    {
    }

    // The account a user parameter names, or nullopt after reporting why it is unusable.
    std::optional<HostAccount> user(const char* parameter, const AccountDirectory& accounts)
    {
        const std::string name = config_.expand(parameter);
        const std::optional<HostAccount> account = accounts.user(name);
        if (!account) {
            report({parameter}, std::string("parameter ") + parameter +
                                    ": unknown user name value: " + name +
                                    " (no such user on this host)" + stops,
                   code::host_unknown_account);
            return std::nullopt;
        }
        if (name != "root" && account->uid == 0)
            report({parameter}, std::string("parameter ") + parameter + ": user " + name +
                                    " has privileged user ID" + stops,
                   code::host_privileged_account);
        else if (name != "root" && account->gid == 0)
            report({parameter}, std::string("parameter ") + parameter + ": user " + name +
                                    " has privileged group ID" + stops,
                   code::host_privileged_account);
        return account;
    }

    std::optional<HostAccount> group(const char* parameter, const AccountDirectory& accounts)
    {
        const std::string name = config_.expand(parameter);
        const std::optional<HostAccount> account = accounts.group(name);
        if (!account) {
            report({parameter}, std::string("parameter ") + parameter + ": unknown group name: " +
                                    name + " (no such group on this host)" + stops,
                   code::host_unknown_account);
            return std::nullopt;
        }
        if (name != "root" && account->gid == 0)
            report({parameter}, std::string("parameter ") + parameter + ": group " + name +
                                    " has privileged group ID" + stops,
                   code::host_privileged_account);
        return account;
    }

    // Reported at the first of `parameters` that main.cf sets, as Postfix names them.
    void report(std::initializer_list<const char*> parameters, std::string message,
                const char* code)
    {
        SourceLocation where{config_.main_cf_path(), 0, 0};
        for (const char* parameter : parameters)
            if (const Setting* setting = config_.main_cf_setting(parameter)) {
                where = setting->value_location;
                break;
            }
        sink_.report(Severity::error, where, std::move(message), code);
    }

    std::string value(const char* parameter) const { return config_.expand(parameter); }

private:
    const Configuration& config_;
    DiagnosticSink& sink_;
};

} // namespace

AccountDirectory system_accounts()
{
    // Each lookup runs getent, and a run asks for mail_owner in several checks.
    using Cache = std::map<std::string, std::optional<HostAccount>>;
    const auto cached = [](auto look_up) {
        return [look_up, cache = std::make_shared<Cache>()](const std::string& name) {
            auto [entry, added] = cache->try_emplace(name);
            if (added)
                entry->second = look_up(name);
            return entry->second;
        };
    };
    AccountDirectory accounts;
    accounts.user = cached([](const std::string& name) -> std::optional<HostAccount> {
        const std::optional<NameServiceAccount> entry = name_service_user(name);
        if (!entry)
            return std::nullopt;
        return HostAccount{entry->id, entry->group_id};
    });
    accounts.group = cached([](const std::string& name) -> std::optional<HostAccount> {
        const std::optional<NameServiceAccount> entry = name_service_group(name);
        if (!entry)
            return std::nullopt;
        return HostAccount{0, entry->id};
    });
    return accounts;
}

void check_host_accounts(const Configuration& config, DiagnosticSink& sink,
                         const AccountDirectory& accounts)
{
    AccountChecker checker(config, sink);
    const auto owner = checker.user("mail_owner", accounts);
    const auto setgid = checker.group("setgid_group", accounts);
    const auto privs = checker.user("default_privs", accounts);
    const std::string owner_name = checker.value("mail_owner");
    const std::string privs_name = checker.value("default_privs");
    const std::string group_name = checker.value("setgid_group");
    if (privs && owner && privs_name != owner_name) {
        if (privs->uid == owner->uid)
            checker.report({"default_privs", "mail_owner"},
                           "parameters default_privs and mail_owner specify the same user: " +
                               privs_name + " and " + owner_name + " have user ID " +
                               std::to_string(privs->uid) + stops,
                           code::host_shared_id);
        else if (privs->gid == owner->gid)
            checker.report({"default_privs", "mail_owner"},
                           "parameters default_privs and mail_owner: users " + privs_name +
                               " and " + owner_name + " have the same group ID: " +
                               std::to_string(privs->gid) + stops,
                           code::host_shared_id);
    }
    if (owner && setgid && owner->gid == setgid->gid)
        checker.report({"mail_owner", "setgid_group"},
                       "parameters mail_owner and setgid_group: user " + owner_name +
                           " and group " + group_name + " have the same group ID: " +
                           std::to_string(owner->gid) + stops,
                       code::host_shared_id);
    if (privs && setgid && privs->gid == setgid->gid)
        checker.report({"default_privs", "setgid_group"},
                       "parameters default_privs and setgid_group: user " + privs_name +
                           " and group " + group_name + " have the same group ID: " +
                           std::to_string(privs->gid) + stops,
                       code::host_shared_id);
}

} // namespace mf::compiler
