// Lookup-table references (`type:name`) as Postfix 3.7 reads them from table lists, match lists
// (mynetworks, relay_domains...) and restriction lists: the table types Postfix knows, how each
// stores its data (a file built by postmap, a file read as is, a client configuration file, or
// nothing on disk), and the extraction of every reference in a value, through `proxy:` and into
// the tables nested in `unionmap:{...}` and `pipemap:{...}`. The ONE parser of table references:
// the table checks and the snapshot's table identities both use parameter_table_references.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace mf::compiler {

class Configuration;
struct Service;

enum class TableStorage {
    indexed,      // postmap builds name.db / name.cdb / name.lmdb from the source file `name`
    text_file,    // the file `name` is read as is: regexp, pcre, cidr, texthash
    client_config, // `name` is a database client configuration file: ldap, mysql, pgsql...
    composite,    // unionmap:{...} / pipemap:{...}: the tables inside are the references
    none,         // nothing on disk: inline, static, tcp, nis, unix, proxy endpoints...
};

struct TableTypeInfo {
    std::string_view type;
    TableStorage storage;
    std::string_view built_suffix; // indexed types: ".db", ".cdb", ".lmdb", ".pag"
};

// The types `postconf -m` can list for Postfix 3.7 with every plug-in installed.
std::span<const TableTypeInfo> known_table_types();
const TableTypeInfo* find_table_type(std::string_view type);

struct TableReference {
    std::string text;    // as written: "proxy:hash:/etc/postfix/virtual"
    std::string type;    // after proxy: and the like are peeled off: "hash"
    std::string name;    // "/etc/postfix/virtual" (braces kept for inline-style names)
    std::size_t offset = 0; // of `text` in the value it came from
    bool proxied = false;   // read through proxymap (`proxy:`)
    // A unionmap/pipemap nested deeper than most_table_nesting: the tables inside it are not
    // listed (so that absurd nesting costs neither time nor memory) and checks say so.
    bool inside_not_read = false;
};

// How many unionmap/pipemap levels deep tables are listed.
inline constexpr int most_table_nesting = 8;

// Every table named in a table-list value (`alias_maps`, `*_maps`, `*_checks`...).
std::vector<TableReference> table_list_references(std::string_view value);
// Whether `parameter` takes a name without a type as a table of default_database_type, instead
// of refusing it as the daemons do: alias_database, which only newaliases (postalias) reads.
bool untyped_names_are_tables(std::string_view parameter);

// The tables of alias_database as newaliases reads them: a name without a type has
// `default_type` (default_database_type), as postalias gives it.
std::vector<TableReference> alias_database_references(std::string_view value,
                                                      std::string_view default_type);
// The tables among the patterns of a match list: elements of the form `type:name`, with an
// optional leading `!`; `[::1]/128` and other bracketed addresses are patterns, not tables.
std::vector<TableReference> match_list_references(std::string_view value);
// The tables of a restriction list: the argument of every check_*_access and every bare table.
std::vector<TableReference> restriction_list_references(std::string_view value);

// The table an access restriction's argument names: `type:name`, or the first element of a
// `{ type:name, { search_order = ... } }` group; nothing when the token names no table.
std::vector<TableReference> access_argument_references(std::string_view token, std::size_t offset);

// The built file a runtime opens for an indexed table ("" when there is none).
std::string built_table_file(const TableReference& table);
// The file a server opens for a table: the built file of an indexed table, the file itself for
// text and client-configuration tables; "" when it opens none or the name is not absolute.
std::string opened_table_file(const TableReference& table);

// How a parameter's value names tables: as a table list (*_maps, *_checks), a restriction list
// or restriction class body, a match list whose elements may be tables, or not at all
// (proxy_read_maps only names tables that proxymap may open).
enum class TableListKind { none, tables, restrictions, matches };
TableListKind table_list_kind(const Configuration& config, std::string_view parameter,
                              const Service* service);
// Every table a parameter's (expanded) value names, by the parameter's kind.
std::vector<TableReference> parameter_table_references(const Configuration& config,
                                                       std::string_view parameter,
                                                       std::string_view value,
                                                       const Service* service);

} // namespace mf::compiler
