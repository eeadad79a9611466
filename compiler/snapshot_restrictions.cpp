// The snapshot's restriction lists, compiled so that mfd runs them without reading main.cf
// text again: for main.cf and for each smtpd service master.cf runs (after its -o overrides),
// the restriction classes that service sees, then its eight smtpd_*_restrictions lists. Entries
// are parsed by the same walk as the restriction checks (parse_restriction_entries), so the
// snapshot holds exactly what the checks judged; arguments are typed by the table, policy
// service and DNS list parsers, and table arguments point at the identities recorded by
// add_table_identities, which runs first.
#include <algorithm>
#include <limits>
#include <map>

#include "compiler/policy_service.hpp"
#include "compiler/restriction_inputs.hpp"
#include "compiler/snapshot.hpp"
#include "compiler/table_reference.hpp"

namespace mf::compiler {

namespace {

SnapshotLocation location_of(const SourceLocation& where)
{
    constexpr std::size_t most = std::numeric_limits<std::uint32_t>::max();
    return {where.file, static_cast<std::uint32_t>(std::min(where.line, most)),
            static_cast<std::uint32_t>(std::min(where.column, most))};
}

std::uint32_t table_index(const Snapshot& out, const TableReference& reference)
{
    for (std::size_t i = 0; i < out.tables.size(); ++i)
        if (out.tables[i].type == reference.type && out.tables[i].name == reference.name)
            return static_cast<std::uint32_t>(i);
    return snapshot_no_index;
}

void type_table(SnapshotRestrictionArgument& argument, const Snapshot& out)
{
    argument.kind = SnapshotRestrictionArgument::Kind::table;
    const auto references = access_argument_references(argument.text, 0);
    if (references.empty())
        return; // not a table: the restriction checks reported it
    argument.table_type = references.front().type;
    argument.table_name = references.front().name;
    argument.proxied = references.front().proxied;
    argument.table_index = table_index(out, references.front());
}

void type_argument(RestrictionArgument kind, SnapshotRestrictionArgument& argument,
                   const Snapshot& out)
{
    using Kind = SnapshotRestrictionArgument::Kind;
    switch (kind) {
    case RestrictionArgument::none:
        return;
    case RestrictionArgument::table:
        type_table(argument, out);
        return;
    case RestrictionArgument::policy_service: {
        argument.kind = Kind::policy_service;
        std::vector<OverrideProblem> problems; // reported by the restriction checks
        PolicyService service = parse_policy_service(argument.text, problems);
        argument.endpoint = std::move(service.endpoint);
        for (OverrideAttribute& attribute : service.attributes)
            argument.attributes.emplace_back(std::move(attribute.name), std::move(attribute.value));
        return;
    }
    case RestrictionArgument::dnsxl_domain: {
        // smtpd splits `domain=filter` at the first '=' (the filter may hold more).
        argument.kind = Kind::dnsxl_domain;
        const auto equals = argument.text.find('=');
        argument.domain = argument.text.substr(0, equals);
        if (equals != std::string::npos)
            argument.reply_filter = argument.text.substr(equals + 1);
        return;
    }
    case RestrictionArgument::seconds: {
        // The walk only takes an all-digit token; smtpd reads it with atoi(), and anything
        // beyond 32 bits is a configuration nobody means: it is clamped.
        argument.kind = Kind::seconds;
        std::uint64_t value = 0;
        for (char digit : argument.text)
            value = std::min<std::uint64_t>(value * 10 + static_cast<unsigned>(digit - '0'),
                                            std::numeric_limits<std::uint32_t>::max());
        argument.seconds = static_cast<std::uint32_t>(value);
        return;
    }
    }
}

// Entries of one list or class body. `list` is the list it runs in (none for a class body,
// whose bare tables take the calling list's default access restriction); `classes` maps the
// service's class names to their lists' indexes.
std::vector<SnapshotRestrictionEntry>
compile_restrictions(const RestrictionValue& value, std::optional<RestrictionList> list,
                     const RestrictionEnvironment& env,
                     const std::map<std::string, std::uint32_t, std::less<>>& classes,
                     const Snapshot& out)
{
    using Kind = SnapshotRestrictionEntry::Kind;
    std::vector<SnapshotRestrictionEntry> entries;
    for (const RestrictionEntry& parsed : parse_restriction_entries(value.text, env)) {
        SnapshotRestrictionEntry entry;
        entry.name = parsed.token.text;
        entry.location = location_of(value.at(parsed.token.offset));
        if (parsed.bare_table) {
            entry.kind = Kind::bare_table;
            if (list)
                if (const auto* access = find_restriction(default_access_restriction(*list)))
                    entry.id = access->id;
            entry.argument.text = parsed.token.text;
            entry.argument.location = entry.location;
            type_table(entry.argument, out);
        } else if (parsed.info) {
            entry.kind = Kind::restriction;
            entry.id = parsed.info->id;
            if (parsed.has_argument) {
                entry.argument.text = parsed.argument.text;
                entry.argument.location = location_of(value.at(parsed.argument.offset));
                type_argument(parsed.info->argument, entry.argument, out);
            }
        } else if (parsed.class_body) {
            entry.kind = Kind::restriction_class;
            entry.class_index = classes.find(parsed.token.text)->second;
        }
        entries.push_back(std::move(entry));
    }
    return entries;
}

SnapshotRestrictionList list_header(const RestrictionValue& value, bool restriction_class,
                                    const std::string& service)
{
    SnapshotRestrictionList list;
    list.restriction_class = restriction_class;
    list.service = service;
    list.parameter = value.name;
    list.explicitly_set = value.explicitly_set;
    list.location = location_of(value.location);
    return list;
}

// One scope: main.cf alone (`service` nullptr) or one smtpd service.
void add_scope(const Configuration& config, const Service* service, Snapshot& out)
{
    const std::string label = service ? service->key() : std::string();
    const RestrictionEnvironment env = restriction_environment(config, service);
    // Classes first, so that every list (and class) can name their indexes.
    std::map<std::string, std::uint32_t, std::less<>> classes;
    std::size_t index = out.restrictions.size();
    for (const auto& [name, body] : env.classes)
        classes.emplace(name, static_cast<std::uint32_t>(index++));
    for (const auto& [name, body] : env.classes) {
        SnapshotRestrictionList list = list_header(body, true, label);
        list.entries = compile_restrictions(body, std::nullopt, env, classes, out);
        out.restrictions.push_back(std::move(list));
    }
    for (RestrictionList kind : all_restriction_lists()) {
        const RestrictionValue value =
            restriction_value(config, restriction_list_parameter(kind), service);
        SnapshotRestrictionList list = list_header(value, false, label);
        list.entries = compile_restrictions(value, kind, env, classes, out);
        out.restrictions.push_back(std::move(list));
    }
}

} // namespace

void add_restriction_lists(const Configuration& config, const CheckOptions&, Snapshot& out)
{
    add_scope(config, nullptr, out);
    for (const Service* service : running_smtpd_services(config))
        add_scope(config, service, out);
}

} // namespace mf::compiler
