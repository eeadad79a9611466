// alias_maps and alias_database out of step. local(8) reads the tables alias_maps lists;
// newaliases (sendmail -bi) rebuilds those alias_database lists (an entry without a type has
// default_database_type). An indexed alias table that alias_database leaves out is never rebuilt
// by newaliases, so edits to its source do nothing until someone runs postalias on it by hand;
// an alias_database table that alias_maps leaves out is built and never read (reported only when
// alias_database was set by hand). Postfix says nothing about either. Warnings, at the entry
// concerned.
#include <algorithm>

#include "compiler/checks.hpp"
#include "compiler/diagnostic_codes.hpp"
#include "compiler/table_reference.hpp"

namespace mf::compiler {

namespace {

struct AliasTable {
    std::string spec; // type:name, proxy: peeled off
    std::size_t offset = 0;
};

std::vector<AliasTable> indexed_tables(const std::vector<TableReference>& references)
{
    std::vector<AliasTable> out;
    for (const TableReference& table : references) {
        const TableTypeInfo* info = find_table_type(table.type);
        if (info && info->storage == TableStorage::indexed)
            out.push_back({table.type + ":" + table.name, table.offset});
    }
    return out;
}

// Where an entry of `parameter` is: its own column when the value needs no expansion.
SourceLocation location_of(const Configuration& config, const char* parameter, std::size_t offset)
{
    const auto value = config.lookup(parameter);
    if (!value || !value->setting)
        return {config.main_cf_path(), 0, 0};
    const std::string expanded = config.expand(parameter);
    return ExpansionLocator(*value->setting, expanded, &config).at(offset);
}

bool listed(const std::vector<AliasTable>& tables, const std::string& spec)
{
    return std::any_of(tables.begin(), tables.end(),
                       [&](const AliasTable& table) { return table.spec == spec; });
}

} // namespace

void check_alias_database(const Configuration& config, DiagnosticSink& sink, const CheckOptions&)
{
    const std::vector<AliasTable> read = indexed_tables(table_list_references(config.expand("alias_maps")));
    const std::vector<TableReference> database_references = alias_database_references(
        config.expand("alias_database"), trim_whitespace(config.expand("default_database_type")));
    const std::vector<AliasTable> rebuilt = indexed_tables(database_references);
    // Neither setting made by hand: Postfix's defaults agree with each other.
    const auto maps_value = config.lookup("alias_maps");
    const auto database_value = config.lookup("alias_database");
    if ((!maps_value || !maps_value->setting) && (!database_value || !database_value->setting))
        return;
    for (const AliasTable& table : read)
        if (!listed(rebuilt, table.spec))
            sink.report(Severity::warning, location_of(config, "alias_maps", table.offset),
                        "alias_maps reads " + table.spec + ", which alias_database does not "
                        "list: newaliases never rebuilds it, so edits to its source do nothing "
                        "until it is rebuilt by hand (mfalias " + table.spec + ")",
                        code::alias_database_mismatch);
    // alias_database left at its default (hash:/etc/aliases) while alias_maps was changed, to
    // nothing on a relay or to other tables, is a leftover rather than a mistake: building an
    // unread table costs nothing, and an alias_maps table it misses is reported above.
    if (!database_value || !database_value->setting)
        return;
    for (const AliasTable& table : rebuilt)
        if (!listed(read, table.spec))
            sink.report(Severity::warning, location_of(config, "alias_database", table.offset),
                        "alias_database lists " + table.spec + ", which alias_maps does not: "
                        "newaliases builds it, and local(8) never reads it",
                        code::alias_database_mismatch);
}

} // namespace mf::compiler
