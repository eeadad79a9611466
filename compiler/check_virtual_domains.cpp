// Virtual domains without the table that holds their users. With virtual_mailbox_domains set
// and virtual_mailbox_maps empty, smtpd accepts every recipient of those domains (it validates
// recipients only against a table that is there) and virtual(8) then bounces each message
// ("unknown user"); with virtual_alias_domains listing domains and virtual_alias_maps empty,
// smtpd rejects every recipient ("User unknown in virtual alias table"). Either way no mail for
// those domains is delivered, and Postfix says nothing until it arrives. An error, at the
// domain list. The mailbox case only where virtual_transport is the virtual(8) delivery agent:
// an LMTP server such as Dovecot knows its users itself.
#include "compiler/checks.hpp"
#include "compiler/diagnostic_codes.hpp"

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
            const std::string& consequence, DiagnosticSink& sink)
{
    const auto value = config.lookup(domains);
    if (!value || !value->setting)
        return;
    sink.report(Severity::error, value->setting->value_location,
                std::string(domains) + " lists domains, but " + table + " is empty: " +
                    consequence + "; no mail for them is delivered",
                code::virtual_domain_without_table);
}

} // namespace

void check_virtual_domains(const Configuration& config, DiagnosticSink& sink, const CheckOptions&)
{
    if (!is_empty(config, "virtual_mailbox_domains") && is_empty(config, "virtual_mailbox_maps") &&
        delivered_by_virtual(config))
        report(config, "virtual_mailbox_domains", "virtual_mailbox_maps",
               "smtpd accepts every recipient there and virtual(8) bounces each message "
               "(\"unknown user\")",
               sink);
    if (!is_empty(config, "virtual_alias_domains") && is_empty(config, "virtual_alias_maps"))
        report(config, "virtual_alias_domains", "virtual_alias_maps",
               "smtpd rejects every recipient there (\"User unknown in virtual alias table\")",
               sink);
}

} // namespace mf::compiler
