// The check pipeline: every check is a function over the loaded Configuration that reports to a
// DiagnosticSink. The list of checks, in the order they run, is in ONE place:
// compiler/check_registry.cpp. To add a check: write `void check_x(const Configuration&,
// DiagnosticSink&, const CheckOptions&)` in its own file, declare it below, add one line to the
// registry, and give its codes rows in compiler/diagnostic_codes.cpp.
// Checks never stop at the first problem, never modify the configuration, and only read files
// (tables, certificates) through CheckOptions::resolve so that --sysroot applies.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>

#include "compiler/configuration.hpp"
#include "compiler/diagnostic.hpp"

namespace mf::compiler {

class TlsFileCache; // compiler/tls_file_cache.hpp

struct CheckOptions {
    std::string sysroot;          // --sysroot: absolute paths are looked up under it
    bool no_file_checks = false;  // --no-file-checks: skip checks of files that are not there
    // --host-checks: this is the mail server; judge accounts, addresses and directories
    // against this host (check_host.cpp). Off, nothing of the host is looked at.
    bool host_checks = false;
    // --min-validity: a certificate expiring within this many seconds is an error (0: only an
    // expired one is; expiring within 30 days is a warning either way).
    std::int64_t min_validity_seconds = 0;
    // The TLS files of this compile, read once and shared by the TLS checks and the snapshot
    // (share_tls_files() in tls_file_cache.hpp); null: each reads the files itself.
    std::shared_ptr<TlsFileCache> tls_files;

