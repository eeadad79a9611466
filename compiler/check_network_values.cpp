// Network values, checked after $ expansion the way the daemons parse them: every address
// match list (mynetworks, debug_peer_list, smtpd_authorized_xforward_hosts...: CIDR prefixes,
// host bits, [ipv6] forms), the listening and bind addresses, HELO names, SMTP next
// hops (relayhost, smtp_fallback_relay) and the single mail addresses Postfix sends notices
// to or from. postscreen_access_list may hold only its own actions and tables. inet_interfaces
// is judged as every Postfix program reads it at start-up, in what is wrong on any host: all and
// loopback-only only alone (in a list they are looked up as host names), and numeric addresses
// only of a family inet_protocols enables. Diagnostics point at the element when the value was
// not changed by expansion, else at the value.
#include <netdb.h>
#include <netinet/in.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/checks.hpp"
#include "compiler/diagnostic_codes.hpp"
#include "compiler/parameter_readers.hpp"
#include "compiler/network_syntax.hpp"

namespace mf::compiler {

namespace {

enum class NetworkKind {
    address_list, // namadr/addr match list elements
    interfaces,   // inet_interfaces, proxy_interfaces
    ipv4_address,
    ipv6_address,
    helo_name,    // warning: receivers refuse it
    next_hop,
    next_hop_list,
    mail_address,
    access_list,  // postscreen_access_list
};

struct NetworkParameter {
    std::string_view name;
    NetworkKind kind;
};

constexpr NetworkParameter network_parameters[] = {
    {"mynetworks", NetworkKind::address_list},
    {"permit_mx_backup_networks", NetworkKind::address_list},
    {"smtpd_client_event_limit_exceptions", NetworkKind::address_list},
    {"debug_peer_list", NetworkKind::address_list},
    {"smtpd_authorized_xclient_hosts", NetworkKind::address_list},
    {"smtpd_authorized_xforward_hosts", NetworkKind::address_list},
    {"smtpd_authorized_verp_clients", NetworkKind::address_list},
    {"authorized_verp_clients", NetworkKind::address_list},
    {"smtpd_sasl_exceptions_networks", NetworkKind::address_list},
    {"qmqpd_authorized_clients", NetworkKind::address_list},
    {"smtpd_forbid_bare_newline_exclusions", NetworkKind::address_list},
    {"postscreen_allowlist_interfaces", NetworkKind::address_list},
    {"postscreen_whitelist_interfaces", NetworkKind::address_list},
    {"inet_interfaces", NetworkKind::interfaces},
    {"proxy_interfaces", NetworkKind::interfaces},
    {"smtp_bind_address", NetworkKind::ipv4_address},
    {"lmtp_bind_address", NetworkKind::ipv4_address},
    {"smtp_bind_address6", NetworkKind::ipv6_address},
    {"lmtp_bind_address6", NetworkKind::ipv6_address},
    {"smtp_helo_name", NetworkKind::helo_name},
    {"lmtp_lhlo_name", NetworkKind::helo_name},
    {"relayhost", NetworkKind::next_hop},
    {"smtp_fallback_relay", NetworkKind::next_hop_list},
    {"fallback_relay", NetworkKind::next_hop_list},
    {"double_bounce_sender", NetworkKind::mail_address},
    {"empty_address_recipient", NetworkKind::mail_address},
    {"2bounce_notice_recipient", NetworkKind::mail_address},
    {"bounce_notice_recipient", NetworkKind::mail_address},
    {"delay_notice_recipient", NetworkKind::mail_address},
    {"error_notice_recipient", NetworkKind::mail_address},
    {"postscreen_access_list", NetworkKind::access_list},
};

const NetworkParameter* network_parameter(std::string_view name)
{
    for (const NetworkParameter& parameter : network_parameters)
        if (parameter.name == name)
            return &parameter;
    return nullptr;
}

bool is_table(std::string_view item)
{
    const auto colon = item.find(':');
    return colon != std::string_view::npos && colon > 0 && item.front() != '[' &&
           !is_numeric_address(item, 6);
}

// The address families inet_protocols enables; "all" counts as both, as on a host with IPv6.
struct Families {
    bool ipv4 = false;
    bool ipv6 = false;
    bool known = true; // false: a word Postfix refuses (reported by the enumeration check)
};

Families enabled_families(std::string_view inet_protocols)
{
    Families families;
    for (std::string_view word : split_list(inet_protocols)) {
        if (word == "all")
            families.ipv4 = families.ipv6 = true;
        else if (word == "ipv4")
            families.ipv4 = true;
        else if (word == "ipv6")
            families.ipv6 = true;
        else
            families.known = false;
    }
    return families;
}

// An IPv4-mapped IPv6 address: Postfix reads it as IPv4 where only IPv4 is enabled, so either
// family serves.
constexpr int mapped_ipv4 = -1;

// AF_INET, AF_INET6 or mapped_ipv4 for a numeric address as getaddrinfo() reads it (127.1 is
// IPv4), else 0.
int numeric_family(std::string_view text)
{
    const std::string copy(text);
    addrinfo hints{};
    hints.ai_flags = AI_NUMERICHOST;
    addrinfo* found = nullptr;
    if (getaddrinfo(copy.c_str(), nullptr, &hints, &found) != 0)
        return 0;
    int family = found->ai_family;
    if (family == AF_INET6 &&
        IN6_IS_ADDR_V4MAPPED(&reinterpret_cast<const sockaddr_in6*>(found->ai_addr)->sin6_addr))
        family = mapped_ipv4;
    freeaddrinfo(found);
    return family;
}

class NetworkChecker {
public:
    NetworkChecker(DiagnosticSink& sink, const Setting& setting, std::string value)
        : sink_(sink), setting_(setting), value_(std::move(value))
    {
    }

