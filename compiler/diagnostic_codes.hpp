// Every diagnostic CODE mfcc can print, in one table with its --explain text (diagnostic_codes.cpp).
// A code is stable once released: scripts and SARIF consumers key on it. To add a check's code,
// add its constant here and one row to the table; a unit test checks that both agree.
#pragma once

#include <span>
#include <string_view>

namespace mf::compiler {

namespace code {
// Reading the files
inline constexpr const char* unreadable_file = "unreadable-file";
inline constexpr const char* nul_byte = "nul-byte";
inline constexpr const char* invalid_utf8 = "invalid-utf8";
inline constexpr const char* leading_whitespace = "leading-whitespace";
inline constexpr const char* main_cf_syntax = "main-cf-syntax";
inline constexpr const char* duplicate_parameter = "duplicate-parameter";
// Parameters
inline constexpr const char* unknown_parameter = "unknown-parameter";
inline constexpr const char* read_only_parameter = "read-only-parameter";
inline constexpr const char* bad_boolean = "bad-boolean";
inline constexpr const char* bad_integer = "bad-integer";
inline constexpr const char* out_of_range = "out-of-range";
inline constexpr const char* bad_time = "bad-time";
inline constexpr const char* time_trailing_text = "time-trailing-text";
inline constexpr const char* bad_size = "bad-size";
inline constexpr const char* bad_enumeration = "bad-enumeration";
inline constexpr const char* empty_value = "empty-value";
inline constexpr const char* bad_string_length = "bad-string-length";
inline constexpr const char* bad_cidr = "bad-cidr";
inline constexpr const char* bad_compatibility_level = "bad-compatibility-level";
inline constexpr const char* hostname_not_fqdn = "hostname-not-fqdn";
inline constexpr const char* bad_hostname = "bad-hostname";
inline constexpr const char* bad_ip_address = "bad-ip-address";
inline constexpr const char* bad_next_hop = "bad-next-hop";
inline constexpr const char* bad_mail_address = "bad-mail-address";
inline constexpr const char* startup_refused = "startup-refused";
inline constexpr const char* known_tcp_ports = "known-tcp-ports";
inline constexpr const char* maillog_file_prefix = "maillog-file-prefix";
inline constexpr const char* maillog_file_no_postlog = "maillog-file-no-postlog";
inline constexpr const char* domain_in_two_classes = "domain-in-two-classes";
inline constexpr const char* virtual_domain_without_table = "virtual-domain-without-table";
inline constexpr const char* virtual_mailbox_owner = "virtual-mailbox-owner";
inline constexpr const char* relay_recipients_unknown = "relay-recipients-unknown";
inline constexpr const char* mailbox_setting_ignored = "mailbox-setting-ignored";
inline constexpr const char* mailbox_size_limit = "mailbox-size-limit";
inline constexpr const char* transport_not_in_master = "transport-not-in-master";
inline constexpr const char* service_missing = "service-missing";
inline constexpr const char* milter_definition = "milter-definition";
inline constexpr const char* chroot_socket_path = "chroot-socket-path";
inline constexpr const char* sasl_auth_not_offered = "sasl-auth-not-offered";
inline constexpr const char* proxy_table_unapproved = "proxy-table-unapproved";
inline constexpr const char* content_filter_loop = "content-filter-loop";
inline constexpr const char* pipe_recipient_limit = "pipe-recipient-limit";
inline constexpr const char* sender_login_maps_missing = "sender-login-maps-missing";
inline constexpr const char* tls_verify_no_ca = "tls-verify-no-ca";
inline constexpr const char* dnsbl_threshold_unreachable = "dnsbl-threshold-unreachable";
inline constexpr const char* dnsbl_unfiltered = "dnsbl-unfiltered";
inline constexpr const char* dnsbl_action_ignore = "dnsbl-action-ignore";
inline constexpr const char* postscreen_access_command = "postscreen-access-command";
inline constexpr const char* relay_credentials_unmatched = "relay-credentials-unmatched";
inline constexpr const char* dane_without_dnssec = "dane-without-dnssec";
inline constexpr const char* alias_database_mismatch = "alias-database-mismatch";
inline constexpr const char* client_sasl_half_configured = "client-sasl-half-configured";
inline constexpr const char* client_sasl_plaintext_refused = "client-sasl-plaintext-refused";
inline constexpr const char* client_wrapper_mode = "client-wrapper-mode";
inline constexpr const char* tls_required_on_mx = "tls-required-on-mx";
// --host-checks: the configuration against the host mfcc runs on (the mail server)
inline constexpr const char* host_unknown_account = "host-unknown-account";
inline constexpr const char* host_privileged_account = "host-privileged-account";
inline constexpr const char* host_shared_id = "host-shared-id";
inline constexpr const char* host_interface = "host-interface";
inline constexpr const char* host_name_service = "host-name-service";
inline constexpr const char* host_directory = "host-directory";
inline constexpr const char* host_file_owner = "host-file-owner";
inline constexpr const char* host_file_mode = "host-file-mode";
inline constexpr const char* host_symlink = "host-symlink";
inline constexpr const char* host_queue_access = "host-queue-access";
inline constexpr const char* host_chroot_copy = "host-chroot-copy";
inline constexpr const char* host_sendmail_differs = "host-sendmail-differs";
inline constexpr const char* host_damaged_message = "host-damaged-message";
// $ expansion
inline constexpr const char* undefined_parameter = "undefined-parameter";
inline constexpr const char* expansion_loop = "expansion-loop";
inline constexpr const char* expansion_syntax = "expansion-syntax";
// master.cf syntax
inline constexpr const char* master_cf_syntax = "master-cf-syntax";
inline constexpr const char* master_field_count = "master-field-count";
inline constexpr const char* master_bad_type = "master-bad-type";
inline constexpr const char* master_bad_field = "master-bad-field";
inline constexpr const char* master_bad_wakeup = "master-bad-wakeup";
inline constexpr const char* master_bad_process_limit = "master-bad-process-limit";
inline constexpr const char* master_bad_service = "master-bad-service";
inline constexpr const char* master_bad_override = "master-bad-override";
inline constexpr const char* missing_master_cf = "missing-master-cf";
} // namespace code

struct DiagnosticCodeInfo {
    const char* code;
    const char* summary;     // one line, used as the SARIF rule's short description
    const char* explanation; // what it means, why it matters, how to fix it (--explain)
};

std::span<const DiagnosticCodeInfo> diagnostic_codes();
const DiagnosticCodeInfo* find_diagnostic_code(std::string_view code);

} // namespace mf::compiler
