// The configuration model every mfcc check reads: main.cf and master.cf as Postfix sees them.
//
// API for checks (see compiler/checks.hpp for how a check is registered):
//   auto config = load_configuration({.path = "/etc/postfix"}, sink);  // Result<Configuration>
//   config->main_cf_settings()      every `name = value` of main.cf in file order, duplicates
//                                   included (Setting::overridden marks the ones a later line beat)
//   config->services()              master.cf entries: fields with their locations, arguments,
//                                   and the `-o name=value` overrides (each a Setting)
//   config->lookup(name[, &svc])    the value in effect, unexpanded: the service's -o override,
//                                   else main.cf, else the built-in or per-transport default;
//                                   nullopt when Postfix knows no such name anywhere
//   config->expand(name[, &svc])    the value as `postconf -x` shows it (RAW parameters are
//                                   returned unexpanded); `expand_text` expands any text
//   config->catalog_entry(name)     the type information, per-transport names included
//   config->is_known(name)          built in, derived from a master.cf service, or user-defined
//                                   (referenced as $name, a restriction class)
//   configuration_from_text(...)    the same from texts in memory (tests, fuzzing)
// Locations are 1-based FILE:LINE:COLUMN of the value text, ready for DiagnosticSink::report.
// The object is immutable after loading; expansion keeps no cache, so it is safe to share.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "compiler/catalog.hpp"
#include "compiler/diagnostic.hpp"
#include "compiler/host_defaults.hpp"
#include "compiler/known_tcp_ports.hpp"
#include "util/result.hpp"

namespace mf::compiler {

// Where the part of a value from `offset` on starts in the file (values continued over lines).
struct ValuePiece {
    std::size_t offset = 0;
    std::size_t line = 0;
    std::size_t column = 0;
};

// One `name = value` of main.cf, or one `-o name=value` of a master.cf service.
struct Setting {
    std::string name;
    std::string value; // raw: continuation lines joined, surrounding whitespace trimmed
    SourceLocation name_location;
    SourceLocation value_location;
    bool overridden = false; // a later definition of the same name wins (main.cf only)
    // One entry per continuation line inside the value (empty: the value is on one line).
    std::vector<ValuePiece> continued;

    // The exact FILE:LINE:COLUMN of the value's byte at `offset`.
    SourceLocation location_of(std::size_t offset) const;
};

class Configuration;
struct Service;

// Where the bytes of a value after expansion are in the file: exact when the expansion left
// the value as written; else the list element at an offset is placed where the value writes
// it, when it writes it once (a table after a $name that expanded); else, given the
// configuration, where a user-defined parameter the value refers to ($name, and what that
// refers to) writes it, when one place does (a table in a list of the administrator's own that
// -o overrides name as $name: Postfix checks no line of its own for it); else at the element
// of the value that expands to it, when one does (${db_driver}:/etc/postfix/sql-transport.cf
// on its own line); and anything else at the start of the value. The values are indexed once, at the first
// need, so that placing every element of a long list stays linear. `setting`, `expanded`,
// `config` and `service` must outlive it; `service` is the one whose -o overrides the
// references see first.
class ExpansionLocator {
public:
    ExpansionLocator(const Setting& setting, std::string_view expanded,
                     const Configuration* config = nullptr, const Service* service = nullptr)
        : setting_(setting), expanded_(expanded), config_(config), service_(service),
          as_written_(expanded == setting.value)
    {
    }
    ExpansionLocator(const ExpansionLocator&) = delete; // its index views its own texts
    ExpansionLocator& operator=(const ExpansionLocator&) = delete;
    SourceLocation at(std::size_t offset);

private:
    // An element's place: the setting that writes it and its offset there; no setting when
    // it is written in more than one place.
    struct Place {
        const Setting* setting = nullptr;
        std::size_t offset = 0;
    };
    using Index = std::unordered_map<std::string_view, Place>;
    static void record(Index& index, std::string_view element, Place place);
    static void add_elements(const Setting& setting, Index& index);
    void add_expanded_elements();
    void add_referenced(const Setting& setting, int depth, std::set<const Setting*>& seen);

    const Setting& setting_;
    std::string_view expanded_;
    const Configuration* config_;
    const Service* service_;
    bool as_written_; // compared once: every call would read the whole value again
    bool indexed_ = false;
    Index written_;    // the value's own elements
    Index expanded_elements_; // those with a $name, by what each expands to (kept in texts_)
    std::deque<std::string> texts_;
    Index referenced_; // the elements of the values it refers to
};

struct ServiceField {
    std::string text;
    SourceLocation location;
};

// One master.cf entry. Fields keep their text as written (`-` included); the helpers apply
// Postfix's defaults.
struct Service {
    ServiceField name, type, private_field, unprivileged, chroot, wakeup, process_limit, command;
    std::vector<ServiceField> arguments; // everything after the command, `-o` pairs included
    // arguments[0, option_count) are daemon options (-o name=value, -v, -D), read as the
    // daemons' getopt reads them (compiler/daemon_options.hpp); reading stops at the first
    // argument that does not start with '-' or is "--": in `pipe user=x
    // argv=/usr/sbin/sendmail -oi`, -oi is the command's own.
    std::size_t option_count = 0;
    std::vector<std::string> option_flags; // the other options, as written: "-v" of -vo x=y
    std::vector<Setting> overrides;      // the -o name=value pairs, in order
    SourceLocation location;             // the entry's first character
    // A later entry for the same endpoint wins (master reads the file to the end), so master
    // never runs this one: the line of the next entry for it; 0 when there is none.
    std::size_t superseded_by_line = 0;
    bool superseded() const { return superseded_by_line != 0; }

