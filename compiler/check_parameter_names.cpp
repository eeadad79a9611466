// Unknown main.cf parameters: postconf's "unused parameter: name=value", plus the nearest known
// name (built in, or read by a database configured in main.cf: corp_search_base for ldap:corp),
// or for SERVICE_SUFFIX with a per-transport SUFFIX why it is unknown (no such master.cf
// service, or one whose program does not read it). Not flagged, as in postconf: built-in names,
// per-transport names of master.cf delivery services, and user-defined names (referenced as
// $name, or restriction classes).
#include <algorithm>
#include <optional>
#include <vector>

#include "compiler/checks.hpp"
#include "compiler/diagnostic_codes.hpp"

namespace mf::compiler {

namespace {

std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t limit)
{
    if (a.size() > b.size() + limit || b.size() > a.size() + limit)
        return limit + 1;
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j)
        row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        std::size_t best = row[0];
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
            diagonal = up;
            best = std::min(best, row[j]);
        }
        if (best > limit)
            return limit + 1;
    }
    return row[b.size()];
}

} // namespace

std::string suggest_parameter(const Configuration& config, std::string_view name)
{
    const std::size_t limit = std::max<std::size_t>(2, name.size() / 4);
    std::size_t best = limit + 1;
    std::string suggestion;
    auto consider = [&](std::string_view candidate) {
        const std::size_t distance = edit_distance(name, candidate, limit);
        if (distance < best) {
            best = distance;
            suggestion = candidate;
        }
    };
    for (const CatalogEntry& entry : all_parameters())
        consider(entry.name);
    for (const std::string& candidate : config.dbms_parameter_names())
        consider(candidate);
    for (const Service& service : config.services())
        if (is_delivery_agent(service.command_basename()))
            for (const CatalogEntry& suffix : transport_suffixes()) {
                const std::string candidate = service.name.text + "_" + std::string(suffix.name);
                if (config.catalog_entry(candidate))
                    consider(candidate);
            }
    return suggestion;
}

namespace {

// Why Postfix does not know a name of the form SERVICE_SUFFIX, SUFFIX being a per-transport
// parameter (dovecot_destination_recipient_limit, kept after Dovecot's deliver gave way to
// LMTP): master.cf runs no service of that name, or its program reads no such parameter.
std::optional<std::string> transport_parameter_hint(const Configuration& config,
                                                    std::string_view name)
{
    for (const CatalogEntry& suffix : transport_suffixes()) {
        const std::string_view tail = suffix.name;
        if (name.size() <= tail.size() + 1 || !name.ends_with(tail) ||
            name[name.size() - tail.size() - 1] != '_')
            continue;
        const std::string_view transport = name.substr(0, name.size() - tail.size() - 1);
        for (const Service& service : config.services())
            if (service.name.text == transport)
                return "master.cf's " + std::string(transport) + " service runs " +
                       std::string(service.command_basename()) + ", which reads no " +
                       std::string(name);
        return "a per-transport " + std::string(tail) + ", but master.cf runs no service " +
               std::string(transport);
    }
    return std::nullopt;
}

} // namespace

void check_parameter_names(const Configuration& config, DiagnosticSink& sink, const CheckOptions&)
{
    // Suggestions cost a scan of the catalog each; past this many unknown names (a generated
    // or foreign file, not typos) they stop, so checking stays linear in the file's size.
    constexpr std::size_t suggestion_limit = 200;
    std::size_t unknown = 0;
    for (const Setting& setting : config.main_cf_settings()) {
        if (setting.overridden || config.is_known(setting.name))
            continue;
        std::string message = "unused parameter: " + setting.name.substr(0, 200) + "=" +
                              setting.value.substr(0, 200);
        const bool suggest = ++unknown <= suggestion_limit;
        const auto hint = suggest ? transport_parameter_hint(config, setting.name) : std::nullopt;
        const std::string suggestion =
            suggest && !hint ? suggest_parameter(config, setting.name) : "";
        if (hint)
            message += " (unknown to Postfix: " + *hint + ")";
        else if (!suggestion.empty())
            message += " (unknown to Postfix; did you mean " + suggestion + "?)";
        else
            message += " (unknown to Postfix and referenced nowhere)";
        sink.report(Severity::warning, setting.name_location, std::move(message),
                    code::unknown_parameter);
    }
    config.for_each_setting_in_force([&](const Setting& setting, const Service*) {
        const CatalogEntry* entry = config.catalog_entry(setting.name);
        if (entry && entry->read_only())
            sink.report(Severity::warning, setting.name_location,
                        "read-only parameter assignment: " + setting.name + "=" +
                            setting.value.substr(0, 200) + " (every Postfix program sets " +
                            setting.name + " itself and ignores this)",
                        code::read_only_parameter);
    });
}

} // namespace mf::compiler
