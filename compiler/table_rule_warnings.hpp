// The rules of the regexp:, pcre: and cidr: tables a configuration names, read with the table
// library mfd uses (postmap/dict_pattern, postmap/dict_cidr), as the daemons read them when they
// open the table: every rule Postfix would skip or read other than written is reported at the
// table file's own line, in the words Postfix logs. Each file is read once however many
// parameters and services name it.
#pragma once

#include <set>
#include <string>
#include <string_view>

#include "compiler/table_reference.hpp"
#include "compiler/unique_reporter.hpp"

namespace mf::compiler {

class TableRuleWarnings {
public:
    explicit TableRuleWarnings(UniqueReporter& reporter) : reporter_(reporter) {}

    // `path` is where the file is on this host (under --sysroot). A file that cannot be opened
    // is left to the table-missing and table-unreadable checks; other types are ignored.
    void check(const TableReference& table, const std::string& path, std::string_view parameter);

private:
    UniqueReporter& reporter_;
    std::set<std::string> read_;
};

} // namespace mf::compiler