    std::string key() const { return name.text + "/" + type.text; } // as postconf -M names it
    std::string_view command_basename() const;
    std::vector<std::string> argument_texts() const; // the arguments as written, in order
    const Setting* override_for(std::string_view parameter) const; // the last -o of it
};

// What one expansion ran into; the expansion check turns these into diagnostics.
struct ExpansionProblem {
    enum class Kind { undefined, nesting, too_large, syntax } kind;
    std::string detail; // the parameter name (undefined, nesting) or Postfix's syntax message
    std::size_t offset = 0; // syntax: where in the text (or in `parameter`'s value)
    std::string parameter;  // syntax: "" when in the expanded text itself, else the referenced
                            // parameter whose value holds the error
};

struct ParameterValue {
    std::string_view name;
    std::string_view raw;               // in effect, unexpanded
    const Setting* setting = nullptr;   // where it was set; nullptr for a default
    const CatalogEntry* entry = nullptr; // nullptr: not a Postfix parameter (user-defined)
    bool from_override = false;         // set by the service's -o

    bool explicitly_set() const { return setting != nullptr; }
};

struct LoadOptions {
    std::string path;                 // a directory holding main.cf, or a main.cf file
    std::optional<std::string> master; // master.cf to read instead of the one beside main.cf
    // What process_id is: postconf shows its own process's, while a snapshot must not depend on
    // which process compiled it; unset, the catalog's default.
    std::optional<std::string> process_id;
};

class Configuration {
public:
    const std::string& config_directory() const { return config_directory_; }
    const std::string& main_cf_path() const { return main_cf_path_; }
    const std::string& master_cf_path() const { return master_cf_path_; }
    bool has_master_cf() const { return has_master_cf_; }

    const std::vector<Setting>& main_cf_settings() const { return main_settings_; }
    const std::vector<Service>& services() const { return services_; }
    // The first master.cf service with this name and type, or nullptr.
    const Service* find_service(std::string_view name, std::string_view type) const;
    // Calls visit(setting, service) for every setting in force: each main.cf setting that no
    // later line overrides (service null), then each master.cf -o override (its service).
    // Checks of values walk this, so a service's overrides are judged like main.cf's.
    template <typename Visitor> void for_each_setting_in_force(Visitor&& visit) const
    {
        for (const Setting& setting : main_settings_)
            if (!setting.overridden)
                visit(setting, static_cast<const Service*>(nullptr));
        for (const Service& service : services_)
            for (const Setting& setting : service.overrides)
                visit(setting, &service);
    }
    // The winning main.cf definition of `name`, or nullptr.
    const Setting* main_cf_setting(std::string_view name) const;

    std::optional<ParameterValue> lookup(std::string_view name,
                                         const Service* service = nullptr) const;
    // Where the value of `name` in force for `service` is written: its -o or main.cf
    // setting, or the service's master.cf entry while the default is in force.
    SourceLocation where_in_force(std::string_view name, const Service& service) const;
    std::string expand(std::string_view name, const Service* service = nullptr,
                       std::vector<ExpansionProblem>* problems = nullptr) const;
    // A boolean's value in force, read as Postfix reads it: "yes" in any case is true.
    bool is_yes(std::string_view name, const Service* service = nullptr) const;
    std::string expand_text(std::string_view text, const Service* service = nullptr,
                            std::vector<ExpansionProblem>* problems = nullptr) const;

    // `text` expanded as Postfix's programs expand myhostname before any default exists: only
    // main.cf's settings (and config_directory) are defined, other names expand to nothing.
    std::string expand_in_main_cf_dictionary(
        std::string_view text, std::vector<ExpansionProblem>* problems = nullptr) const;
    // The name the system reports (gethostname), from which myhostname's default is made.
    const std::string& system_name() const { return host_.system_name; }

    const CatalogEntry* catalog_entry(std::string_view name) const;
    bool is_known(std::string_view name) const;
    bool is_user_defined(std::string_view name) const { return user_defined_.count(name) > 0; }
    // The names referenced as $name (or ${name...}) from any main.cf value or -o value.
    const std::set<std::string, std::less<>>& referenced_names() const { return referenced_; }
    // Every name a main.cf-configured database (ldap:corp...) would read, set or not: the
    // candidates of "did you mean" for corp_serch_base. Filled only when some setting is
    // unknown, which is the only time suggestions are made.
    const std::set<std::string, std::less<>>& dbms_parameter_names() const { return dbms_names_; }

