// The TLS checks of mfcc: certificates, keys, chains and CAs named by the smtpd_tls_*,
// smtp_tls_*, lmtp_tls_* parameters (legacy names included), tls_server_sni_maps, client
// certificate requests, and relay_clientcerts fingerprint tables. They see the configuration
// only through a lookup of expanded parameter values with their source locations, so they are
// pure functions of (name, value, location) plus the files named, and can be tested alone.
// Each file is read once (through a TlsFileCache, shared with the snapshot when the caller
// gives one); the validated keys, chains and CAs are handed back for the snapshot.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "compiler/diagnostic.hpp"
#include "compiler/tls_file_cache.hpp"
#include "compiler/tls_material.hpp"

namespace mf::compiler {

// A parameter as the checks see it: its value after $-expansion, and where it is set (for a
// default, the location of whatever the caller considers its origin; line 0 = the file).
struct TlsSetting {
    std::string value;
    SourceLocation location;
    bool explicitly_set = false;
    // Where byte `offset` of value is (a list continued over lines), when the lookup knows.
    std::function<SourceLocation(std::size_t offset)> locate;
    SourceLocation at(std::size_t offset) const { return locate ? locate(offset) : location; }
};

using TlsSettingLookup = std::function<TlsSetting(std::string_view name)>;

struct TlsCheckOptions {
    std::int64_t now = 0;                            // seconds since the epoch
    std::int64_t expiry_warning_seconds = 30 * 86400; // "expires within 30 days": warning
    std::int64_t min_validity_seconds = 0;           // --min-validity: within this, an error
    bool file_checks = true;  // false (--no-file-checks): files that are not there are skipped
    bool running_as_root = false;
    std::function<std::string(const std::string&)> resolve_path; // --sysroot; empty: identity
    // Where files are read; null: a cache of the check's own (using resolve_path).
    TlsFileCache* files = nullptr;
};

// Runs every TLS check. When `material` is given it receives the keys, chains and CA
// certificates that were read and validated (the snapshot's TLS section).
void check_tls(const TlsSettingLookup& lookup, const TlsCheckOptions& options,
               DiagnosticSink& sink, TlsMaterial* material = nullptr);

// "14d", "12h", "2w", "90m", "3600s", or a bare number of days: --min-validity in seconds.
Result<std::int64_t> parse_validity_period(std::string_view text);

} // namespace mf::compiler
