#include "compiler/parameter_readers.hpp"

#include <algorithm>
#include <vector>

#include "compiler/catalog.hpp"
#include "compiler/configuration.hpp"
#include "compiler/tls_level.hpp"
#include "compiler/transport_services.hpp"
#include "util/ascii.hpp"

namespace mf::compiler {

namespace {

// "postscreen", "cleanup or smtpd", "cleanup, proxymap or smtpd".
std::string joined(const std::vector<std::string_view>& words, std::string_view last_separator)
{
    std::string out;
    for (std::size_t i = 0; i < words.size(); ++i) {
        if (i > 0)
            out += i + 1 == words.size() ? last_separator : std::string_view(", ");
        out += words[i];
    }
    return out;
}

// Whether `service`'s daemon, one that reads the TLS library's parameters when it turns TLS on
// (smtpd, smtp, lmtp), leaves TLS off there.
bool tls_off_in(const Configuration& config, const Service& service)
{
    const std::string_view daemon = service.command_basename();
    if (daemon == "smtpd")
        return smtpd_tls_level(config, &service) == "none" &&
               !config.is_yes("smtpd_tls_wrappermode", &service);
    if (daemon == "smtp" || daemon == "lmtp")
        return !client_can_use_tls(config, daemon, &service);
    return false;
}

// local(8) and virtual(8) start only when the queue manager hands them mail. A service of
// theirs gets none when no transport parameter in use names it and no transport table (whose
// answers are not read here) could, in main.cf or an -o.
bool delivery_agent_without_mail(const Configuration& config, const Service& service)
{
    const std::string_view daemon = service.command_basename();
    if ((daemon != "local" && daemon != "virtual") ||
        transport_receives_mail(config, service.name.text))
        return false;
    return !transport_table_set(config, "transport_maps") &&
           !transport_table_set(config, "sender_dependent_default_transport_maps");
}

} // namespace

std::string unread_by_its_daemon(const Configuration& config, std::string_view parameter,
                                 const Service* service)
{
    const CatalogEntry* entry = config.catalog_entry(parameter);
    if (!entry || entry->readers.empty() || !config.has_master_cf())
        return {};
    // <transport>_time_limit: pipe and spawn each read the one of the service they run as.
    const bool own_service_only = !find_parameter(parameter) && entry->name == "time_limit";
    const std::string_view transport =
        parameter.substr(0, parameter.size() - std::min(parameter.size(), entry->name.size() + 1));
    // "*posttls-finger": a program outside master.cf, which reads main.cf alone; "smtpd+tls": a
    // daemon that reads it only when it uses TLS (the TLS library's own parameters).
    struct Reader {
        std::string_view daemon;
        bool tls_only;
    };
    constexpr std::string_view tls_suffix = "+tls";
    std::vector<std::string_view> programs, daemon_names;
    std::vector<Reader> readers;
    bool read_outside_master = false;
    for (std::string_view word : split_list(entry->readers)) {
        if (word.starts_with('*')) {
            read_outside_master = true;
            programs.push_back(word.substr(1));
            continue;
        }
        const bool tls_only = word.ends_with(tls_suffix);
        readers.push_back({tls_only ? word.substr(0, word.size() - tls_suffix.size()) : word,
                           tls_only});
        daemon_names.push_back(readers.back().daemon);
        programs.push_back(readers.back().daemon);
    }
    auto reader_of = [&](const Service& each) -> const Reader* {
        if (own_service_only && each.name.text != transport)
            return nullptr;
        for (const Reader& reader : readers)
            if (reader.daemon == each.command_basename())
                return &reader;
        return nullptr;
    };
    std::string why = "only " + joined(programs, " and ") +
                      (programs.size() == 1 ? " reads " : " read ") + std::string(parameter) +
                      ", and ";
    if (!service) {
        if (read_outside_master)
            return {};
        bool runs_a_reader = false;
        for (const Service& each : config.services()) {
            if (each.superseded() || !reader_of(each))
                continue;
            if (!delivery_agent_without_mail(config, each))
                return {};
            runs_a_reader = true;
        }
        if (runs_a_reader)
            return why + "no transport in use hands mail to master.cf's " +
                   joined(daemon_names, " or ") + " service, so " +
                   (daemon_names.size() == 1 ? "it never starts" : "they never start");
        return why + "master.cf runs no " + joined(daemon_names, " or ") + " service";
    }
    if (const Reader* reader = reader_of(*service)) {
        if (reader->tls_only && tls_off_in(config, *service))
            return std::string(reader->daemon) + " reads " + std::string(parameter) +
                   " only when it uses TLS, and service " + service->key() +
                   " does not, so this -o has no effect";
        return {};
    }
    if (readers.empty())
        return why + "no service runs " + joined(programs, " or ") + ", so this -o has no effect";
    if (own_service_only)
        return "only the " + joined(daemon_names, " or ") + " service named " +
               std::string(transport) + " reads " + std::string(parameter) + ", and service " +
               service->key() + " is not that service, so this -o has no effect";
    return why + "service " + service->key() + " is not " + joined(daemon_names, " or ") +
           ", so this -o has no effect";
}

} // namespace mf::compiler
