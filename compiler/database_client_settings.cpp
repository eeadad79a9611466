// The settings each database client reads when Postfix opens its table (see
// database_client_settings.hpp), judged as that client judges them.
#include "compiler/database_client_settings.hpp"


#include <cerrno>
#include <climits>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <vector>

#include "compiler/config_check_codes.hpp"
#include "compiler/ldap_url.hpp"
#include "compiler/postfix_list_split.hpp"
#include "compiler/service_ports.hpp"
#include "compiler/table_reference.hpp"
#include "util/ascii.hpp"

namespace mf::compiler {

namespace {

using mf::all_digits;
using mf::equal_ignoring_case;

constexpr std::string_view blanks_and_commas = " ,\t\r\n";

// The position of the } that closes the { `text` starts with (braces nest), or npos.
std::size_t matching_brace(std::string_view text)
{
    int depth = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '{')
            ++depth;
        else if (text[i] == '}' && --depth == 0)
            return i;
    }
    return std::string_view::npos;
}

std::vector<std::string_view> split_words(std::string_view text, std::string_view separators)
{
    std::vector<std::string_view> words;
    std::size_t start = text.find_first_not_of(separators);
    while (start != std::string_view::npos) {
        const std::size_t end = text.find_first_of(separators, start);
        words.push_back(text.substr(start, end - start));
        start = end == std::string_view::npos ? end : text.find_first_not_of(separators, end);
    }
    return words;
}

// A piece of a query the client puts together, and the setting it comes from ("" for the
// client's own text).
struct QueryPiece {
    std::string_view text;
    std::string_view setting;
};

// Reads a client file's settings as Postfix's cfg_get_str(), cfg_get_int() and cfg_get_bool()
// do, reporting each value that makes them die.
class SettingJudge {
public:
    SettingJudge(const ClientSettingsSource& source, const ClientSettings& settings,
                 const ClientJudgeContext& context, Severity severity, UniqueReporter& reporter)
        : source_(source), settings_(settings), context_(context),
          severity_(severity), reporter_(reporter)
    {
    }

    // A setting's name as the administrator wrote it.
    std::string shown(std::string_view name) const { return source_.name_prefix + std::string(name); }

    const ClientSetting* find(std::string_view name) const
    {
        const auto found = settings_.find(name);
        return found == settings_.end() ? nullptr : &found->second;
    }

    // cfg_get_str(): the value, or `fallback` when the setting is not written; shorter than
    // `min_length`, it is fatal. Nothing for an empty value without a fallback, which the
    // client takes as "not set".
    std::optional<std::string_view> text(std::string_view name,
                                         std::optional<std::string_view> fallback,
                                         std::size_t min_length = 0)
    {
        const ClientSetting* setting = find(name);
        const std::string_view value = setting ? std::string_view(setting->value)
                                               : fallback.value_or(std::string_view());
        if (value.size() < min_length) {
            report(name, shown(name) + (setting ? " is empty" : " is not set") +
                             ", and the client needs it",
                   "bad string length " + std::to_string(value.size()) + " < " +
                       std::to_string(min_length) + ": " + shown(name) + " = " +
                       std::string(value));
            return std::nullopt;
        }
        if (value.empty() && !fallback)
            return std::nullopt;
        return value;
    }

    // cfg_get_int(): a decimal int; below `min` or above `max` (each when not 0), fatal.
    void integer(std::string_view name, int min = 0, int max = 0)
    {
        const ClientSetting* setting = find(name);
        if (!setting)
            return;
        const std::string& value = setting->value;
        errno = 0;
        char* end = nullptr;
        const long number = std::strtol(value.c_str(), &end, 10);
        if (value.empty() || *end != '\0' || errno == ERANGE || number < INT_MIN ||
            number > INT_MAX) {
            report(name, shown(name) + " = " + value + " is not a whole number",
                   "bad numerical configuration: " + shown(name) + " = " + value);
            return;
        }
        if (min != 0 && number < min)
            report(name, shown(name) + " = " + value + " is below " + std::to_string(min),
                   "invalid " + shown(name) + " parameter value " + value + " < " +
                       std::to_string(min));
        else if (max != 0 && number > max)
            report(name, shown(name) + " = " + value + " is above " + std::to_string(max),
                   "invalid " + shown(name) + " parameter value " + value + " > " +
                       std::to_string(max));
    }

