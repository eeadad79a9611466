// Table references (see table_reference.hpp).
#include "compiler/table_reference.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "compiler/configuration.hpp"
#include "compiler/postfix_list_split.hpp"
#include "compiler/restriction_catalog.hpp"

namespace mf::compiler {

namespace {

using St = TableStorage;

constexpr auto types = std::to_array<TableTypeInfo>({
    {"btree", St::indexed, ".db"},         {"cdb", St::indexed, ".cdb"},
    {"cidr", St::text_file, ""},           {"dbm", St::indexed, ".pag"},
    {"environ", St::none, ""},             {"fail", St::none, ""},
    {"hash", St::indexed, ".db"},          {"inline", St::none, ""},
    {"internal", St::none, ""},            {"ldap", St::client_config, ""},
    {"lmdb", St::indexed, ".lmdb"},        {"memcache", St::client_config, ""},
    {"mysql", St::client_config, ""},      {"nis", St::none, ""},
    {"pcre", St::text_file, ""},           {"pgsql", St::client_config, ""},
    {"pipemap", St::composite, ""},        {"proxy", St::none, ""},
    {"randmap", St::none, ""},             {"regexp", St::text_file, ""},
    {"sdbm", St::indexed, ".pag"},         {"socketmap", St::none, ""},
    {"sqlite", St::client_config, ""},     {"static", St::none, ""},
    {"tcp", St::none, ""},                 {"texthash", St::text_file, ""},
    {"unionmap", St::composite, ""},       {"unix", St::none, ""},
});

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
    "smtpd_tls_exclude_ciphers", "smtpd_forbid_bare_newline_exclusions",
};

bool is_type_char(char c)
{
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-';
}

// "type:name" with a plausible type word; offset is where `token` sits in the value.
bool looks_like_table(std::string_view token)
{
    const auto colon = token.find(':');
    return colon != std::string_view::npos && colon > 0 &&
           std::all_of(token.begin(), token.begin() + static_cast<std::ptrdiff_t>(colon),
                       is_type_char);
}

std::vector<TableReference> table_list_references_at(std::string_view value, int depth);

// `depth`: how many unionmap/pipemap levels `token` is inside.
void add_reference(std::string_view token, std::size_t offset, std::vector<TableReference>& out,
                   int depth = 0)
{
    if (!looks_like_table(token))
        return;
    TableReference ref;
    ref.text = std::string(token);
    ref.offset = offset;
    std::string_view rest = token;
    auto colon = rest.find(':');
    std::string_view type = rest.substr(0, colon);
    rest = rest.substr(colon + 1);
    // proxy:hash:/x is hash:/x opened by proxymap on the client's behalf.
    while (type == "proxy" && looks_like_table(rest)) {
        ref.proxied = true;
        colon = rest.find(':');
        type = rest.substr(0, colon);
        rest = rest.substr(colon + 1);
    }
    ref.type = std::string(type);
    const auto* info = find_table_type(type);
    const bool composite =
        info && info->storage == TableStorage::composite && !rest.empty() && rest.front() == '{';
    ref.inside_not_read = composite && depth >= most_table_nesting;
    // The text of a deep nest is not kept at every level: copies of ever shorter suffixes of
    // one value would cost memory quadratic in its length.
    ref.name = std::string(ref.inside_not_read ? rest.substr(0, 1) : rest);
    out.push_back(ref);
    if (!composite || ref.inside_not_read)
        return;
    const std::size_t rest_offset = offset + static_cast<std::size_t>(rest.data() - token.data());
    const std::string_view inner = strip_outer_braces(rest);
    const std::size_t inner_offset = rest_offset + static_cast<std::size_t>(inner.data() - rest.data());
    for (auto& nested : table_list_references_at(inner, depth + 1)) {
        nested.offset += inner_offset;
        out.push_back(std::move(nested));
    }
}

// The table inside a `{ type:name, { search_order = ... } }` access-restriction argument.
void add_access_argument(const ListToken& token, std::vector<TableReference>& out)
{
    if (token.text.empty() || token.text.front() != '{') {
        add_reference(token.text, token.offset, out);
        return;
    }
    const std::string_view inner = strip_outer_braces(token.text);
    const std::size_t base = token.offset + static_cast<std::size_t>(inner.data() - token.text.data());
    const auto parts = split_postfix_list(inner).tokens;
    if (!parts.empty())
        add_reference(parts.front().text, base + parts.front().offset, out);
}

std::vector<TableReference> table_list_references_at(std::string_view value, int depth)
{
    std::vector<TableReference> out;
    for (const auto& token : split_postfix_list(value).tokens)
        add_reference(token.text, token.offset, out, depth);
    return out;
}

} // namespace

