// Database tables configured in main.cf rather than in a file: `ldap:corp` (a name that is not
// a path) makes Postfix read corp_server_host, corp_search_base... from main.cf. postconf
// counts exactly the names <prefix>_<suffix> for the suffixes each database type defines as
// used parameters (and lists them in -n); anything else with the prefix stays "unused". The
// suffix lists are those of Postfix 3.7's ldap_table(5), mysql_table(5), pgsql_table(5),
// sqlite_table(5) and memcache_table(5), verified against postconf 3.7.
#pragma once

#include <functional>
#include <span>
#include <string>
#include <string_view>

namespace mf::compiler {

// The parameter suffixes of a database type configured this way (ldap, mysql, pgsql, sqlite,
// memcache); empty for any other type.
std::span<const std::string_view> dbms_suffixes(std::string_view type);

// Whether `name` is a parameter of a `type` database's configuration (a client configuration
// file's "name = value", or the suffix of a main.cf-configured one).
bool is_dbms_parameter(std::string_view type, std::string_view name);

// Calls on_candidate("prefix_suffix") for every parameter name the main.cf-configured
// databases of an (expanded) value make legitimate, scanning as postconf does: list elements,
// `proxy:` peeled, `{...}` groups searched inside (not those of regexp: and pcre: tables, whose
// braces hold patterns), names starting with '/' or '.' being files rather than prefixes.
void for_each_dbms_parameter_candidate(std::string_view value,
                                       const std::function<void(const std::string&)>& on_candidate);

// Calls on_file(type, path, offset) for every database of those types that an element of the
// value names by its configuration file (mysql:/etc/postfix/mysql.cf, proxy: peeled, inside
// `{...}` groups too), found as for_each_dbms_parameter_candidate finds the others; `offset`:
// where the element's type starts in `value`. postconf reads each such file when it starts.
void for_each_dbms_configuration_file(
    std::string_view value,
    const std::function<void(std::string_view, std::string_view, std::size_t)>& on_file);

} // namespace mf::compiler
