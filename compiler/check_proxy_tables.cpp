// proxy: tables that proxymap(8) refuses (proxy-table-unapproved). proxymap opens a table for
// a client only when its proxy_read_maps (proxy_write_maps for proxywrite, which serves the
// caches that are written) names it with the proxy: prefix, as proxymap expands that
// parameter: with main.cf's values and the proxymap service's own -o overrides, never those of
// the client's service. Any other table gets "request for unapproved table" in proxymap's log
// and "fatal: proxymap service is not configured for table" in the client, which stops: smtpd
// before it greets anyone, since it opens its tables at start-up. The default proxy_read_maps
// names the tables of Postfix's own parameters, so the tables that fall through are those of
// restriction classes, of -o overrides (the smtpd service's own smtpd_*_restrictions) and of
// parameters a main.cf proxy_read_maps leaves out. Nested unionmap/pipemap tables are left alone.
#include <optional>
#include <set>
#include <string>

#include "compiler/checks.hpp"
#include "compiler/diagnostic_codes.hpp"
#include "compiler/parameter_readers.hpp"
#include "compiler/postfix_list_split.hpp"
#include "compiler/table_reference.hpp"
#include "compiler/unique_reporter.hpp"

namespace mf::compiler {

namespace {

constexpr std::string_view proxy_prefix = "proxy:";

std::string_view without_proxy_prefix(std::string_view name)
{
    while (name.starts_with(proxy_prefix))
        name.remove_prefix(proxy_prefix.size());
    return name;
}

// The caches written through proxywrite; every other proxy: table is read through proxymap.
bool written_through_proxy(std::string_view parameter)
{
    return parameter == "address_verify_map" || parameter == "postscreen_cache_map" ||
           parameter == "smtp_sasl_auth_cache_name" || parameter == "lmtp_sasl_auth_cache_name";
}

// What one proxymap service approves: the proxy: entries of its proxy_read_maps or
// proxy_write_maps, without the prefix. `parameter` empty: master.cf does not run the service.
struct ProxyService {
    std::string parameter;
    std::string service;
    std::set<std::string, std::less<>> approved;
};

ProxyService proxy_service(const Configuration& config, const char* name_parameter,
                           const char* maps_parameter)
{
    ProxyService proxy;
    proxy.service = config.expand(name_parameter);
    const Service* service = config.find_service(proxy.service, "unix");
    if (!config.services().empty() && (!service || service->command_basename() != "proxymap"))
        return proxy;
    proxy.parameter = maps_parameter;
    for (const ListToken& word : split_postfix_list(config.expand(maps_parameter, service)).tokens)
        if (std::string_view(word.text).starts_with(proxy_prefix))
            proxy.approved.emplace(without_proxy_prefix(word.text));
    return proxy;
}

} // namespace

void check_proxy_tables(const Configuration& config, DiagnosticSink& sink, const CheckOptions&)
{
    // Expanding proxy_read_maps costs more than the rest: only once a proxy: table shows up.
    std::optional<ProxyService> reader;
    std::optional<ProxyService> writer;
    UniqueReporter reporter(sink);
    config.for_each_setting_in_force([&](const Setting& setting, const Service* service) {
        // Only a value that says proxy: or takes text from elsewhere can name a proxy: table.
        if ((setting.value.find(proxy_prefix) == std::string::npos &&
             setting.value.find('$') == std::string::npos) ||
            table_list_kind(config, setting.name, service) == TableListKind::none)
            return;
        const std::string value = config.expand_text(setting.value, service);
        if (value.find(proxy_prefix) == std::string::npos)
            return;
        const bool written = written_through_proxy(setting.name);
        std::optional<ProxyService>& cached = written ? writer : reader;
        if (!cached)
            cached = written ? proxy_service(config, "proxywrite_service_name", "proxy_write_maps")
                             : proxy_service(config, "proxymap_service_name", "proxy_read_maps");
        const ProxyService& proxy = *cached;
        if (proxy.parameter.empty())
            return;
        ExpansionLocator locate(setting, value, &config, service);
        for (const TableReference& table :
             parameter_table_references(config, setting.name, value, service)) {
            const TableTypeInfo* info = find_table_type(table.type);
            if (!table.proxied || table.inside_not_read ||
                (info && info->storage == TableStorage::composite))
                continue;
            const std::string_view requested = without_proxy_prefix(table.text);
            if (proxy.approved.contains(requested))
                continue;
            const std::string unread = unread_by_its_daemon(config, setting.name, service);
            reporter.report(
                unread.empty() ? Severity::error : Severity::warning,
                locate.at(table.offset),
                setting.name + ": " + table.text + " is not among the proxy: tables of " +
                    proxy.parameter + " (as the " + proxy.service + " service reads it, with "
                    "main.cf's values" + (service ? ", not this service's -o" : "") + "): " +
                    proxy.service + " refuses it (it logs: request for unapproved table: \"" +
                    std::string(requested) + "\"), and the daemon that opens it stops (\"fatal: " +
                    proxy.service + " service is not configured for table\"); list " +
                    table.text + " in " + proxy.parameter +
                    (unread.empty() ? "" : "; not an error yet: " + unread),
                code::proxy_table_unapproved);
        }
    });
}

} // namespace mf::compiler
