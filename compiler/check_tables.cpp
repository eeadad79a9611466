// Table references of every explicitly set parameter (main.cf and master.cf -o): table lists,
// restriction lists and restriction classes, and the match lists that accept tables. Each
// reference is checked against Postfix's table types, mfd's table library, and the files it
// needs under --sysroot (table_file_checks.hpp), and the rules of regexp:, pcre: and cidr: tables are
// read as the daemons read them (table_rule_warnings.hpp). Defaults are left alone: they are
// Postfix's.
#include <algorithm>
#include <filesystem>
#include <functional>
#include <set>
#include <vector>

#include "compiler/checks.hpp"
#include "compiler/config_check_codes.hpp"
#include "compiler/database_client_file.hpp"
#include "compiler/dbms_parameters.hpp"
#include "compiler/network_syntax.hpp"
#include "compiler/postfix_list_split.hpp"
#include "compiler/restriction_catalog.hpp"
#include "compiler/parameter_readers.hpp"
#include "compiler/table_rule_warnings.hpp"
#include "compiler/database_client_settings.hpp"
#include "compiler/table_file_checks.hpp"
#include "postmap/registry.hpp"

namespace mf::compiler {

namespace {

struct TableContext {
    TableFileOptions files;
    std::function<std::string(const std::string&)> relative_base;
    TableRuleWarnings* rule_warnings = nullptr;
};

// ldap:corp, mysql:name...: a name that is not a path makes Postfix read the table's settings
// from main.cf parameters corp_server_host, corp_search_base... With none of them set, the
// table runs on built-in defaults; usually the name was meant as a file. Those that are set
// are judged as the client judges them when it opens the table (expanded, as Postfix reads
// main.cf parameters); a required one that is not set is reported at the table.
void check_main_cf_database(const Configuration& config, const Setting& setting,
                            const TableReference& table, const SourceLocation& where,
                            Severity severity, const TableContext& context,
                            UniqueReporter& reporter)
{
    const auto suffixes = dbms_suffixes(table.type);
    ClientSettings settings;
    std::string file;
    for (std::string_view suffix : suffixes) {
        const std::string name = table.name + "_" + std::string(suffix);
        const Setting* written = config.main_cf_setting(name);
        if (!written)
            continue;
        file = written->name_location.file;
        settings[std::string(suffix)] = {config.expand(name),
                                         {written->name_location.line,
                                          written->name_location.column}};
    }
    if (settings.empty()) {
        reporter.report(Severity::warning, where,
                        setting.name + ": " + table.type + ":" + table.name +
                            " is not a path, so Postfix reads its settings from main.cf "
                            "parameters " + table.name + "_" + std::string(suffixes.front()) +
                            ", " + table.name + "_" + std::string(suffixes[1]) +
                            "... and none is set; if " + table.name +
                            " is a configuration file, write its absolute path",
                        code::table_relative_path);
        return;
    }
    check_database_client_settings(
        table.type,
        {setting.name + " table " + table.type + ":" + table.name, file, where, table.name + "_"},
        settings, context.files.client_judge_context(), severity, reporter);
}

// Whether alias_maps (in force for the service) names the table: alias_database's table is
// then read by local(8) as well, not only by newaliases.
bool in_alias_maps(const Configuration& config, const TableReference& table,
                   const Service* service)
{
    const std::string value = config.expand("alias_maps", service);
    for (const TableReference& alias : parameter_table_references(config, "alias_maps", value, service))
        if (alias.type == table.type && alias.name == table.name)
            return true;
    return false;
}

void check_setting(const Configuration& config, const Setting& setting, const Service* service,
                   const TableContext& options, UniqueReporter& reporter)
{
    const TableListKind kind = table_list_kind(config, setting.name, service);
    if (kind == TableListKind::none)
        return;
    const std::string value = config.expand_text(setting.value, service);
    ExpansionLocator locate(setting, value, &config, service);
    auto where = [&](std::size_t offset) { return locate.at(offset); };
    const std::string unread_by_daemon = unread_by_its_daemon(config, setting.name, service);
    const Severity list_error = unread_by_daemon.empty() ? Severity::error : Severity::warning;
    const std::string unread_note =
        unread_by_daemon.empty() ? "" : "; not an error yet: " + unread_by_daemon;
    if (kind == TableListKind::tables)
        for (const ListToken& token : split_postfix_list(value).tokens) {
            // Braces do not group the elements of a table list: the daemons take everything
            // before the first ':' as the type, brace included.
            if (token.text.front() == '{') {
                const std::string_view text = token.text;
                const std::string type(text.substr(0, std::min(text.find(':'), text.size())));
                reporter.report(list_error, where(token.offset),
                                setting.name + ": unsupported dictionary type: " + type +
                                    ": braces do not group the tables of a list, so the daemons "
                                    "that read " + setting.name + " log this error and every "
                                    "lookup in the list fails (write the tables without braces)" +
                                    unread_note,
                                code::table_type_unknown);
                continue;
            }
            if (token.text.find(':') == std::string::npos && !untyped_names_are_tables(setting.name))
                reporter.report(list_error, where(token.offset),
                                setting.name + ": open dictionary: expecting \"type:name\" form "
                                "instead of \"" + token.text + "\"; the daemons that read " +
                                setting.name + " stop (write the type the table was built "
                                "with, such as hash:" + token.text + ")" + unread_note,
                                code::table_without_type);
        }
    std::vector<TableReference> tables =
        parameter_table_references(config, setting.name, value, service);
    const std::string config_directory = config.expand("config_directory", service);
    const bool address_list = is_address_match_list(setting.name);
    for (auto& table : tables) {
        // fc00::/7 in mynetworks: check_network_values says that it needs brackets; its
        // "table type fc00" would be the same mistake reported twice.
        if (address_list && !network_entry_problem(table.type + ":" + table.name).empty())
            continue;
        if (table.inside_not_read)
            reporter.report(Severity::warning, where(table.offset),
                            setting.name + ": " + table.type + " tables nested more than " +
                                std::to_string(most_table_nesting) +
                                " levels deep; mfcc does not check the tables inside this one",
                            code::table_nesting);
        const TableTypeInfo* info = find_table_type(table.type);
        const bool in_main_cf = info && info->storage == TableStorage::client_config &&
                                !table.name.empty() && table.name.front() != '/' &&
                                table.name.front() != '.';
        if (in_main_cf)
            check_main_cf_database(config, setting, table, where(table.offset), list_error,
                                   options, reporter);
        else if (info && info->storage != TableStorage::none && info->storage != TableStorage::composite &&
            !table.name.empty() && table.name.front() != '/' && table.name.front() != '{' &&
            (config_directory.empty() || table.name.rfind(config_directory + "/", 0) != 0))
            reporter.report(Severity::warning, where(table.offset),
                            setting.name + ": " + table.type + ":" + table.name +
                                " is a relative path: the daemons open it relative to the queue "
                                "directory (" + config.expand("queue_directory", service) +
                                "), not config_directory, while mfmap and postmap build it in "
                                "the directory they run in; write $config_directory/" +
                                table.name,
                            code::table_relative_path);
        std::string unread_reason = unread_by_daemon;
        if (setting.name == "alias_database" && !in_alias_maps(config, table, service))
            unread_reason = "only newaliases opens alias_database; the daemons read "
                            "alias_maps, which does not name it";
        // `mfcc some/dir` makes $config_directory relative; tables named under it are files
        // relative to where mfcc runs, not to the queue directory as other relative names.
        if (options.relative_base && !table.name.empty() && table.name.front() != '/' &&
            !config_directory.empty() && table.name.rfind(config_directory + "/", 0) == 0)
            table.name = options.relative_base(table.name);
        TableCheckInput input;
        input.unread_reason = std::move(unread_reason);
        input.parameter = setting.name;
        input.location = where(table.offset);
        input.use = table_use_for_parameter(setting.name);
        input.table = std::move(table);
        check_table_reference(input, options.files, reporter);
        if (!input.table.name.empty() && input.table.name.front() == '/')
            options.rule_warnings->check(input.table, options.files.resolve(input.table.name),
                                         setting.name);
    }
}

// postconf reads the configuration file of every mysql:, pgsql:, ldap:, sqlite: and memcache:
// table the raw value of a used parameter names: it warns when it cannot, and judges the file as
// the table's daemons do. The tables of table and restriction lists are judged above (a missing
// one is a table-missing on that line already); these are the others: proxy_read_maps, a string
// parameter, a user-defined one a used value references.
void check_database_configuration_files(
    const Configuration& config, const Setting& setting, const Service* service,
    const CheckOptions& options, const std::set<std::pair<std::string, std::size_t>>& judged_lines,
    UniqueReporter& reporter)
{
    // postconf does not read the values of a main.cf-configured database's parameters
    // (corp_server_host = ldap://... names no file).
    if (!config.is_known(setting.name) || config.dbms_parameter_names().count(setting.name))
        return;
    struct NamedFile {
        std::string_view type, path;
        SourceLocation where;
    };
    std::vector<NamedFile> files;
    for_each_dbms_configuration_file(
        setting.value, [&](std::string_view type, std::string_view path, std::size_t offset) {
            files.push_back({type, path, setting.location_of(offset)});
        });
    // The list kind costs an expansion for a user-defined name: only when there is a file.
    if (files.empty() || table_list_kind(config, setting.name, service) != TableListKind::none)
        return;
    for (const NamedFile& file : files) {
        const std::string host_path = options.resolve(std::string(file.path));
        std::error_code error;
        if (std::filesystem::exists(host_path, error)) {
            check_database_client_file(file.type, file.path, host_path, reporter);
            continue;
        }
        if (options.no_file_checks || judged_lines.count({file.where.file, file.where.line}))
            continue;
        const std::string named = std::string(file.type) + ":" + std::string(file.path);
        reporter.report(Severity::warning, file.where,
                        setting.name + " names " + named +
                            ", whose configuration file does not exist: postconf reads it when "
                            "it starts and warns (open \"" + std::string(file.type) +
                            "\" configuration \"" + std::string(file.path) +
                            "\": No such file or directory)",
                        code::table_missing);
    }
}

} // namespace

void check_tables(const Configuration& config, DiagnosticSink& sink, const CheckOptions& options)
{
    UniqueReporter reporter(sink);
    TableRuleWarnings rule_warnings(reporter);
    TableContext context;
    context.rule_warnings = &rule_warnings;
    context.files.resolve = [&options](const std::string& path) { return options.resolve(path); };
    context.files.no_file_checks = options.no_file_checks;
    context.files.known_tcp_ports = config.known_tcp_ports();
    context.files.mfd_opens = [](std::string_view type) {
        return mf::maps::find_table_type(type) != nullptr;
    };
    if (options.sysroot.empty())
        context.relative_base = [](const std::string& path) {
            std::error_code error;
            const auto absolute = std::filesystem::absolute(path, error);
            return error ? path : absolute.lexically_normal().string();
        };
    config.for_each_setting_in_force([&](const Setting& setting, const Service* service) {
        check_setting(config, setting, service, context, reporter);
    });
    const auto judged_lines = reporter.lines_with(code::table_missing);
    config.for_each_setting_in_force([&](const Setting& setting, const Service* service) {
        check_database_configuration_files(config, setting, service, options, judged_lines,
                                           reporter);
    });
}

} // namespace mf::compiler