    // cfg_get_bool(): yes or no, in any case.
    void boolean(std::string_view name)
    {
        const ClientSetting* setting = find(name);
        if (!setting || equal_ignoring_case(setting->value, "yes") ||
            equal_ignoring_case(setting->value, "no"))
            return;
        report(name, shown(name) + " = " + setting->value + " is neither yes nor no",
               "bad boolean configuration: " + shown(name) + " = " + setting->value);
    }

    // db_common_parse(): every '%' of a query (or result) template starts one of the
    // expansions Postfix knows. Reported at the setting that wrote the offending '%'.
    void expansion_template(const std::vector<QueryPiece>& pieces, bool query)
    {
        std::string whole;
        for (const QueryPiece& piece : pieces)
            whole += piece.text;
        constexpr std::string_view known = "%udsSUD123456789";
        std::size_t bad = 0;
        for (; bad < whole.size(); ++bad) {
            if (whole[bad] != '%')
                continue;
            if (bad + 1 == whole.size() || known.find(whole[bad + 1]) == std::string_view::npos)
                break;
            ++bad; // the expansion's letter
        }
        if (bad >= whole.size())
            return;
        std::string_view setting;
        for (std::size_t start = 0; const QueryPiece& piece : pieces) {
            if (bad < start + piece.text.size()) {
                setting = piece.setting;
                break;
            }
            start += piece.text.size();
        }
        const std::string expansion = bad + 1 < whole.size()
                                          ? "%" + std::string(1, whole[bad + 1])
                                          : "a lone % at the end";
        report(setting, shown(setting) + ": " + expansion +
                            " is not a %-expansion Postfix knows (%s %u %d %S %U %D %1 to %9, "
                            "and %% for a percent sign)",
               std::string(query ? "Invalid query template: " : "Invalid result template: ") +
                   whole);
    }

    // A "domain" match list, which the client opens with the table: a '!' needs a pattern
    // after it, a /file must exist, and a table must be of a type Postfix knows, built.
    void domain_list(std::string_view name)
    {
        const ClientSetting* setting = find(name);
        if (!setting)
            return;
        // Split as match lists are: a {...} group is one element.
        const SplitList list = split_postfix_list(setting->value);
        if (list.tokens.empty() && !setting->value.empty())
            warn(name, shown(name) + " = " + setting->value +
                           " holds no pattern, so no key is in it: the client skips every "
                           "lookup and the table never answers");
        for (const ListToken& token : list.tokens) {
            std::string_view element = token.text;
            while (!element.empty() && element.front() == '!')
                element.remove_prefix(1);
            if (element.empty()) {
                report(name, shown(name) + ": a '!' with no pattern after it",
                       "no pattern after '!'");
                continue;
            }
            if (element.front() == '/') {
                needed_file(name, std::string(element), "open file");
                continue;
            }
            if (element.front() == '[' || element.find(':') == std::string_view::npos)
                continue;
            table(name, element);
        }
    }

    // A table the client opens (`domain` elements, memcache's `backup`): a type Postfix
    // knows, and the file it reads there.
    void table(std::string_view name, std::string_view reference)
    {
        const std::size_t colon = reference.find(':');
        const std::string_view type = reference.substr(0, colon);
        const TableTypeInfo* info = find_table_type(type);
        if (!info) {
            report(name, shown(name) + ": " + std::string(reference) +
                             " is a table of a type Postfix does not know",
                   "unsupported dictionary type: " + std::string(type));
            return;
        }
        const std::string_view file = reference.substr(colon + 1);
        if (file.starts_with("{")) {
            // extpar(): the { must close, at the very end.
            const std::size_t close = matching_brace(file);
            if (close == std::string_view::npos || close + 1 != file.size()) {
                const bool closed = close != std::string_view::npos;
                report(name,
                       shown(name) + ": " + std::string(reference) +
                           (closed ? ": text follows the } that closes the {"
                                   : ": the { is never closed"),
                       type == "static"
                           ? "bad static:name syntax: " +
                                 std::string(closed ? "syntax error after '}'" : "missing '}'") +
                                 " in \"" + std::string(file) + "\""
                           : "bad syntax: \"" + std::string(reference) + "\"; need \"" +
                                 std::string(type) + ":{name=value...}\"");
                return;
            }
        }
        if (info->storage == TableStorage::indexed)
            needed_file(name, std::string(file) + std::string(info->built_suffix),
                        "open database");
        else if (info->storage == TableStorage::text_file)
            needed_file(name, std::string(file), "open");
    }

