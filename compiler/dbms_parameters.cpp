// Database parameters configured in main.cf (see dbms_parameters.hpp).
#include "compiler/dbms_parameters.hpp"

#include <algorithm>

#include "compiler/postfix_list_split.hpp"

namespace mf::compiler {

namespace {

// Shared by the SQL types (mysql, pgsql, sqlite).
#define MF_SQL_COMMON "result_format", "domain", "expansion_limit", "query", "select_field", \
    "table", "where_field", "additional_conditions"

constexpr std::string_view ldap_suffixes[] = {
    "server_host", "server_port", "timeout", "search_base", "query_filter", "result_format",
    "domain", "result_attribute", "special_result_attribute", "terminal_result_attribute",
    "leaf_result_attribute", "scope", "bind", "bind_dn", "bind_pw", "cache", "cache_expiry",
    "cache_size", "recursion_limit", "expansion_limit", "size_limit", "dereference",
    "chase_referrals", "version", "debuglevel", "sasl_mechs", "sasl_realm", "sasl_authz_id",
    "sasl_minssf", "start_tls", "tls_ca_cert_dir", "tls_ca_cert_file", "tls_cert", "tls_key",
    "tls_require_cert", "tls_random_file", "tls_cipher_suite", "result_filter"};
constexpr std::string_view mysql_suffixes[] = {
    "hosts", "user", "password", "dbname", MF_SQL_COMMON, "option_file", "option_group",
    "require_result_set", "tls_cert_file", "tls_key_file", "tls_CAfile", "tls_CApath",
    "tls_ciphers", "tls_verify_cert"};
constexpr std::string_view pgsql_suffixes[] = {"hosts", "user", "password", "dbname",
                                               MF_SQL_COMMON, "select_function"};
constexpr std::string_view sqlite_suffixes[] = {"dbpath", MF_SQL_COMMON};
constexpr std::string_view memcache_suffixes[] = {
    "memcache", "backup", "timeout", "domain", "flags", "ttl", "key_format", "data_size_limit",
    "line_size_limit", "max_try", "retry_pause"};

#undef MF_SQL_COMMON

struct DbmsType {
    std::string_view type;
    std::span<const std::string_view> suffixes;
};

constexpr DbmsType dbms_types[] = {
    {"ldap", ldap_suffixes},     {"mysql", mysql_suffixes},       {"pgsql", pgsql_suffixes},
    {"sqlite", sqlite_suffixes}, {"memcache", memcache_suffixes},
};

const DbmsType* find_dbms(std::string_view type)
{
    for (const DbmsType& entry : dbms_types)
        if (entry.type == type)
            return &entry;
    return nullptr;
}

// Deeper nesting than any configuration needs: a bound, so that a value of a million braces
// cannot exhaust the stack.
constexpr int most_nesting = 64;

// `depth`: how many braced levels `value` is inside. An unclosed `{` ends the scan of its token
// (Postfix reports it where the value is read). Calls on_reference for each type:name element,
// `proxy:` peeled, whose name is not itself a braced group.
void scan(std::string_view value, bool recurse, int depth,
          const std::function<void(std::string_view, std::string_view)>& on_reference)
{
    if (depth > most_nesting)
        return;
    auto scan_inside = [&](std::string_view braced, bool inner_recurse) {
        const std::string_view inside = strip_outer_braces(braced);
        if (inside.size() < braced.size())
            scan(inside, inner_recurse, depth + 1, on_reference);
    };
    const SplitList list = split_postfix_list(value);
    for (const ListToken& token : list.tokens) {
        // A view into `value`, so that a name's position in it is known.
        std::string_view text = value.substr(token.offset, token.text.size());
        if (text.front() == '{') {
            if (recurse)
                scan_inside(text, recurse);
            continue;
        }
        std::string_view type, name;
        for (;;) {
            const auto colon = text.find(':');
            if (colon == std::string_view::npos)
                break;
            type = text.substr(0, colon);
            name = text.substr(colon + 1);
            if (type != "proxy")
                break;
            text = name;
        }
        if (type.empty() || type == "proxy" || name.empty())
            continue;
        if (name.front() == '{') {
            scan_inside(name, recurse && type != "regexp" && type != "pcre");
            continue;
        }
        on_reference(type, name);
    }
}

} // namespace

std::span<const std::string_view> dbms_suffixes(std::string_view type)
{
    const DbmsType* dbms = find_dbms(type);
    return dbms ? dbms->suffixes : std::span<const std::string_view>();
}

bool is_dbms_parameter(std::string_view type, std::string_view name)
{
    const DbmsType* dbms = find_dbms(type);
    return dbms && std::find(dbms->suffixes.begin(), dbms->suffixes.end(), name) !=
                       dbms->suffixes.end();
}

void for_each_dbms_parameter_candidate(std::string_view value,
                                       const std::function<void(const std::string&)>& on_candidate)
{
    scan(value, true, 0, [&](std::string_view type, std::string_view name) {
        if (name.front() == '/' || name.front() == '.')
            return;
        if (const DbmsType* dbms = find_dbms(type))
            for (std::string_view suffix : dbms->suffixes)
                on_candidate(std::string(name) + "_" + std::string(suffix));
    });
}

void for_each_dbms_configuration_file(
    std::string_view value,
    const std::function<void(std::string_view, std::string_view, std::size_t)>& on_file)
{
    scan(value, true, 0, [&](std::string_view type, std::string_view name) {
        if (name.front() == '/' && find_dbms(type))
            on_file(type, name, static_cast<std::size_t>(type.data() - value.data()));
    });
}

} // namespace mf::compiler
