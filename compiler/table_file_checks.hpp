// Checks of one table reference against the files it needs: a type Postfix does not know, a type
// mfd cannot open, a source whose built file is missing or older than it (with the mfmap or
// mfalias command that fixes it), a file that is missing or unreadable, and a table that holds
// passwords but is readable by group or others (with the chmod that fixes it). Paths are looked
// up under the sysroot; with no_file_checks, files that are not there are not reported.
#pragma once

#include <functional>
#include <string>

#include "compiler/database_client_settings.hpp"
#include "compiler/diagnostic.hpp"
#include "compiler/table_reference.hpp"
#include "compiler/unique_reporter.hpp"

namespace mf::compiler {

enum class TableUse {
    lookup,  // an ordinary table the daemons read
    aliases, // alias_maps / alias_database: built by mfalias
    secret,  // holds passwords: smtp_sasl_password_maps, lmtp_sasl_password_maps
    cache,   // a cache the daemons create and update themselves (address_verify_map...)
};

struct TableCheckInput {
    std::string parameter;
    TableReference table;
    SourceLocation location; // where the reference is written
    TableUse use = TableUse::lookup;
    // Why no daemon opens the table, "" when one does: an alias_database table that
    // alias_maps does not name (only newaliases opens it), a postscreen table while master.cf
    // runs no postscreen. A table that is missing, not built or unreadable is then a warning.
    std::string unread_reason = {};
};

struct TableFileOptions {
    std::function<std::string(const std::string&)> resolve; // configuration path -> host path
    bool no_file_checks = false;
    // Whether mfd's table library opens this type.
    std::function<bool(std::string_view)> mfd_opens;
    // main.cf's known_tcp_ports, for the ports database client files name.
    KnownTcpPorts known_tcp_ports;

    // What the judge of database client settings needs from these options: host paths
    // (none when files are not checked) and the known ports.
    ClientJudgeContext client_judge_context() const;
};

void check_table_reference(const TableCheckInput& input, const TableFileOptions& options,
                           UniqueReporter& reporter);

// How a parameter uses the tables it names, from its name (the catalog says which parameters
// are table lists; this says what kind).
TableUse table_use_for_parameter(std::string_view parameter);

} // namespace mf::compiler
