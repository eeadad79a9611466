// The compiled snapshot: everything mfd needs from a configuration, resolved, typed and checked,
// in one versioned binary file (format in man/mf-snapshot.5). The writer goes through
// mf::AtomicFile, so a failed compile never leaves a half-written snapshot; the file is mode
// 0600 when it holds a private key. The reader refuses a truncated, corrupt (checksum) or
// wrong-version file with a reason, and returns an immutable Snapshot that threads share
// through std::shared_ptr<const Snapshot>.
//
// Filling a snapshot: build_snapshot() records parameters and services, then runs the snapshot contributors listed in compiler/check_registry.cpp (table identities,
// TLS material...), each `void(const Configuration&, const CheckOptions&, Snapshot&)`.
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "compiler/checks.hpp"
#include "compiler/configuration.hpp"
#include "compiler/restriction_catalog.hpp"
#include "util/result.hpp"

namespace mf::compiler {

inline constexpr char snapshot_magic[8] = {'M', 'F', 'S', 'N', 'A', 'P', '\r', '\n'};
inline constexpr std::uint32_t snapshot_format_version = 3;

using Sha256 = std::array<unsigned char, 32>;
Sha256 sha256(std::string_view bytes);
std::string hex(const Sha256& digest);

struct SnapshotSource {
    std::string path;
    std::uint64_t size = 0;
    Sha256 digest{};
};

// A parameter's texts are views: into the catalog's constant data (built-in names, defaults
// that need no expansion), or into text its Snapshot keeps (Snapshot::keep). A snapshot holds
// every parameter Postfix knows, about a thousand, nearly all at their defaults, so this saves
// mfcc three strings per parameter on every run, and the reader views the file's bytes.
struct SnapshotParameter {
    std::string_view name;
    ParamType type = ParamType::unknown;
    bool explicitly_set = false; // in main.cf (defaults are recorded too, resolved)
    bool implemented = false;    // mfd implements it
    std::string_view raw;        // as written (or the default)
    std::string_view value;      // expanded (RAW parameters: unexpanded)
};

struct SnapshotOverride {
    std::string name;
    std::string raw;
    std::string value; // expanded in the service's context
};

struct SnapshotService {
    std::string name, type;
    bool private_service = true, unprivileged = true, chroot = false;
    std::uint32_t wakeup = 0;
    bool wakeup_if_used = false;
    std::uint32_t process_limit = 0; // 0 = no limit
    std::string command;
    std::vector<std::string> arguments; // after the command, -o pairs excluded
    std::vector<SnapshotOverride> overrides;
};

// Where a compiled restriction came from; line 0 when it is a built-in default.
struct SnapshotLocation {
    std::string file;
    std::uint32_t line = 0, column = 0;
};

inline constexpr std::uint32_t snapshot_no_index = 0xffffffff;

// The argument a restriction took from its list, typed as smtpd will use it. `text` is always
// the token as written; the fields of its kind say what it means.
struct SnapshotRestrictionArgument {
    enum class Kind : std::uint8_t { none = 0, table = 1, policy_service = 2, dnsxl_domain = 3, seconds = 4 };
    Kind kind = Kind::none;
    std::string text;
    SnapshotLocation location;
    // table: the reference as the table parser reads it, and the Snapshot::tables entry with
    // the identity of the file it was checked against (snapshot_no_index when none is recorded)
    std::string table_type, table_name;
    bool proxied = false;
    std::uint32_t table_index = snapshot_no_index;
    // policy_service (compiler/policy_service.hpp)
    std::string endpoint;
    std::vector<std::pair<std::string, std::string>> attributes;
    // dnsxl_domain: zen.example.org[=reply filter]
    std::string domain, reply_filter;
    // seconds (sleep)
    std::uint32_t seconds = 0;
};

struct SnapshotRestrictionEntry {
    enum class Kind : std::uint8_t {
        restriction = 1,       // a built-in restriction: `id`
        bare_table = 2,        // `type:table` for the list's default check_*_access: `id`
                               // (none in a class body, which takes the calling list's, and in
                               // smtpd_data/end_of_data_restrictions, which have none)
        restriction_class = 3, // a class of smtpd_restriction_classes: `class_index`
        unknown = 4,           // none of these: smtpd answers 451 4.3.5 when it gets there
    };
    Kind kind = Kind::unknown;
    RestrictionId id = RestrictionId::none;
    std::string name; // the token as written (for a bare table: the table)
    SnapshotLocation location;
    std::uint32_t class_index = snapshot_no_index; // into Snapshot::restrictions, same service
    SnapshotRestrictionArgument argument;          // a bare table's table is its argument
};

// One restriction list in effect, for main.cf (service "") or one smtpd service after its -o;
// or the body of a restriction class as that service reads it.
struct SnapshotRestrictionList {
    bool restriction_class = false;
    std::string service;   // "" or "name/type"
    std::string parameter; // the list parameter, or the class name
    bool explicitly_set = false;
    SnapshotLocation location; // of the value
    std::vector<SnapshotRestrictionEntry> entries;
};

// A lookup table a parameter names, with the identity of the built file it was checked against.
struct SnapshotTable {
    std::string parameter;
    std::string type;        // hash, cdb, ...
    std::string name;        // the table's name as configured (path or inline text)
    std::string file;        // the built file read at run time ("" for non-file types)
    std::uint64_t size = 0;  // 0 and zero digest when the file was not there
    std::int64_t mtime = 0;
    std::uint64_t inode = 0;
    Sha256 digest{};
};

struct SnapshotTlsMaterial {
    enum class Kind : std::uint8_t { certificate_chain = 1, private_key = 2, ca_certificates = 3 };
    Kind kind = Kind::certificate_chain;
    std::string service;     // "name/type" of the master.cf service it is for; "" for main.cf
    std::string parameter;   // e.g. smtpd_tls_chain_files
    std::string server_name; // tls_server_sni_maps: the SNI name it is presented for; else ""
    std::string path;        // the file it was read from (an SNI table: type:name)
    std::string bytes;       // PEM of what was read and validated (compiler/tls_material.hpp)
};

struct Snapshot {
    std::vector<SnapshotSource> sources;
    std::vector<SnapshotParameter> parameters; // sorted by name
    std::vector<SnapshotService> services;
    std::vector<SnapshotRestrictionList> restrictions;
    std::vector<SnapshotTable> tables;
    std::vector<SnapshotTlsMaterial> tls;

