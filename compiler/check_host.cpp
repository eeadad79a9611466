// --host-checks ("this is the mail server"): what `postfix check` verifies against the host it
// runs on, which mfcc judges only when told that the host is the server, since a CI machine
// has neither the server's accounts nor its addresses nor its directories. Accounts are in
// host_accounts.cpp. inet_interfaces: each entry must resolve (getaddrinfo(3), for the
// families inet_protocols enables) to addresses of this host's interfaces; a name only where the
// static C library can look it up (name_service.hpp). Directories: those
// postfix(1) changes into (queue, command, daemon) and those postfix-script changes into
// (meta, shlib). Ownership and permissions of files are in host_files.cpp. Nothing here runs,
// or costs anything, without --host-checks.
#include <netdb.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include "compiler/checks.hpp"
#include "compiler/diagnostic_codes.hpp"
#include "compiler/host_accounts.hpp"
#include "compiler/host_files.hpp"
#include "compiler/interface_addresses.hpp"
#include "compiler/name_service.hpp"

namespace mf::compiler {

namespace {

constexpr const char* stops = "; every Postfix program stops";

SourceLocation location_of(const Configuration& config, const char* parameter)
{
    if (const Setting* setting = config.main_cf_setting(parameter))
        return setting->value_location;
    return {config.main_cf_path(), 0, 0};
}

struct Directory {
    const char* parameter;
    const char* postfix_says; // printf-style with the path, as Postfix words its fatal error
};

constexpr Directory directories[] = {
    {"queue_directory", "chdir(%s): No such file or directory"},
    {"command_directory", "chdir(%s): No such file or directory"},
    {"daemon_directory", "chdir(%s): No such file or directory"},
    {"meta_directory", "no Postfix meta directory %s!"},
    {"shlib_directory", "no Postfix shared-library directory %s!"},
};

void check_directories(const Configuration& config, DiagnosticSink& sink,
                       const CheckOptions& options)
{
    for (const Directory& directory : directories) {
        const std::string path = config.expand(directory.parameter);
        if (std::string_view(directory.parameter) == "shlib_directory" && path == "no")
            continue;
        struct stat info {};
        std::string problem;
        if (stat(options.resolve(path).c_str(), &info) != 0)
            problem = std::strerror(errno);
        else if (!S_ISDIR(info.st_mode))
            problem = "not a directory";
        if (problem.empty())
            continue;
        std::string said = directory.postfix_says;
        said.replace(said.find("%s"), 2, path);
        sink.report(Severity::error, location_of(config, directory.parameter),
                    std::string(directory.parameter) + " " + path + " is not a directory on "
                    "this host (" + problem + "): postfix check and postfix start stop (\"" +
                    said + "\")",
                    code::host_directory);
    }
}

class InterfaceChecker {
public:
    InterfaceChecker(const Configuration& config, DiagnosticSink& sink)
        : config_(config), sink_(sink)
    {
    }

    void run()
    {
        const Setting* setting = config_.main_cf_setting("inet_interfaces");
        if (!setting)
            return; // the default, all
        const std::string value = config_.expand("inet_interfaces");
        const std::vector<std::string_view> items = split_list(value);
        if (items.size() == 1 && (items[0] == "all" || items[0] == "loopback-only"))
            return;
        const std::string protocols = config_.expand("inet_protocols");
        for (std::string_view word : split_list(protocols)) {
            ipv4_ = ipv4_ || word == "all" || word == "ipv4";
            ipv6_ = ipv6_ || word == "all" || word == "ipv6";
        }
        if (!ipv4_ && !ipv6_)
            return; // inet_protocols itself is wrong: check_parameter_values' error
        local_ = interface_addresses();
        ExpansionLocator locate(*setting, value, &config_);
        for (std::string_view item : items) {
            // all and loopback-only in a list are check_network_values' errors.
            if (item == "all" || item == "loopback-only")
                continue;
            const Finding finding = check(item);
            if (finding.message.empty())
                continue;
            sink_.report(finding.severity,
                         locate.at(static_cast<std::size_t>(item.data() - value.data())),
                         finding.message, finding.code);
        }
    }

private:
    struct Finding {
        Severity severity = Severity::error;
        std::string message; // "" when there is nothing to say
        const char* code = code::host_interface;
    };

