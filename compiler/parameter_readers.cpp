#include "compiler/parameter_readers.hpp"

#include <algorithm>
#include <vector>

#include "compiler/catalog.hpp"
#include "compiler/configuration.hpp"
#include "compiler/tls_level.hpp"

namespace mf::compiler {

namespace {

std::vector<std::string_view> words_of(std::string_view text)
{
    std::vector<std::string_view> words;
    while (!text.empty()) {
        const auto end = std::min(text.find(' '), text.size());
        if (end > 0)
            words.push_back(text.substr(0, end));
        text.remove_prefix(std::min(end + 1, text.size()));
    }
    return words;
}

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

} // namespace

std::string unread_by_its_daemon(const Configuration& config, std::string_view parameter,
                                 const Service* service)
{
    const CatalogEntry* entry = find_parameter(parameter);
    if (!entry || entry->readers.empty() || !config.has_master_cf())
        return {};
    // "*posttls-finger": a program outside master.cf, which reads main.cf alone.
    std::vector<std::string_view> programs, daemons;
    bool read_outside_master = false;
    for (std::string_view word : words_of(entry->readers)) {
        const bool outside = word.starts_with('*');
        read_outside_master |= outside;
        programs.push_back(outside ? word.substr(1) : word);
        if (!outside)
            daemons.push_back(word);
    }
    auto reads = [&daemons](const Service& each) {
        return std::find(daemons.begin(), daemons.end(), each.command_basename()) != daemons.end();
    };
    auto runs_and_reads = [&reads](const Service& each) { return !each.superseded && reads(each); };
    // The TLS library's parameters (posttls-finger reads them): a daemon only with TLS on.
    const bool tls_library = std::find(programs.begin(), programs.end(), "posttls-finger") !=
                             programs.end();
    if (service && tls_library && reads(*service) && tls_off_in(config, *service))
        return "smtpd, smtp, lmtp and tlsproxy read " + std::string(parameter) +
               " only when they use TLS, and service " + service->key() +
               " does not, so this -o has no effect";
    if (service ? reads(*service)
                : read_outside_master || std::any_of(config.services().begin(),
                                                     config.services().end(), runs_and_reads))
        return {};
    std::string why = "only " + joined(programs, " and ") +
                      (programs.size() == 1 ? " reads " : " read ") + std::string(parameter) +
                      ", and ";
    if (!service)
        return why + "master.cf runs no " + joined(daemons, " or ") + " service";
    if (daemons.empty())
        return why + "no service runs " + joined(programs, " or ") + ", so this -o has no effect";
    return why + "service " + service->key() + " is not " + joined(daemons, " or ") +
           ", so this -o has no effect";
}

} // namespace mf::compiler