    const SnapshotParameter* parameter(std::string_view name) const;
    bool holds_private_key() const;

    // Keeps `text` for as long as this snapshot or any copy of it lives, and returns a view of
    // it for a SnapshotParameter.
    std::string_view keep(std::string text);

private:
    // A deque never moves the strings it holds, and copies of the snapshot share it.
    std::shared_ptr<std::deque<std::string>> kept_ = std::make_shared<std::deque<std::string>>();
};

using SnapshotContributor = void (*)(const Configuration&, const CheckOptions&, Snapshot&);
// The contributors, in order (compiler/check_registry.cpp).
std::span<const SnapshotContributor> snapshot_contributors();
void add_table_identities(const Configuration&, const CheckOptions&, Snapshot&); // snapshot_tables.cpp
void add_tls_material(const Configuration&, const CheckOptions&, Snapshot&); // check_tls_configuration.cpp
// After add_table_identities, whose entries the table arguments point at.
void add_restriction_lists(const Configuration&, const CheckOptions&, Snapshot&); // snapshot_restrictions.cpp

Snapshot build_snapshot(const Configuration& config, const CheckOptions& options);

std::string encode_snapshot(const Snapshot& snapshot);
Result<std::shared_ptr<const Snapshot>> decode_snapshot(std::string_view bytes);

// Atomic: temporary file beside `path`, fsync, rename. Mode 0600 if it holds a key, else 0644.
Result<void> write_snapshot(const Snapshot& snapshot, const std::string& path);
Result<std::shared_ptr<const Snapshot>> read_snapshot(const std::string& path);

std::string dump_snapshot(const Snapshot& snapshot);
// What `after` changes compared with `before`, one line per change; "" when nothing changed.
std::string diff_snapshots(const Snapshot& before, const Snapshot& after);

} // namespace mf::compiler
