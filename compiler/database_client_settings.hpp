// What a Postfix program checks in a database client file when it opens the table: each
// mysql:, pgsql:, ldap:, sqlite: and memcache: client reads its settings once, at open, and
// dies (msg_fatal) at a value it cannot use: a required setting that is empty or missing
// (mysql's dbname), a number or boolean it cannot read (`require_result_set = true`), a query
// or result template with a %-expansion it does not know (`LIKE '%foo'`), a port it cannot
// resolve, a table type in `domain` it does not know. A daemon that dies there takes the mail
// it was handling with it; postconf, which only reads the names, says nothing. Behaviour
// verified against Postfix 3.7's postmap with the postfix-mysql, -pgsql, -ldap and -sqlite
// modules.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "compiler/database_client_file.hpp"
#include "compiler/diagnostic.hpp"
#include "compiler/known_tcp_ports.hpp"
#include "compiler/unique_reporter.hpp"

namespace mf::compiler {

// What the judging needs from the configuration and the host.
struct ClientJudgeContext {
    // Where a path the configuration names is on this host (under the sysroot); nothing when
    // files are not checked.
    std::function<std::optional<std::string>(std::string_view)> host_path_of;
    // main.cf's known_tcp_ports (lmtp=24, smtp=25...): service names Postfix resolves itself.
    KnownTcpPorts known_tcp_ports;
};

// Where a client's settings come from: its configuration file, or the main.cf parameters
// that a table named without a path (ldap:corp) makes Postfix read (corp_server_host...).
struct ClientSettingsSource {
    std::string label;          // the table, as the diagnostics name it
    std::string file;           // the file the settings' positions are in
    SourceLocation not_written; // where a required setting that is not written is reported
    std::string name_prefix;    // "corp_" for main.cf parameters, "" in a client file
};

// Reports, at each setting's line (or `not_written`), each value of `settings` that makes a
// program opening the table die, with `severity` (an error, or a warning for a table no
// daemon opens), and as warnings what the client warns about at every open.
void check_database_client_settings(std::string_view type, const ClientSettingsSource& source,
                                    const ClientSettings& settings,
                                    const ClientJudgeContext& context, Severity severity,
                                    UniqueReporter& reporter);

} // namespace mf::compiler
