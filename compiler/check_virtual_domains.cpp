// Virtual domains without the table that holds their users. With virtual_mailbox_domains set
// and virtual_mailbox_maps empty, smtpd accepts every recipient of those domains (it validates
// recipients only against a table that is there) and virtual(8) then bounces each message
// ("unknown user"); with virtual_alias_domains listing domains and virtual_alias_maps empty,
// smtpd rejects every recipient ("User unknown in virtual alias table"). Either way no mail for
// those domains is delivered, and Postfix says nothing until it arrives. An error, at the
// domain list. The mailbox case only where virtual_transport is the virtual(8) delivery agent:
// an LMTP server such as Dovecot knows its users itself.
// Where virtual(8) delivers, it also needs the owner of each mailbox (virtual-mailbox-owner):
// a uid from virtual_uid_maps of at least virtual_minimum_uid and a gid from virtual_gid_maps
// above 0, each read as atol() reads it ("vmail" is 0). An empty map, or an answer below those
// bounds, makes virtual(8) defer every message ("mail system configuration error") until it
// expires. What virtual(8) would do is a warning while transport_maps is set: its answers may
// send those domains' mail to another transport (transport_services.hpp).
// static: answers are judged at main.cf, table answers at their line.
#include "compiler/checks.hpp"
#include "compiler/diagnostic_codes.hpp"
#include "compiler/table_values.hpp"
#include "compiler/transport_services.hpp"
#include "compiler/unique_reporter.hpp"

namespace mf::compiler {

namespace {

bool is_empty(const Configuration& config, const char* parameter)
{
    return trim_whitespace(config.expand(parameter)).empty();
}

// Whether virtual_transport names a master.cf service that runs virtual(8).
bool delivered_by_virtual(const Configuration& config)
{
    const std::string transport(trim_whitespace(config.expand("virtual_transport")));
    const Service* service = config.find_service(transport.substr(0, transport.find(':')), "unix");
    return service && service->command_basename() == "virtual";
}

void report(const Configuration& config, const char* domains, const char* table,
            const std::string& consequence, Severity severity, DiagnosticSink& sink)
{
    const auto value = config.lookup(domains);
    if (!value || !value->setting)
        return;
    sink.report(severity, value->setting->value_location,
                std::string(domains) + " lists domains, but " + table + " is empty: " +
                    consequence + "; no mail for them is delivered",
                code::virtual_domain_without_table);
}

// The number atol() reads: blanks, a sign, then digits up to the first other character.
long long leading_number(std::string_view text)
{
    std::size_t at = 0;
    while (at < text.size() && (text[at] == ' ' || text[at] == '\t'))
        ++at;
    bool negative = false;
    if (at < text.size() && (text[at] == '-' || text[at] == '+'))
        negative = text[at++] == '-';
    long long number = 0;
    for (; at < text.size() && text[at] >= '0' && text[at] <= '9'; ++at)
        number = std::min(number * 10 + (text[at] - '0'), 1LL << 40);
    return negative ? -number : number;
}

struct OwnerMap {
    const char* parameter;
    const char* what; // "uid" or "gid"
};

// Why virtual(8) refuses `answer` as the mailbox's uid or gid; nullopt when it takes it.
std::optional<std::string> owner_problem(const OwnerMap& map, std::string_view answer,
                                         long long minimum_uid)
{
    const long long number = leading_number(answer);
    const bool uid = std::string_view(map.what) == "uid";
    if (uid ? number >= minimum_uid : number > 0)
        return std::nullopt;
    return "\"" + std::string(answer) + "\" is read as " + map.what + " " + std::to_string(number) +
           (uid ? ", below virtual_minimum_uid (" + std::to_string(minimum_uid) + ")"
                : std::string(", and a gid must be above 0")) +
           ": virtual(8) logs \"bad " + map.what + "\" and defers every message for those "
           "mailboxes (\"mail system configuration error\") until it expires";
}

void check_mailbox_owners(const Configuration& config, const CheckOptions& options,
                          const ParameterDelivery& delivery, DiagnosticSink& sink)
{
    constexpr OwnerMap maps[] = {{"virtual_uid_maps", "uid"}, {"virtual_gid_maps", "gid"}};
    const long long minimum_uid = leading_number(config.expand("virtual_minimum_uid"));
    UniqueReporter reporter(sink);
    for (const OwnerMap& map : maps) {
        const std::string value(trim_whitespace(config.expand(map.parameter)));
        if (value.empty()) {
            const auto domains = config.lookup("virtual_mailbox_domains");
            reporter.report(delivery.severity, domains->setting->value_location,
                            std::string("virtual(8) delivers virtual_mailbox_domains, but ") +
                                map.parameter + " is empty: it logs \"not found in " +
                                map.parameter + "\" and defers every message (\"mail system "
                                "configuration error\") until it expires" +
                                std::string(delivery.caveat),
                            code::virtual_mailbox_owner);
            continue;
        }
        // static:NUMBER, the usual form, is judged where main.cf writes it.
        const auto setting = config.lookup(map.parameter);
        std::optional<ExpansionLocator> locate;
        if (setting && setting->setting)
            locate.emplace(*setting->setting, value, &config);
        for (const TableReference& table :
             parameter_table_references(config, map.parameter, value, nullptr)) {
            if (table.type != "static")
                continue;
            std::string_view answer = table.name;
            if (answer.size() >= 2 && answer.front() == '{' && answer.back() == '}')
                answer = trim_whitespace(answer.substr(1, answer.size() - 2));
            if (const auto problem = owner_problem(map, answer, minimum_uid))
                reporter.report(delivery.severity,
                                locate ? locate->at(table.offset) : SourceLocation{},
                                std::string(map.parameter) + ": static:" + table.name + ": " +
                                    *problem + std::string(delivery.caveat),
                                code::virtual_mailbox_owner);
        }
    }
    for_each_configured_table_answer(
        config, options,
        [](const Setting& setting, const Service* service) -> std::optional<std::string> {
            if (service || (setting.name != "virtual_uid_maps" && setting.name != "virtual_gid_maps"))
                return std::nullopt;
            return setting.name;
        },
        [&](const NamedTableAnswer& named) {
            const OwnerMap& map = named.setting.name == maps[0].parameter ? maps[0] : maps[1];
            if (const auto problem = owner_problem(map, named.answer.value, minimum_uid))
                reporter.report(delivery.severity, named.location(),
                                named.label() + *problem + std::string(delivery.caveat),
                                code::virtual_mailbox_owner);
        });
}

} // namespace

void check_virtual_domains(const Configuration& config, DiagnosticSink& sink,
                           const CheckOptions& options)
{
    const ParameterDelivery delivery = parameter_delivery(config);
    if (!is_empty(config, "virtual_mailbox_domains") && delivered_by_virtual(config) &&
        config.lookup("virtual_mailbox_domains")->setting)
        check_mailbox_owners(config, options, delivery, sink);
    if (!is_empty(config, "virtual_mailbox_domains") && is_empty(config, "virtual_mailbox_maps") &&
        delivered_by_virtual(config))
        report(config, "virtual_mailbox_domains", "virtual_mailbox_maps",
               "smtpd accepts every recipient there and virtual(8) bounces each message "
               "(\"unknown user\")" + std::string(delivery.caveat),
               delivery.severity, sink);
    if (!is_empty(config, "virtual_alias_domains") && is_empty(config, "virtual_alias_maps"))
        report(config, "virtual_alias_domains", "virtual_alias_maps",
               "smtpd rejects every recipient there (\"User unknown in virtual alias table\")",
               Severity::error, sink);
}

} // namespace mf::compiler