    // An absolute path as the configuration names it, mapped under the sysroot; lexically
    // normal, so that `--sysroot .` gives the repository-relative paths GitHub annotations need.
    std::string resolve(const std::string& path) const
    {
        if (sysroot.empty() || path.empty() || path.front() != '/')
            return path;
        return (std::filesystem::path(sysroot) / path.substr(1)).lexically_normal().string();
    }
};

using CheckFunction = void (*)(const Configuration&, DiagnosticSink&, const CheckOptions&);

struct RegisteredCheck {
    const char* name; // short, for --list-checks and timing
    CheckFunction run;
};

// The registered checks, in order (check_registry.cpp).
std::span<const RegisteredCheck> registered_checks();

// Runs every registered check.
void run_checks(const Configuration& config, DiagnosticSink& sink, const CheckOptions& options);

// The known parameter nearest to `name` (edit distance), or "" (check_parameter_names.cpp).
std::string suggest_parameter(const Configuration& config, std::string_view name);

// ---- the checks (one file each) --------------------------------------------------------------
void check_encoding(const Configuration&, DiagnosticSink&, const CheckOptions&);          // check_encoding.cpp
void check_duplicates(const Configuration&, DiagnosticSink&, const CheckOptions&);        // check_duplicates.cpp
void check_parameter_names(const Configuration&, DiagnosticSink&, const CheckOptions&);   // check_parameter_names.cpp
void check_expansions(const Configuration&, DiagnosticSink&, const CheckOptions&);        // check_expansions.cpp
void check_postconf_start_up(const Configuration&, DiagnosticSink&, const CheckOptions&); // check_postconf_start_up.cpp
void check_parameter_values(const Configuration&, DiagnosticSink&, const CheckOptions&);  // check_parameter_values.cpp
// Whether an enumeration parameter takes the word: one of its catalog words, in the listed
// spelling only where Postfix compares case-sensitively.
bool enumeration_allows(const CatalogEntry& entry, std::string_view word);                  // check_parameter_values.cpp
void check_network_values(const Configuration&, DiagnosticSink&, const CheckOptions&);    // check_network_values.cpp
// Whether check_network_values reads the parameter as an address match list, whose elements
// it judges (an IPv6 network without brackets, which Postfix takes for a type:table, included).
bool is_address_match_list(std::string_view parameter);                                     // check_network_values.cpp
void check_startup(const Configuration&, DiagnosticSink&, const CheckOptions&);           // check_startup.cpp
void check_maillog_file(const Configuration&, DiagnosticSink&, const CheckOptions&);      // check_maillog_file.cpp
void check_host(const Configuration&, DiagnosticSink&, const CheckOptions&);              // check_host.cpp
void check_restrictions(const Configuration&, DiagnosticSink&, const CheckOptions&);      // check_restrictions.cpp
void check_open_relays(const Configuration&, DiagnosticSink&, const CheckOptions&);       // check_open_relay.cpp
void check_address_classes(const Configuration&, DiagnosticSink&, const CheckOptions&);   // check_address_classes.cpp
void check_virtual_domains(const Configuration&, DiagnosticSink&, const CheckOptions&);   // check_virtual_domains.cpp
void check_local_delivery(const Configuration&, DiagnosticSink&, const CheckOptions&);    // check_local_delivery.cpp
void check_mailbox_size_limits(const Configuration&, DiagnosticSink&, const CheckOptions&); // check_mailbox_size_limits.cpp
void check_transports(const Configuration&, DiagnosticSink&, const CheckOptions&);        // check_transports.cpp
void check_alias_database(const Configuration&, DiagnosticSink&, const CheckOptions&);    // check_alias_database.cpp
void check_client_sasl(const Configuration&, DiagnosticSink&, const CheckOptions&);       // check_client_sasl.cpp
void check_public_mx_tls(const Configuration&, DiagnosticSink&, const CheckOptions&);     // check_public_mx_tls.cpp
void check_tables(const Configuration&, DiagnosticSink&, const CheckOptions&);            // check_tables.cpp
void check_proxy_tables(const Configuration&, DiagnosticSink&, const CheckOptions&);      // check_proxy_tables.cpp
void check_access_tables(const Configuration&, DiagnosticSink&, const CheckOptions&);     // check_access_tables.cpp
void check_content_checks(const Configuration&, DiagnosticSink&, const CheckOptions&);    // check_content_checks.cpp
void check_tls_policy_tables(const Configuration&, DiagnosticSink&, const CheckOptions&); // check_tls_policy_tables.cpp
void check_helper_services(const Configuration&, DiagnosticSink&, const CheckOptions&);   // check_helper_services.cpp
void check_content_filter_loop(const Configuration&, DiagnosticSink&, const CheckOptions&); // check_content_filter_loop.cpp
void check_pipe_recipient_limit(const Configuration&, DiagnosticSink&, const CheckOptions&); // check_pipe_recipient_limit.cpp
void check_postscreen_lists(const Configuration&, DiagnosticSink&, const CheckOptions&); // check_postscreen_lists.cpp
void check_dnsbl_filters(const Configuration&, DiagnosticSink&, const CheckOptions&);    // check_dnsbl_filters.cpp
void check_milters(const Configuration&, DiagnosticSink&, const CheckOptions&);          // check_milters.cpp
void check_chroot_sockets(const Configuration&, DiagnosticSink&, const CheckOptions&);   // check_chroot_sockets.cpp
void check_policy_servers(const Configuration&, DiagnosticSink&, const CheckOptions&); // check_policy_servers.cpp
void check_sasl_restrictions(const Configuration&, DiagnosticSink&, const CheckOptions&); // check_sasl_restrictions.cpp
void check_sasl_offer(const Configuration&, DiagnosticSink&, const CheckOptions&);        // check_sasl_offer.cpp
void check_wrapper_mode(const Configuration&, DiagnosticSink&, const CheckOptions&);     // check_wrapper_mode.cpp
void check_relay_credentials(const Configuration&, DiagnosticSink&, const CheckOptions&); // check_relay_credentials.cpp
void check_dane_dnssec(const Configuration&, DiagnosticSink&, const CheckOptions&);       // check_dane_dnssec.cpp
void check_client_tls_trust(const Configuration&, DiagnosticSink&, const CheckOptions&);  // check_client_tls_trust.cpp
void check_master(const Configuration&, DiagnosticSink&, const CheckOptions&);            // check_master.cpp
void check_unimplemented(const Configuration&, DiagnosticSink&, const CheckOptions&);     // check_unimplemented.cpp
void check_tls_configuration(const Configuration&, DiagnosticSink&, const CheckOptions&); // check_tls_configuration.cpp

} // namespace mf::compiler