std::span<const TableTypeInfo> known_table_types() { return types; }

const TableTypeInfo* find_table_type(std::string_view type)
{
    for (const auto& info : types)
        if (info.type == type)
            return &info;
    return nullptr;
}

std::vector<TableReference> table_list_references(std::string_view value)
{
    return table_list_references_at(value, 0);
}

std::vector<TableReference> match_list_references(std::string_view value)
{
    std::vector<TableReference> out;
    for (const auto& token : split_postfix_list(value).tokens) {
        std::string_view text = token.text;
        std::size_t offset = token.offset;
        while (!text.empty() && text.front() == '!') {
            text.remove_prefix(1);
            ++offset;
        }
        if (!text.empty() && text.front() != '[' && text.front() != '/')
            add_reference(text, offset, out);
    }
    return out;
}

std::vector<TableReference> restriction_list_references(std::string_view value)
{
    std::vector<TableReference> out;
    const auto tokens = split_postfix_list(value).tokens;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const auto* info = find_restriction(tokens[i].text);
        if (info && info->argument != RestrictionArgument::none) {
            if (i + 1 < tokens.size() && info->argument == RestrictionArgument::table)
                add_access_argument(tokens[i + 1], out);
            // Policy endpoints (inet:host:port) and DNS list domains are not tables.
            if (i + 1 < tokens.size())
                ++i;
            continue;
        }
        if (tokens[i].text.find(':') != std::string::npos)
            add_access_argument(tokens[i], out);
    }
    return out;
}

std::vector<TableReference> access_argument_references(std::string_view token, std::size_t offset)
{
    std::vector<TableReference> out;
    add_access_argument(ListToken{std::string(token), offset}, out);
    return out;
}

std::string built_table_file(const TableReference& table)
{
    const auto* info = find_table_type(table.type);
    if (!info || info->storage != TableStorage::indexed || table.name.empty())
        return {};
    return table.name + std::string(info->built_suffix);
}

std::string opened_table_file(const TableReference& table)
{
    const auto* info = find_table_type(table.type);
    if (!info || table.name.empty() || table.name.front() != '/')
        return {};
    switch (info->storage) {
    case TableStorage::indexed:
        return built_table_file(table);
    case TableStorage::text_file:
    case TableStorage::client_config:
        return table.name;
    case TableStorage::composite:
    case TableStorage::none:
        break;
    }
    return {};
}

bool untyped_names_are_tables(std::string_view parameter)
{
    return parameter == "alias_database";
}

std::vector<TableReference> alias_database_references(std::string_view value,
                                                      std::string_view default_type)
{
    std::vector<TableReference> out;
    for (const ListToken& token : split_postfix_list(value).tokens) {
        if (token.text.find(':') != std::string::npos) {
            for (TableReference& table : table_list_references(token.text)) {
                table.offset += token.offset;
                out.push_back(std::move(table));
            }
            continue;
        }
        TableReference table;
        table.text = token.text;
        table.type = std::string(default_type);
        table.name = token.text;
        table.offset = token.offset;
        out.push_back(std::move(table));
    }
    return out;
}

TableListKind table_list_kind(const Configuration& config, std::string_view parameter,
                              const Service* service)
{
    if (parameter == "proxy_read_maps" || parameter == "proxy_write_maps")
        return TableListKind::none;
    if (std::find(std::begin(match_lists), std::end(match_lists), parameter) != std::end(match_lists))
        return TableListKind::matches;
    if (const CatalogEntry* entry = config.catalog_entry(parameter)) {
        if (entry->type == ParamType::table_list)
            return TableListKind::tables;
        if (entry->type == ParamType::restriction_list && parameter != "smtpd_restriction_classes")
            return TableListKind::restrictions;
        return TableListKind::none;
    }
    // A restriction class body is a restriction list.
    const std::string classes = config.expand("smtpd_restriction_classes", service);
    for (std::string_view class_name : split_list(classes))
        if (class_name == parameter)
            return TableListKind::restrictions;
    return TableListKind::none;
}

std::vector<TableReference> parameter_table_references(const Configuration& config,
                                                       std::string_view parameter,
                                                       std::string_view value,
                                                       const Service* service)
{
    switch (table_list_kind(config, parameter, service)) {
    case TableListKind::tables:
        if (untyped_names_are_tables(parameter))
            return alias_database_references(
                value, trim_whitespace(config.expand("default_database_type", service)));
        return table_list_references(value);
    case TableListKind::restrictions:
        return restriction_list_references(value);
    case TableListKind::matches:
        return match_list_references(value);
    case TableListKind::none:
        break;
    }
    return {};
}

} // namespace mf::compiler
