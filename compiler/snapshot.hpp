// The compiled snapshot: everything mfd needs from a configuration, resolved, typed and checked,
// in one versioned binary file (format in man/mf-snapshot.5). The writer goes through
// mf::AtomicFile, so a failed compile never leaves a half-written snapshot; the file is mode
// 0600 when it holds a private key. The reader refuses a truncated, corrupt (checksum) or
// wrong-version file with a reason, and returns an immutable Snapshot that threads share
// through std::shared_ptr<const Snapshot>.
//
// Filling a snapshot: build_snapshot() records parameters, services and restriction lists,
// then runs the snapshot contributors listed in compiler/check_registry.cpp (table identities,
// TLS material...), each `void(const Configuration&, const CheckOptions&, Snapshot&)`.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "compiler/checks.hpp"
#include "compiler/configuration.hpp"
#include "util/result.hpp"

namespace mf::compiler {

inline constexpr char snapshot_magic[8] = {'M', 'F', 'S', 'N', 'A', 'P', '\r', '\n'};
inline constexpr std::uint32_t snapshot_format_version = 2;

using Sha256 = std::array<unsigned char, 32>;
Sha256 sha256(std::string_view bytes);
std::string hex(const Sha256& digest);

struct SnapshotSource {
    std::string path;
    std::uint64_t size = 0;
    Sha256 digest{};
};

struct SnapshotParameter {
    std::string name;
    ParamType type = ParamType::unknown;
    bool explicitly_set = false; // in main.cf (defaults are recorded too, resolved)
    bool implemented = false;    // mfd implements it
    std::string raw;             // as written (or the default)
    std::string value;           // expanded (RAW parameters: unexpanded)
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

// One restriction list in effect: for main.cf (service "") or one smtpd service after its -o.
struct SnapshotRestrictionList {
    std::string service;
    std::string parameter;
    std::vector<std::vector<std::string>> entries; // each: restriction name, then its arguments
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
};

using SnapshotContributor = void (*)(const Configuration&, const CheckOptions&, Snapshot&);
// The contributors, in order (compiler/check_registry.cpp).
std::span<const SnapshotContributor> snapshot_contributors();
void add_table_identities(const Configuration&, const CheckOptions&, Snapshot&); // snapshot_tables.cpp
void add_tls_material(const Configuration&, const CheckOptions&, Snapshot&); // check_tls_configuration.cpp

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
