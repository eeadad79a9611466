// THE list of checks mfcc runs, in order, and of snapshot contributors. Adding a check is one
// line here (and its declaration in checks.hpp). Order: what the files say (duplicates, names), then what values expand to,
// then what the expanded values mean.
#include "compiler/checks.hpp"
#include "compiler/snapshot.hpp"

namespace mf::compiler {

namespace {

constexpr RegisteredCheck checks[] = {
    {"encoding", check_encoding},
    {"duplicates", check_duplicates},
    {"parameter-names", check_parameter_names},
    {"expansions", check_expansions},
    {"postconf-start-up", check_postconf_start_up},
    {"parameter-values", check_parameter_values},
    {"network-values", check_network_values},
    {"startup", check_startup},
    {"maillog-file", check_maillog_file},
    {"host", check_host},
    {"restrictions", check_restrictions},
    {"open-relay", check_open_relays},
    {"address-classes", check_address_classes},
    {"virtual-domains", check_virtual_domains},
    {"local-delivery", check_local_delivery},
    {"mailbox-size-limits", check_mailbox_size_limits},
    {"transports", check_transports},
    {"content-filter-loop", check_content_filter_loop},
    {"pipe-recipient-limit", check_pipe_recipient_limit},
    {"helper-services", check_helper_services},
    {"postscreen-lists", check_postscreen_lists},
    {"dnsbl-filters", check_dnsbl_filters},
    {"milters", check_milters},
    {"chroot-sockets", check_chroot_sockets},
    {"policy-servers", check_policy_servers},
    {"sasl-restrictions", check_sasl_restrictions},
    {"sasl-offer", check_sasl_offer},
    {"alias-database", check_alias_database},
    {"client-sasl", check_client_sasl},
    {"relay-credentials", check_relay_credentials},
    {"wrapper-mode", check_wrapper_mode},
    {"public-mx-tls", check_public_mx_tls},
    {"dane-dnssec", check_dane_dnssec},
    {"client-tls-trust", check_client_tls_trust},
    {"tables", check_tables},
    {"proxy-tables", check_proxy_tables},
    {"access-tables", check_access_tables},
    {"content-checks", check_content_checks},
    {"tls-policy-tables", check_tls_policy_tables},
    {"master", check_master},
    {"not-implemented", check_unimplemented},
    {"tls", check_tls_configuration},
};

// What fills the snapshot beyond parameters and services, in order.
constexpr SnapshotContributor contributors[] = {
    add_table_identities,
    add_tls_material,
    add_restriction_lists,
};

} // namespace

std::span<const SnapshotContributor> snapshot_contributors() { return contributors; }

std::span<const RegisteredCheck> registered_checks() { return checks; }

void run_checks(const Configuration& config, DiagnosticSink& sink, const CheckOptions& options)
{
    for (const RegisteredCheck& check : checks)
        check.run(config, sink, options);
}

} // namespace mf::compiler