    // Where an absolute path the client opens is on this host, when files are checked and
    // nothing is there. Relative paths are left alone: the daemons resolve them against the
    // queue directory.
    std::optional<std::string> missing_on_host(std::string_view path) const
    {
        if (!path.starts_with("/"))
            return std::nullopt;
        auto host_path = context_.host_path_of(path);
        std::error_code error;
        if (!host_path || std::filesystem::exists(*host_path, error))
            return std::nullopt;
        return host_path;
    }

    // A file the client opens with the table and cannot do without.
    void needed_file(std::string_view name, const std::string& file, std::string_view action)
    {
        if (!missing_on_host(file))
            return;
        report(name, shown(name) + ": " + file + " does not exist",
               std::string(action) + " " + file + ": No such file or directory");
    }

    // find_inet_port(): a port number from 1 to 65535 or a service name of /etc/services.
    void port(std::string_view name, std::string_view port)
    {
        const std::string text(port);
        if (all_digits(text)) {
            const long number = std::strtol(text.c_str(), nullptr, 10); // saturates
            if (number > 65535)
                report(name, shown(name) + ": port " + text + " is above 65535",
                       "bad port number: " + text);
            if (number != 0)
                return;
        }
        // Postfix's own names come first. Without a services database this host cannot judge
        // names; the mail server can.
        if (context_.known_tcp_ports.port_of(port) || tcp_service_port(port) ||
            !services_database_readable())
            return;
        report(name, shown(name) + ": port " + text +
                         " is neither a number from 1 to 65535 nor a service that known_tcp_ports "
                         "or /etc/services names",
               "unknown service: " + text + "/tcp");
    }

    // A database file the client opens, creating it when it is not there (sqlite3_open()):
    // its directory must exist.
    void database_file(std::string_view name, std::string_view path)
    {
        const auto host_path = missing_on_host(path);
        if (!host_path)
            return;
        std::error_code error;
        if (std::filesystem::is_directory(std::filesystem::path(*host_path).parent_path(), error))
            return;
        report(name, shown(name) + " = " + std::string(path) + ": its directory " +
                         std::string(std::filesystem::path(path).parent_path()) +
                         " does not exist, so the database can be neither opened nor created",
               "Can't open database: unable to open database file");
    }

    // What the client warns about, each time it opens the table, and then reads otherwise.
    void warn(std::string_view name, const std::string& problem)
    {
        const ClientSetting* setting = find(name);
        if (!setting)
            return;
        reporter_.report(Severity::warning, {source_.file, setting->at.line, setting->at.column},
                         source_.label + ": " + problem, code::table_config_value);
    }

    void report(std::string_view name, const std::string& problem, const std::string& postfix_says)
    {
        fail(name, problem + "; every Postfix program that opens the table dies (\"" +
                       postfix_says + "\")");
    }

    // What makes the table useless without stopping the program that opens it.
    void fail(std::string_view name, const std::string& problem)
    {
        const ClientSetting* setting = find(name);
        const SourceLocation where = setting ? SourceLocation{source_.file, setting->at.line,
                                                              setting->at.column}
                                             : source_.not_written;
        reporter_.report(severity_, where, source_.label + ": " + problem,
                         code::table_config_value);
    }

private:
    const ClientSettingsSource& source_;
    const ClientSettings& settings_;
    const ClientJudgeContext& context_;
    Severity severity_;
    UniqueReporter& reporter_;
};

