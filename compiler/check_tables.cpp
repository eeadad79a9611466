// Table references of every explicitly set parameter (main.cf and master.cf -o): table lists,
// restriction lists and restriction classes, and the match lists that accept tables. Each
// reference is checked against Postfix's table types, mfd's table library, and the files it
// needs under --sysroot (table_file_checks.hpp). Defaults are left alone: they are Postfix's.
#include <algorithm>
#include <filesystem>
#include <functional>

#include "compiler/checks.hpp"
#include "compiler/restriction_catalog.hpp"
#include "compiler/table_file_checks.hpp"
#include "postmap/registry.hpp"

namespace mf::compiler {

namespace {

// Match lists whose elements may be type:table (Postfix's match_list / namadr_list users).
constexpr std::string_view match_lists[] = {
    "mydestination",          "relay_domains",
    "virtual_alias_domains",  "virtual_mailbox_domains",
    "mynetworks",             "permit_mx_backup_networks",
    "debug_peer_list",        "fast_flush_domains",
    "qmqpd_authorized_clients", "smtpd_authorized_xclient_hosts",
    "smtpd_authorized_xforward_hosts", "smtpd_authorized_verp_clients",
    "authorized_verp_clients", "smtpd_client_event_limit_exceptions",
    "smtpd_sasl_exceptions_networks", "postscreen_access_list",
    "local_header_rewrite_clients", "authorized_submit_users",
    "authorized_flush_users", "authorized_mailq_users",
    "smtpd_log_access_permit_actions", "smtp_sasl_mechanism_filter",
    "lmtp_sasl_mechanism_filter", "smtpd_discard_ehlo_keywords",
    "smtpd_tls_exclude_ciphers",
};

// Lists of names of tables that proxymap may open; they open nothing themselves.
bool names_tables_only(std::string_view parameter)
{
    return parameter == "proxy_read_maps" || parameter == "proxy_write_maps";
}

enum class ListKind { none, tables, restrictions, matches };

ListKind list_kind(const Configuration& config, std::string_view name, const Service* service)
{
    if (names_tables_only(name))
        return ListKind::none;
    if (std::find(std::begin(match_lists), std::end(match_lists), name) != std::end(match_lists))
        return ListKind::matches;
    if (const CatalogEntry* entry = config.catalog_entry(name)) {
        if (entry->type == ParamType::table_list)
            return ListKind::tables;
        if (entry->type == ParamType::restriction_list && name != "smtpd_restriction_classes")
            return ListKind::restrictions;
        return ListKind::none;
    }
    // A restriction class body is a restriction list.
    const std::string classes = config.expand("smtpd_restriction_classes", service);
    for (std::string_view class_name : split_list(classes))
        if (class_name == name)
            return ListKind::restrictions;
    return ListKind::none;
}

struct TableContext {
    TableFileOptions files;
    std::function<std::string(const std::string&)> relative_base;
};

void check_setting(const Configuration& config, const Setting& setting, const Service* service,
                   const TableContext& options, UniqueReporter& reporter)
{
    const ListKind kind = list_kind(config, setting.name, service);
    if (kind == ListKind::none)
        return;
    const std::string value = config.expand_text(setting.value, service);
    std::vector<TableReference> tables;
    if (kind == ListKind::tables)
        tables = table_list_references(value);
    else if (kind == ListKind::restrictions)
        tables = restriction_list_references(value);
    else
        tables = match_list_references(value);
    if (tables.empty())
        return;
    std::function<SourceLocation(std::size_t)> locate;
    if (value == setting.value)
        locate = [&setting](std::size_t offset) { return setting.location_of(offset); };
    const std::string config_directory = config.expand("config_directory", service);
    for (auto& table : tables) {
        // `mfcc some/dir` makes $config_directory relative; tables named under it are files
        // relative to where mfcc runs, not to the queue directory as other relative names.
        if (options.relative_base && !table.name.empty() && table.name.front() != '/' &&
            !config_directory.empty() && table.name.rfind(config_directory + "/", 0) == 0)
            table.name = options.relative_base(table.name);
        TableCheckInput input;
        input.parameter = setting.name;
        input.location = locate ? locate(table.offset) : setting.value_location;
        input.use = table_use_for_parameter(setting.name);
        input.table = std::move(table);
        check_table_reference(input, options.files, reporter);
    }
}

} // namespace

void check_tables(const Configuration& config, DiagnosticSink& sink, const CheckOptions& options)
{
    UniqueReporter reporter(sink);
    TableContext context;
    context.files.resolve = [&options](const std::string& path) { return options.resolve(path); };
    context.files.no_file_checks = options.no_file_checks;
    context.files.mfd_opens = [](std::string_view type) {
        return mf::maps::find_table_type(type) != nullptr;
    };
    if (options.sysroot.empty())
        context.relative_base = [](const std::string& path) {
            std::error_code error;
            const auto absolute = std::filesystem::absolute(path, error);
            return error ? path : absolute.lexically_normal().string();
        };
    for (const Setting& setting : config.main_cf_settings())
        if (!setting.overridden)
            check_setting(config, setting, nullptr, context, reporter);
    for (const Service& service : config.services())
        for (const Setting& setting : service.overrides)
            check_setting(config, setting, &service, context, reporter);
}

} // namespace mf::compiler
