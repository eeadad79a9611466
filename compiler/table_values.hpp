// What a table answers, read the way the administrator wrote it: the source of hash, btree, cdb,
// lmdb, dbm, sdbm and texthash tables (each entry at its line) and the rules of regexp, pcre
// and cidr tables (each rule's answer as written, at its line). For the checks of what a table's
// answers mean to the daemon that asks: access actions (check_access_tables.cpp) and
// header/body_checks actions (check_content_checks.cpp).
#pragma once

#include <cstddef>
#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "compiler/checks.hpp"
#include "compiler/diagnostic.hpp"
#include "compiler/table_reference.hpp"

namespace mf::compiler {

struct TableValue {
    std::size_t line = 0;
    std::size_t column = 1; // of the value
    std::string key_label; // "key \"x.test\": " for keyed tables, "" for pattern rules
    std::string_view key;  // as written; empty for pattern rules
    std::string_view value;
    bool substitutes = false; // a pattern rule whose answer holds $n: only known per lookup
};

// Calls `visit` for every value of `table`, whose file is at `path` on this host. False when
// the type is not read this way, the file is not a regular file, or it cannot be opened (the
// table checks report that).
bool for_each_table_value(const TableReference& table, const std::string& path,
                          const std::function<void(const TableValue&)>& visit);

// An action answer cut as the daemons cut it (cmd + strcspn(cmd, " \t")): the first word, and
// the text after it without its leading blanks.
struct ActionWords {
    std::string_view action;
    std::string_view text;
};

inline ActionWords action_words(std::string_view answer)
{
    auto blank = [](char c) { return c == ' ' || c == '\t'; };
    std::size_t end = 0;
    while (end < answer.size() && !blank(answer[end]))
        ++end;
    std::string_view text = answer.substr(end);
    while (!text.empty() && blank(text.front()))
        text.remove_prefix(1);
    return {answer.substr(0, end), text};
}

// What a daemon would make of an answer, when it is not what was written.
struct AnswerProblem {
    Severity severity = Severity::error;
    std::string message;
};

struct NamedTableAnswer {
    const Setting& setting;       // the parameter that names the table
    const Service* service;       // whose -o it is; nullptr for main.cf
    const TableReference& table;
    const std::string& path;      // the table's file on this host (under the sysroot)
    const TableValue& answer;     // never one that substitutes $n

    // How a message about this answer begins: "transport_maps hash:/etc/postfix/transport:
    // key \"example.com\": " (no key for pattern rules).
    std::string label() const;
    // The answer's place in the table file.
    SourceLocation location() const { return {path, answer.line, answer.column}; }
};

// The answers of the tables that explicitly set parameters name (main.cf and master.cf -o),
// by absolute path. `reads` picks the settings: it returns the key under which a table counts
// as read (each table is read once per key), or nullopt for a setting of no interest.
void for_each_configured_table_answer(
    const Configuration& config, const CheckOptions& options,
    const std::function<std::optional<std::string>(const Setting&, const Service*)>& reads,
    const std::function<void(const NamedTableAnswer&)>& visit);

// The same for the tables of the parameters `names` alone, each table read once.
void for_each_table_answer_of(const Configuration& config, const CheckOptions& options,
                              std::initializer_list<std::string_view> names,
                              const std::function<void(const NamedTableAnswer&)>& visit);

} // namespace mf::compiler