// The query of an SQL client without `query`: SELECT select_field FROM table WHERE
// where_field='%s' additional_conditions, each of the first three required.
void legacy_query(SettingJudge& judge)
{
    if (!judge.find("table") && !judge.find("select_field") && !judge.find("where_field")) {
        judge.report("query",
                     "query is not set, nor are the table, select_field and where_field the "
                     "client would build one from",
                     "bad string length 0 < 1: table = ");
        return;
    }
    const auto table = judge.text("table", std::nullopt, 1);
    const auto select_field = judge.text("select_field", std::nullopt, 1);
    const auto where_field = judge.text("where_field", std::nullopt, 1);
    if (!table || !select_field || !where_field)
        return;
    const auto conditions = judge.text("additional_conditions", "");
    judge.expansion_template({{"SELECT ", ""},
                              {*select_field, "select_field"},
                              {" FROM ", ""},
                              {*table, "table"},
                              {" WHERE ", ""},
                              {*where_field, "where_field"},
                              {"='%s' ", ""},
                              {conditions.value_or(""), "additional_conditions"}},
                             true);
}

// What the SQL clients share: result_format, expansion_limit, the query (without one, pgsql's
// select_function if `select_function`, else the legacy query) and domain.
void sql_settings(SettingJudge& judge, bool select_function)
{
    const auto result_format = judge.text("result_format", "%s", 1);
    judge.integer("expansion_limit");
    const auto function =
        select_function ? judge.text("select_function", std::nullopt) : std::nullopt;
    if (const auto query = judge.text("query", std::nullopt))
        judge.expansion_template({{*query, "query"}}, true);
    else if (function)
        judge.expansion_template({{"SELECT ", ""}, {*function, "select_function"}, {"('%s')", ""}},
                                 true);
    else
        legacy_query(judge);
    if (result_format)
        judge.expansion_template({{*result_format, "result_format"}}, false);
    judge.domain_list("domain");
}

void check_mysql(SettingJudge& judge)
{
    judge.text("dbname", "", 1);
    judge.boolean("tls_verify_cert");
    judge.boolean("require_result_set");
    sql_settings(judge, false);
    const auto hosts = judge.text("hosts", "");
    for (std::string_view host : split_words(hosts.value_or(""), blanks_and_commas)) {
        if (host.starts_with("unix:") || host.starts_with("inet:"))
            host.remove_prefix(5);
        if (const std::size_t colon = host.rfind(':'); colon != std::string_view::npos)
            judge.port("hosts", host.substr(colon + 1));
    }
}

// What libpq says of a host's port when it connects (parse_int_param(), then the range): ""
// when it connects there. No port, or an empty one, is PostgreSQL's default.
std::string libpq_port_problem(std::string_view port)
{
    if (port.empty())
        return "";
    const std::string text(port);
    char* end = nullptr;
    errno = 0;
    const long number = std::strtol(text.c_str(), &end, 10);
    if (end == text.c_str() || errno != 0 || number != static_cast<int>(number) || *end != '\0')
        return "invalid integer value \"" + text + "\" for connection option \"port\"";
    if (number < 1 || number > 65535)
        return "invalid port number: \"" + text + "\"";
    return "";
}

// pgsql's hosts: unix:/path, inet:host:port, host:port or host, the port after the last ':'.
// The client reads them at the open and libpq each port when it connects: a host whose port it
// refuses fails every connection, and with no host left every lookup fails.
void pgsql_hosts(SettingJudge& judge)
{
    const auto hosts = judge.text("hosts", "");
    std::size_t usable = 0;
    std::size_t refused = 0;
    for (const std::string_view host : split_words(hosts.value_or(""), blanks_and_commas)) {
        std::string_view name = host;
        if (name.starts_with("unix:") || name.starts_with("inet:"))
            name.remove_prefix(5);
        const std::size_t colon = name.rfind(':');
        const std::string problem =
            libpq_port_problem(colon == std::string_view::npos ? "" : name.substr(colon + 1));
        if (problem.empty()) {
            ++usable;
            continue;
        }
        ++refused;
        judge.warn("hosts", judge.shown("hosts") + ": the port of " + std::string(host) +
                                " is not a number from 1 to 65535 (PostgreSQL takes no service "
                                "names): every connection to it fails (\"connect to pgsql server " +
                                std::string(host) + ": " + problem + "\")");
    }
    if (usable == 0 && refused > 0)
        judge.fail("hosts", judge.shown("hosts") +
                                " has no host the client can connect to: every lookup fails");
}