    // main.cf's known_tcp_ports, as master(8) reads it for the inet services' ports.
    const KnownTcpPorts& known_tcp_ports() const { return known_tcp_ports_; }

    // The text of a file this configuration was read from ("" if unknown), for carets.
    std::string_view source_text(std::string_view file) const;

private:
    friend Result<Configuration> load_configuration(const LoadOptions&, DiagnosticSink&);
    friend Configuration configuration_from_text(const std::string&, std::string,
                                                 const std::string&, std::string, DiagnosticSink&);
    void read(DiagnosticSink& sink);
    void index();
    void complete_host_defaults();
    void register_dbms_parameters();
    // Set by a main.cf line or by some service's -o.
    bool defined_in_files(std::string_view name) const;
    // A per-transport parameter's template (`relay_destination_concurrency_limit`), or nullptr.
    const CatalogEntry* transport_entry(std::string_view name) const;
    // The winning main.cf definition of `name`, `builtin` being its catalog entry or nullptr.
    const Setting* winning_setting(std::string_view name, const CatalogEntry* builtin) const;

    std::string config_directory_;
    std::string main_cf_path_;
    std::string master_cf_path_;
    bool has_master_cf_ = false;
    std::string main_text_;
    std::string master_text_;
    std::vector<Setting> main_settings_;
    std::vector<Service> services_;
    // Lookups by string_view without building a std::string.
    struct NameHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view name) const { return std::hash<std::string_view>{}(name); }
    };
    template <typename Value>
    using NameMap = std::unordered_map<std::string, Value, NameHash, std::equal_to<>>;

    NameMap<std::size_t> winning_;                 // name -> index in main_settings_
    // The same for built-in parameters by catalog position (index + 1; 0 = not set), so that
    // the lookups of expansion, which are nearly all of built-ins, hash no name again.
    std::vector<std::uint32_t> builtin_winning_;
    std::set<std::string, std::less<>> user_defined_; // referenced or restriction classes, set here
    std::set<std::string, std::less<>> referenced_;
    std::set<std::string, std::less<>> dbms_names_;
    NameMap<std::string> transport_commands_;      // service -> delivery agent
    KnownTcpPorts known_tcp_ports_;
    HostNames host_; // computed defaults of host-dependent parameters
    std::optional<std::string> process_id_; // LoadOptions::process_id
    // The interface list, read at most once and only if mynetworks's default is needed; shared
    // so that a moved Configuration keeps it, and call_once keeps concurrent readers safe.
    // mynetworks's default per (style, inet_interfaces, inet_protocols), kept so that lookups
    // can return views of it.
    struct LazyNetworks {
        std::once_flag once;
        HostNetworks networks;
        std::mutex mutex;
        std::map<std::string, std::string, std::less<>> defaults;

        std::string_view mynetworks(std::string_view style, std::string_view inet_interfaces,
                                    std::string_view inet_protocols);
    };
    std::shared_ptr<LazyNetworks> networks_ = std::make_shared<LazyNetworks>();
};

// The same from texts already in memory (tests, fuzzing): `main_cf_path`/`master_cf_path` only
// name them in diagnostics; no file is read. An empty master_text means "no master.cf".
Configuration configuration_from_text(const std::string& main_cf_path, std::string main_text,
                                      const std::string& master_cf_path, std::string master_text,
                                      DiagnosticSink& sink);

// Reads main.cf (and master.cf beside it, or options.master). Syntax problems are reported to
// `sink` and the offending lines skipped, as Postfix does; an unreadable main.cf is an Error.
Result<Configuration> load_configuration(const LoadOptions& options, DiagnosticSink& sink);

// postconf's display form: whitespace runs collapsed to one space, ends trimmed.
std::string collapse_whitespace(std::string_view text);
// `text` without the whitespace at its ends.
std::string_view trim_whitespace(std::string_view text);

// The names a text references ($name, ${name...}, inside branches and relational operands), as
// postconf's scan finds them: up to the first syntax error.
void collect_references(std::string_view text, std::set<std::string, std::less<>>& out);
// The same with the offset in `text` of the `$` of each name's first reference.
void collect_reference_offsets(std::string_view text,
                               std::map<std::string, std::size_t, std::less<>>& out);

// The first syntax error in a text, read through every branch whether or not it is taken (as
// postconf's scan reads it, with a warning), or nothing.
std::optional<ExpansionProblem> first_syntax_error(std::string_view text);

// Postfix's list splitting (", \t\r\n" separators, `{...}` kept as one element).
std::vector<std::string_view> split_list(std::string_view text);

} // namespace mf::compiler