    // inet_interfaces only: the value of inet_protocols in force beside it.
    void set_protocols(std::string protocols) { protocols_ = std::move(protocols); }
    // Why no daemon reads the value (unread_by_its_daemon): errors become warnings.
    void set_unread_reason(std::string reason) { unread_reason_ = std::move(reason); }

    void run(NetworkKind kind)
    {
        switch (kind) {
        case NetworkKind::address_list:
            for (std::string_view item : split_list(value_))
                if (item.front() != '{')
                    report_if(item, network_entry_problem(item), Severity::error, code::bad_cidr);
            break;
        case NetworkKind::interfaces: {
            const std::vector<std::string_view> items = split_list(value_);
            for (std::string_view item : items)
                interface(item, items.size());
            break;
        }
        case NetworkKind::ipv4_address:
        case NetworkKind::ipv6_address:
            if (!value_.empty() && !is_numeric_address(value_, kind == NetworkKind::ipv4_address ? 4 : 6))
                report_if(value_, "\"" + value_ + "\" is not a numeric IPv" +
                                      (kind == NetworkKind::ipv4_address ? "4" : "6") + " address",
                          Severity::error, code::bad_ip_address);
            break;
        case NetworkKind::helo_name:
            report_if(value_, helo_name_problem(value_), Severity::warning, code::bad_hostname);
            break;
        case NetworkKind::next_hop:
            if (!value_.empty())
                report_if(value_, next_hop_problem(value_), Severity::error, code::bad_next_hop);
            break;
        case NetworkKind::next_hop_list:
            for (std::string_view item : split_list(value_))
                report_if(item, next_hop_problem(item), Severity::error, code::bad_next_hop);
            break;
        case NetworkKind::mail_address:
            if (!value_.empty())
                report_if(value_, mail_address_problem(value_), Severity::error,
                          code::bad_mail_address);
            break;
        case NetworkKind::access_list:
            for (std::string_view item : split_list(value_))
                access_list_entry(item);
            break;
        }
    }

private:
    void interface(std::string_view item, std::size_t items)
    {
        if (item == "all" || item == "loopback-only") {
            if (items > 1 && protocols_)
                report_if(item, "\"" + std::string(item) + "\" is special only as the whole "
                                "value; in a list Postfix looks it up as a host name and every "
                                "program stops (\"host not found: " + std::string(item) +
                                "\"): write " + setting_.name + " = " + std::string(item) +
                                " alone, or list the addresses",
                          Severity::error, code::bad_ip_address);
            return;
        }
        std::string_view address = item;
        if (address.size() >= 2 && address.front() == '[' && address.back() == ']')
            address = address.substr(1, address.size() - 2);
        if (const int family = numeric_family(address); family != 0) {
            address_family(item, family);
            return;
        }
        if (is_numeric_address(address, 4) || is_numeric_address(address, 6))
            return;
        if (item.find('/') != std::string_view::npos)
            report_if(item, "\"" + std::string(item) + "\" is a network; " + setting_.name +
                                " takes addresses or host names",
                      Severity::error, code::bad_ip_address);
        else
            report_if(item, host_name_problem(item), Severity::error, code::bad_ip_address);
    }

