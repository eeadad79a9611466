// The catalog of every Postfix 3.7 parameter: type, default (as `postconf -d` prints it), numeric
// bounds (0 = unchecked, as in Postfix), the default unit of time values, fixed word sets, and
// whether mfd implements it. Generated into a sorted constant array (catalog_data.inc) from
// compiler/catalog/*, with a hash index computed at compile time: no start-up work at all.
// Per-transport parameters (`<service>_destination_concurrency_limit`, ...) are not listed one by
// one: postconf derives them from master.cf delivery services, and so does Configuration.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace mf::compiler {

enum class ParamType : std::uint8_t {
    boolean,          // yes/no, case-insensitive
    integer,          // int, no suffix, min/max
    long_integer,     // long, no suffix
    size,             // a byte count (long): no k/M/G suffix in Postfix 3.7
    time,             // number + optional unit s m h d w; bare number uses time_unit
    string,           // free text, $-expanded
    raw_string,       // not $-expanded when read (mailbox_command, ...)
    list,             // words separated by comma/space, { } grouping
    table_list,       // list of type:name lookup tables
    restriction_list, // smtpd restrictions
    enumeration,      // a word (or list of words) from a fixed set
    unknown,          // read at run time by code the catalog could not type
};

enum CatalogFlag : unsigned {
    flag_implemented = 1u << 0,    // mfd implements it (compiler/catalog/mfd-implemented.txt)
    flag_host_dependent = 1u << 1, // default computed on the running host (myhostname, ...)
    flag_read_only = 1u << 2,      // set by each program itself; an assignment is ignored
    flag_enum_list = 1u << 3,      // enumeration: a list of words rather than one word
    flag_enum_exact_case = 1u << 4, // enumeration: only the listed spelling (name_mask, strcmp)
    flag_enum_tls_protocols = 1u << 5, // enumeration: a TLS protocol list (!X, >=X, <=X words)
};

struct CatalogEntry {
    std::string_view name;
    ParamType type;
    std::string_view default_value; // unexpanded, as postconf -d prints it
    long min;                  // 0 = unchecked (length bounds for strings)
    long max;
    char time_unit;            // default unit of a time value; '\0' for other types
    unsigned flags;
    std::string_view words;    // enumeration: comma-separated allowed words, "(empty)" = ""
    // enumeration: the condition under which the daemon reads it (enabling_condition.hpp);
    // empty: always. Last two, so that most generated rows can leave them out.
    std::string_view enabled_when = {};
    // The programs that read it, space-separated (parameter_readers.hpp): daemons as master.cf's
    // command field names them, "*name" for master and the commands an administrator runs;
    // empty: any program may.
    std::string_view readers = {};
    bool implemented() const { return (flags & flag_implemented) != 0; }
    // Each program sets it itself; postconf drops an assignment ("read-only parameter
    // assignment") and every program ignores one.
    bool read_only() const { return (flags & flag_read_only) != 0; }
};

const char* type_name(ParamType type);

// A built-in parameter, or nullptr.
const CatalogEntry* find_parameter(std::string_view name);
// All built-in parameters, sorted by name.
std::span<const CatalogEntry> all_parameters();

// The templates of per-transport parameters: `name` is the suffix after "<transport>_".
const CatalogEntry* find_transport_suffix(std::string_view suffix);
std::span<const CatalogEntry> transport_suffixes();

// A built-in default that holds `$` references, expanded when mfcc was built (postconf -dx):
// `depends_on` lists, space-separated, every name the expansion reads, directly or through
// other defaults. The expansion holds while main.cf sets none of them; defaults that read what
// the host or the running program supplies (myhostname, config_directory...) have none.
struct ExpandedDefault {
    std::string_view expansion;
    std::string_view depends_on;
};
const ExpandedDefault* expanded_default(const CatalogEntry& entry);

// Names that no table declares but a built-in default references (legacy names such as
// postscreen_blacklist_action): postconf counts them as used when main.cf sets them.
bool referenced_by_defaults(std::string_view name);

// Commands whose master.cf services get per-service parameters (postconf's rule): the
// delivery agents, and spawn(8), which gets only <service>_time_limit (as pipe does too).
bool is_delivery_agent(std::string_view command_basename);

} // namespace mf::compiler
