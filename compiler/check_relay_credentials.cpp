// The relayhost's entry in smtp_sasl_password_maps (relay-credentials-unmatched). smtp(8) looks
// up the credentials for a server first by the server's host name, then by the next-hop
// destination exactly as relayhost writes it (smtp_sasl_glue.c): for relayhost =
// [smtp.example.com]:587 the keys are "smtp.example.com" and "[smtp.example.com]:587", case
// folded. A key written any other way ("smtp.example.com:587", "[smtp.example.com]") matches
// neither; smtp then sends no AUTH, and the relay refuses the mail ("530 Authentication
// required"), the most familiar surprise of setting up a smarthost. An error at the relayhost
// entry, judged where it can be: a bracketed relayhost (an unbracketed one is looked up by the
// MX host's name, which a configuration check cannot know), credentials of one sender or
// another not in use, and every password table readable as source or inline.
#include <set>

#include "compiler/checks.hpp"
#include "compiler/closest_name.hpp"
#include "compiler/diagnostic_codes.hpp"
#include "compiler/postfix_list_split.hpp"
#include "compiler/table_values.hpp"
#include "util/ascii.hpp"

namespace mf::compiler {

namespace {

// Every key of the password tables, folded; nullopt when some table cannot be read that way
// (a pattern table, a database, a missing file): then any entry may match.
std::optional<std::set<std::string>> password_keys(const Configuration& config,
                                                   const CheckOptions& options,
                                                   const std::string& maps)
{
    std::set<std::string> keys;
    for (const TableReference& table :
         parameter_table_references(config, "smtp_sasl_password_maps", maps, nullptr)) {
        if (table.type == "regexp" || table.type == "pcre" || table.type == "cidr" ||
            table.name.empty() || table.name.front() != '/')
            return std::nullopt;
        const bool read = for_each_table_value(
            table, options.resolve(table.name),
            [&](const TableValue& entry) { keys.insert(ascii_lowercase(entry.key)); });
        if (!read)
            return std::nullopt;
    }
    return keys;
}

} // namespace

void check_relay_credentials(const Configuration& config, DiagnosticSink& sink,
                             const CheckOptions& options)
{
    const auto relayhost = config.lookup("relayhost");
    const std::string relays = config.expand("relayhost");
    const std::string maps(trim_whitespace(config.expand("smtp_sasl_password_maps")));
    if (!relayhost || !relayhost->setting || trim_whitespace(relays).empty() || maps.empty() ||
        !config.is_yes("smtp_sasl_auth_enable") ||
        config.is_yes("smtp_sender_dependent_authentication"))
        return;
    const auto keys = password_keys(config, options, maps);
    if (!keys || keys->empty())
        return;
    ExpansionLocator locate(*relayhost->setting, relays, &config);
    for (const ListToken& entry : split_postfix_list(relays).tokens) {
        const std::string_view destination = entry.text;
        const std::size_t close = destination.find(']');
        if (destination.front() != '[' || close == std::string_view::npos)
            continue;
        const std::string host = ascii_lowercase(destination.substr(1, close - 1));
        const std::string written = ascii_lowercase(destination);
        if (keys->count(host) || keys->count(written))
            continue;
        const std::vector<std::string_view> names(keys->begin(), keys->end());
        sink.report(Severity::error, locate.at(entry.offset),
                    "smtp_sasl_password_maps has no entry for relayhost " +
                        std::string(destination) + ": smtp looks up \"" + host + "\", then \"" +
                        written + "\"" + did_you_mean(written, names) +
                        ", finds neither, and sends no AUTH; the relay then refuses the mail "
                        "(\"530 Authentication required\")",
                    code::relay_credentials_unmatched);
    }
}

} // namespace mf::compiler
