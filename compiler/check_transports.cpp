// Transports that master.cf does not run. The queue manager hands each message to the transport
// its address class names (default_transport, relay_transport, local_transport,
// virtual_transport; local(8)'s mailbox_transport and fallback_transport; content_filter for
// every message) by connecting to the socket private/NAME, which exists only while master.cf has
// a private unix service called NAME. Without one, qmgr logs "connect to transport private/NAME:
// No such file or directory" and defers the mail, again and again, until it expires. An error
// where the transport is in use (content_filter, default_transport, and the others while their
// class lists a domain or local(8) runs), a warning otherwise (nothing for a default not in
// use). The answers of transport_maps
// and sender_dependent_default_transport_maps are checked the same way, at their table line. A
// master.cf without any service is left alone (a main.cf checked on its own).
#include "compiler/checks.hpp"
#include "compiler/diagnostic_codes.hpp"
#include "compiler/table_values.hpp"
#include "compiler/transport_services.hpp"
#include "compiler/unique_reporter.hpp"

namespace mf::compiler {

namespace {

using Use = TransportParameter::Use;

// What becomes of the mail `parameter` hands to a transport master.cf does not run: qmgr
// connects to the transports it chooses, local(8) to its mailbox_transport and fallback.
std::string consequence(const Configuration& config, const TransportParameter& parameter,
                        const Service* scope, bool used, const std::string& transport)
{
    const bool local_passes = parameter.use == Use::where_local_runs ||
                              parameter.use == Use::where_local_falls_back;
    if (used)
        return local_passes ? "; local defers that mail (it cannot connect to private/" +
                                  transport + ")"
                            : "; qmgr defers that mail (\"mail transport unavailable\") until "
                              "it expires";
    if (parameter.use == Use::when_listed)
        return "; not in use now (" + std::string(parameter.list) + " is empty)";
    if (parameter.use == Use::where_local_falls_back && mailbox_transport_takes_all(config, scope))
        return "; not in use now (local hands every recipient to mailbox_transport before it "
               "would fall back)";
    return "; not in use now (master.cf runs no local service)";
}

void check_value(const Configuration& config, const TransportParameter& parameter,
                 const Service* scope, DiagnosticSink& sink)
{
    const auto value = config.lookup(parameter.name, scope);
    if (!value || (!value->setting && parameter.default_checked_elsewhere))
        return;
    const std::string text(trim_whitespace(config.expand(parameter.name, scope)));
    const std::string transport = text.substr(0, text.find(':'));
    const auto unavailable = transport_unavailable(config, transport);
    if (!unavailable)
        return;
    const SourceLocation where = value->setting ? value->setting->value_location
                                                : SourceLocation{config.master_cf_path(), 0, 0};
    const bool used = transport_parameter_in_use(config, parameter, scope);
    // A default naming a transport that gets no mail (virtual_transport in a relay's trimmed
    // master.cf) is nothing the administrator wrote, and nothing happens.
    if (!used && !value->setting)
        return;
    sink.report(used ? Severity::error : Severity::warning, where,
                std::string(parameter.name) + " names transport " + transport + *unavailable +
                    consequence(config, parameter, scope, used, transport),
                code::transport_not_in_master);
}

// transport_maps and sender_dependent_default_transport_maps answer transport:nexthop (the
// whole answer is the transport when it has no ':'); each transport they name must run too.
void check_transport_tables(const Configuration& config, const CheckOptions& options,
                            DiagnosticSink& sink)
{
    UniqueReporter reporter(sink);
    for_each_table_answer_of(
        config, options, {"transport_maps", "sender_dependent_default_transport_maps"},
        [&](const NamedTableAnswer& named) {
            const std::string_view answer = trim_whitespace(named.answer.value);
            const std::string_view transport = answer.substr(0, answer.find(':'));
            if (const auto unavailable = transport_unavailable(config, transport))
                reporter.report(Severity::error, named.location(),
                                named.label() + "transport " + std::string(transport) +
                                    *unavailable +
                                    "; qmgr defers that mail (\"mail transport unavailable\") "
                                    "until it expires",
                                code::transport_not_in_master);
        });
}

} // namespace

void check_transports(const Configuration& config, DiagnosticSink& sink,
                      const CheckOptions& options)
{
    if (config.services().empty())
        return;
    check_transport_tables(config, options, sink);
    for (const TransportParameter& parameter : transport_parameters()) {
        check_value(config, parameter, nullptr, sink);
        for (const Service& service : config.services())
            if (service.override_for(parameter.name))
                check_value(config, parameter, &service, sink);
    }
}

} // namespace mf::compiler