void check_pgsql(SettingJudge& judge)
{
    judge.text("dbname", "", 1);
    sql_settings(judge, true);
    pgsql_hosts(judge);
}

void check_sqlite(SettingJudge& judge)
{
    const auto dbpath = judge.text("dbpath", "", 1);
    sql_settings(judge, false);
    if (dbpath && *dbpath != ":memory:")
        judge.database_file("dbpath", *dbpath);
}

// memcache's `memcache`: transport:endpoint, the transport inet, local or unix.
void memcache_service(SettingJudge& judge)
{
    const auto service = judge.text("memcache", "inet:localhost:11211");
    if (!service)
        return;
    const std::size_t colon = service->find(':');
    if (colon == std::string_view::npos || colon == 0 || colon + 1 == service->size()) {
        judge.report("memcache",
                     judge.shown("memcache") + " = " + std::string(*service) +
                         " is not transport:endpoint (inet:host:port, unix:/path or "
                         "local:/path)",
                     "need service transport:endpoint instead of \"" + std::string(*service) +
                         "\"");
        return;
    }
    const std::string_view transport = service->substr(0, colon);
    if (transport != "inet" && transport != "local" && transport != "unix")
        judge.report("memcache",
                     judge.shown("memcache") + " = " + std::string(*service) + ": the transport " +
                         std::string(transport) + " is not inet, local or unix",
                     "invalid transport name: " + std::string(transport) +
                         " in service: " + std::string(*service));
}

void check_memcache(SettingJudge& judge)
{
    memcache_service(judge);
    if (const auto backup = judge.text("backup", std::nullopt)) {
        if (backup->find(':') == std::string_view::npos)
            judge.report("backup",
                         judge.shown("backup") + " = " + std::string(*backup) + " is not a table (type:name)",
                         "open dictionary: expecting \"type:name\" form instead of \"" +
                             std::string(*backup) + "\"");
        else
            judge.table("backup", *backup);
    }
    for (std::string_view name : {"timeout", "ttl", "flags"})
        judge.integer(name);
    for (std::string_view name : {"retry_pause", "max_try", "line_size_limit", "data_size_limit"})
        judge.integer(name, 1);
    if (const auto key_format = judge.text("key_format", "%s"); key_format && !key_format->empty())
        judge.expansion_template({{*key_format, "key_format"}}, true);
    judge.domain_list("domain");
}