    void address_family(std::string_view item, int family)
    {
        if (!protocols_)
            return;
        const Families families = enabled_families(*protocols_);
        const bool ipv4 = family == AF_INET;
        if (!families.known || family == mapped_ipv4 || (ipv4 ? families.ipv4 : families.ipv6))
            return;
        report_if(item, "\"" + std::string(item) + "\" is an IPv" + (ipv4 ? "4" : "6") +
                            " address, but inet_protocols = " + *protocols_ + " does not enable "
                            "IPv" + (ipv4 ? "4" : "6") + ": every Postfix program stops (\"host "
                            "not found: " + std::string(item) + "\"); add ipv" +
                            (ipv4 ? "4" : "6") + " to inet_protocols or remove the address",
                  Severity::error, code::bad_ip_address);
    }

    // postscreen's server_acl: permit, reject, dunno, permit_mynetworks or type:table.
    void access_list_entry(std::string_view item)
    {
        for (std::string_view action : {"permit", "reject", "dunno", "permit_mynetworks"})
            if (item == action)
                return;
        if (is_table(item))
            return;
        report_if(item,
                  "\"" + std::string(item) + "\" is not permit, reject, dunno, permit_mynetworks "
                  "or a type:table (networks go in a cidr: table)",
                  Severity::error, code::bad_cidr);
    }

    void report_if(std::string_view item, const std::string& problem, Severity severity,
                   const char* code)
    {
        if (problem.empty())
            return;
        SourceLocation where = setting_.value_location;
        const bool unexpanded = value_ == setting_.value;
        if (unexpanded && item.data() >= value_.data() &&
            item.data() <= value_.data() + value_.size())
            where = setting_.location_of(static_cast<std::size_t>(item.data() - value_.data()));
        std::string message = setting_.name + ": " + problem;
        if (!unexpanded)
            message += " (from " + setting_.name + " = " + setting_.value + ")";
        if (severity == Severity::error && !unread_reason_.empty()) {
            severity = Severity::warning;
            message += "; not an error yet: " + unread_reason_;
        }
        sink_.report(severity, where, std::move(message), code);
    }

    DiagnosticSink& sink_;
    const Setting& setting_;
    std::string value_;
    std::optional<std::string> protocols_;
    std::string unread_reason_;
};

void check_setting(const Configuration& config, const Setting& setting, const Service* service,
                   DiagnosticSink& sink)
{
    const NetworkParameter* parameter = network_parameter(setting.name);
    if (!parameter)
        return;
    std::vector<ExpansionProblem> problems;
    std::string value = config.expand_text(setting.value, service, &problems);
    for (const ExpansionProblem& problem : problems)
        if (problem.kind != ExpansionProblem::Kind::undefined)
            return; // reported by check_expansions
    NetworkChecker checker(sink, setting, std::move(value));
    if (setting.name == "inet_interfaces")
        checker.set_protocols(config.expand("inet_protocols", service));
    checker.set_unread_reason(unread_by_its_daemon(config, setting.name, service));
    checker.run(parameter->kind);
}

} // namespace

bool is_address_match_list(std::string_view parameter)
{
    const NetworkParameter* found = network_parameter(parameter);
    return found && found->kind == NetworkKind::address_list;
}

void check_network_values(const Configuration& config, DiagnosticSink& sink, const CheckOptions&)
{
    config.for_each_setting_in_force([&](const Setting& setting, const Service* service) {
        check_setting(config, setting, service, sink);
    });
}

} // namespace mf::compiler