    // What Postfix stops with for one entry, or why it could not be judged.
    Finding check(std::string_view item)
    {
        std::string host(item);
        if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
            host = host.substr(1, host.size() - 2);
        addrinfo hints{};
        hints.ai_socktype = SOCK_STREAM;
        hints.ai_flags = AI_NUMERICHOST;
        addrinfo* found = nullptr;
        if (getaddrinfo(host.c_str(), nullptr, &hints, &found) == 0) {
            // A numeric address of a disabled family is check_network_values' error, except
            // that an IPv4-mapped address serves as IPv4 where only IPv4 is enabled.
            const int family = found->ai_family;
            freeaddrinfo(found);
            const bool mapped = family == AF_INET6 && host.find('.') != std::string::npos;
            if (mapped && !ipv6_)
                host = host.substr(host.rfind(':') + 1);
            else if (!mapped && !(family == AF_INET ? ipv4_ : ipv6_))
                return {};
        } else if (const std::string& foreign = foreign_hosts_services(); !foreign.empty()) {
            return {Severity::note,
                    "inet_interfaces: \"" + std::string(item) + "\" not checked: the hosts line "
                    "of /etc/nsswitch.conf names " + foreign + ", which mfcc cannot load",
                    code::host_name_service};
        }
        hints = {};
        hints.ai_socktype = SOCK_STREAM;
        hints.ai_family = ipv4_ && ipv6_ ? AF_UNSPEC : ipv6_ ? AF_INET6 : AF_INET;
        found = nullptr;
        if (getaddrinfo(host.c_str(), nullptr, &hints, &found) != 0)
            return {Severity::error,
                    "inet_interfaces: \"" + std::string(item) + "\" does not resolve on this "
                    "host to an address inet_protocols enables (Postfix: \"config variable "
                    "inet_interfaces: host not found: " + std::string(item) + "\")" + stops};
        std::string missing;
        for (const addrinfo* entry = found; entry && missing.empty(); entry = entry->ai_next)
            if (!is_local(*entry->ai_addr))
                missing = numeric_host(*entry);
        freeaddrinfo(found);
        if (missing.empty())
            return {};
        return {Severity::error,
                "inet_interfaces: no local interface found for " + missing +
                    (missing == item ? "" : " (an address of " + std::string(item) + ")") +
                    ": no network interface of this host has it, so master cannot listen "
                    "there" + stops};
    }

    bool is_local(const sockaddr& address) const
    {
        const unsigned char* bytes = nullptr;
        std::size_t size = 0;
        if (address.sa_family == AF_INET) {
            bytes = reinterpret_cast<const unsigned char*>(
                &reinterpret_cast<const sockaddr_in&>(address).sin_addr);
            size = 4;
        } else if (address.sa_family == AF_INET6) {
            bytes = reinterpret_cast<const unsigned char*>(
                &reinterpret_cast<const sockaddr_in6&>(address).sin6_addr);
            size = 16;
        } else {
            return false;
        }
        return std::any_of(local_.begin(), local_.end(), [&](const InterfaceAddress& local) {
            return local.family == address.sa_family &&
                   std::memcmp(local.bytes.data(), bytes, size) == 0;
        });
    }

    static std::string numeric_host(const addrinfo& entry)
    {
        char text[NI_MAXHOST] = {};
        if (getnameinfo(entry.ai_addr, entry.ai_addrlen, text, sizeof text, nullptr, 0,
                        NI_NUMERICHOST) != 0)
            return "?";
        return text;
    }

    const Configuration& config_;
    DiagnosticSink& sink_;
    bool ipv4_ = false;
    bool ipv6_ = false;
    std::vector<InterfaceAddress> local_;
};

} // namespace

void check_host(const Configuration& config, DiagnosticSink& sink, const CheckOptions& options)
{
    if (!options.host_checks)
        return;
    const AccountDirectory accounts = system_accounts();
    check_host_accounts(config, sink, accounts);
    InterfaceChecker(config, sink).run();
    check_directories(config, sink, options);
    check_host_files(config, sink, options, accounts);
}

} // namespace mf::compiler