void check_ldap(SettingJudge& judge)
{
    const auto hosts = judge.text("server_host", "localhost", 1);
    judge.integer("server_port");
    judge.integer("version", 2);
    // Each URL the library cannot parse is skipped, with an error at every open; a URL of
    // another scheme than ldap raises a written version 2 to 3, with a warning at the first.
    const ClientSetting* version = judge.find("version");
    bool raised = false;
    std::size_t servers = 0;
    std::size_t skipped = 0;
    for (std::string_view host : split_words(hosts.value_or(""), blanks_and_commas)) {
        const std::optional<LdapUrl> url = parse_ldap_url(host);
        if (url && url->error != 0) {
            ++skipped;
            judge.warn("server_host",
                       judge.shown("server_host") + ": the URL " + std::string(host) +
                           " cannot be parsed, and the client skips it (\"error parsing URL " +
                           std::string(host) + ": " + std::to_string(url->error) + ": " +
                           std::string(ldap_url_error_text(url->error)) + "; skipping\")");
            continue;
        }
        ++servers;
        if (url && url->scheme != "ldap" && version && version->value == "2" && !raised) {
            raised = true;
            judge.warn("version", judge.shown("version") + " = 2, but the URL scheme " +
                                      url->scheme + " of " + judge.shown("server_host") +
                                      " needs 3: the client uses 3");
        }
    }
    if (servers == 0 && skipped > 0)
        judge.fail("server_host", judge.shown("server_host") +
                                      " has no URL the client can parse: it has no server to "
                                      "query, and every lookup fails");
    if (version && version->value == "2" && !raised) {
        if (const ClientSetting* tls = judge.find("start_tls");
            tls && equal_ignoring_case(tls->value, "yes"))
            judge.warn("version", judge.shown("version") + " = 2, but " + judge.shown("start_tls") +
                                          " needs 3: the client uses 3");
    }
    if (version && version->value != "2" && version->value != "3" &&
        version->value.find_first_not_of("0123456789") == std::string::npos)
        judge.warn("version", judge.shown("version") + " = " + version->value +
                                  " is neither 2 nor 3: the client uses version 3");
    if (const auto scope = judge.text("scope", "sub", 1); scope &&
        !equal_ignoring_case(*scope, "sub") && !equal_ignoring_case(*scope, "one") &&
        !equal_ignoring_case(*scope, "base"))
        judge.warn("scope", judge.shown("scope") + " = " + std::string(*scope) +
                                " is not sub, one or base: the client searches the subtree (sub)");
    if (const auto base = judge.text("search_base", ""))
        judge.expansion_template({{*base, "search_base"}}, true);
    judge.integer("timeout");
    if (const auto filter = judge.text("query_filter", "(mailacceptinggeneralid=%s)")) {
        judge.expansion_template({{*filter, "query_filter"}}, true);
        if (filter->find('%') == std::string_view::npos)
            judge.warn("query_filter",
                       judge.shown("query_filter") + " = " + std::string(*filter) +
                           " has no %-expansion: every lookup key gets the same answers");
    }
    if (const auto format = judge.text("result_format", std::nullopt))
        judge.expansion_template({{*format, "result_format"}}, false);
    else if (const auto filter = judge.text("result_filter", "%s", 1))
        judge.expansion_template({{*filter, "result_filter"}}, false);
    judge.domain_list("domain");
    const auto bind = judge.text("bind", "yes", 1);
    const bool sasl = bind && equal_ignoring_case(*bind, "sasl");
    if (bind && !sasl && !equal_ignoring_case(*bind, "yes") && !equal_ignoring_case(*bind, "no") &&
        !equal_ignoring_case(*bind, "simple") && !equal_ignoring_case(*bind, "none"))
        judge.report("bind",
                     judge.shown("bind") + " = " + std::string(*bind) + " is not yes, simple, no, none or sasl",
                     "unsupported parameter value: bind = " + std::string(*bind));
    judge.boolean("cache");
    judge.integer("cache_expiry");
    judge.integer("cache_size");
    // Each is ignored, with a warning, when it asks for a cache: yes, or a size or expiry of 0
    // or more.
    for (std::string_view name : {"cache", "cache_expiry", "cache_size"})
        if (const ClientSetting* cache = judge.find(name);
            cache && (equal_ignoring_case(cache->value, "yes") ||
                      (!cache->value.empty() && cache->value.front() >= '0' &&
                       cache->value.front() <= '9')))
            judge.warn(name, judge.shown(name) + " = " + cache->value +
                                 ": LDAP caching is no longer supported, the client ignores it");
    judge.integer("recursion_limit", 1);
    judge.integer("expansion_limit");
    judge.integer("size_limit");
    judge.integer("dereference");
    if (const ClientSetting* dereference = judge.find("dereference"))
        if (const std::string_view value = dereference->value;
            value.size() != 1 || value[0] < '0' || value[0] > '3')
            if (value.find_first_not_of("+-0123456789") == std::string_view::npos)
                judge.warn("dereference", judge.shown("dereference") + " = " + dereference->value +
                                              " is not 0 to 3: the client never dereferences "
                                              "aliases (0)");
    judge.boolean("chase_referrals");
    if (sasl)
        judge.integer("sasl_minssf", 0, 4096);
    judge.boolean("start_tls");
    judge.boolean("tls_require_cert");
    judge.integer("debuglevel");
}

} // namespace

void check_database_client_settings(std::string_view type, const ClientSettingsSource& source,
                                    const ClientSettings& settings,
                                    const ClientJudgeContext& context, Severity severity,
                                    UniqueReporter& reporter)
{
    SettingJudge judge(source, settings, context, severity, reporter);
    if (type == "mysql")
        check_mysql(judge);
    else if (type == "pgsql")
        check_pgsql(judge);
    else if (type == "sqlite")
        check_sqlite(judge);
    else if (type == "memcache")
        check_memcache(judge);
    else if (type == "ldap")
        check_ldap(judge);
}

} // namespace mf::compiler
