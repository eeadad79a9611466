// A database client configuration file: the /etc/postfix/mysql-aliases.cf of
// mysql:/etc/postfix/mysql-aliases.cf (pgsql:, ldap:, sqlite: and memcache: alike). Every
// program that opens such a table, and postconf when it starts, loads the file as logical lines
// of `name = value`, the name ending at the first blank or '=', and stops at a line that is not
// of that form ("missing '=' after attribute name").
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "compiler/unique_reporter.hpp"
#include "grammar/logical_lines.hpp"

namespace mf::compiler {

// One `name = value` of a client file: the value as Postfix keeps it (blanks around it
// trimmed, nothing expanded) and where its logical line starts.
struct ClientSetting {
    std::string value;
    grammar::Position at;
};

// A client file's settings by name; a name written twice keeps its last value, as in Postfix.
using ClientSettings = std::map<std::string, ClientSetting, std::less<>>;

// Checks the client file at `path` (a host path, also the file named in the diagnostics) of the
// table `type:name`, reporting what Postfix says about it: a line that is not name = value
// (an error: postconf and the daemons stop there), text that continues no line (ignored, with
// a warning), a name written twice (the last wins, with a warning) and a name the type does
// not define (postconf's "unused parameter", with the closest name the type defines). Returns
// the settings of a file Postfix reads to the end; nothing for a file with such an error, or
// one it cannot read (that is left to the checks of its existence).
std::optional<ClientSettings> check_database_client_file(std::string_view type,
                                                         std::string_view name,
                                                         const std::string& path,
                                                         UniqueReporter& reporter);

} // namespace mf::compiler
