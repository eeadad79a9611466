// The diagnostic codes of the restriction, table, master.cf and not-implemented checks
// (restriction_analysis, table_file_checks, check_master, check_unimplemented). Stable once
// released: scripts and SARIF consumers key on them. Their --explain rows are in
// config_check_codes.inc, which the compiler's table of every code includes.
#pragma once

namespace mf::compiler::code {

inline constexpr const char* restriction_unknown = "restriction-unknown";
inline constexpr const char* restriction_missing_argument = "restriction-missing-argument";
inline constexpr const char* policy_service_attribute = "policy-service-attribute";
inline constexpr const char* dnsxl_site = "dnsxl-site";
inline constexpr const char* restriction_needs_sasl = "restriction-needs-sasl";
inline constexpr const char* restriction_wrong_list = "restriction-wrong-list";
inline constexpr const char* restriction_bare_table = "restriction-bare-table";
inline constexpr const char* restriction_unreachable = "restriction-unreachable";
inline constexpr const char* restriction_deprecated = "restriction-deprecated";
inline constexpr const char* restriction_syntax = "restriction-syntax";
inline constexpr const char* restriction_class_undefined = "restriction-class-undefined";
inline constexpr const char* restriction_class_shadowed = "restriction-class-shadowed";
inline constexpr const char* restriction_class_loop = "restriction-class-loop";
inline constexpr const char* relay_restrictions_missing = "relay-restrictions-missing";
inline constexpr const char* open_relay = "open-relay";

inline constexpr const char* table_type_unknown = "table-type-unknown";
inline constexpr const char* table_without_type = "table-without-type";
inline constexpr const char* table_relative_path = "table-relative-path";
inline constexpr const char* table_nesting = "table-nesting";
inline constexpr const char* table_type_unsupported = "table-type-unsupported";
inline constexpr const char* table_not_built = "table-not-built";
inline constexpr const char* table_missing = "table-missing";
inline constexpr const char* table_stale = "table-stale";
inline constexpr const char* table_unreadable = "table-unreadable";
inline constexpr const char* table_secret_readable = "table-secret-readable";
inline constexpr const char* table_config_syntax = "table-config-syntax";
inline constexpr const char* table_config_value = "table-config-value";
inline constexpr const char* table_rule = "table-rule";
inline constexpr const char* access_table_value = "access-table-value";
inline constexpr const char* content_check_action = "content-check-action";

inline constexpr const char* master_duplicate_service = "master-duplicate-service";
inline constexpr const char* master_unknown_command = "master-unknown-command";
inline constexpr const char* master_inet_private = "master-inet-private";
inline constexpr const char* master_unknown_port = "master-unknown-port";
inline constexpr const char* master_process_limit = "master-process-limit";
inline constexpr const char* master_wakeup_ignored = "master-wakeup-ignored";
inline constexpr const char* master_wakeup_missing = "master-wakeup-missing";
inline constexpr const char* master_missing_argv = "master-missing-argv";
inline constexpr const char* master_joined_option = "master-joined-option";
inline constexpr const char* master_extra_argument = "master-extra-argument";

inline constexpr const char* not_implemented = "not-implemented";

} // namespace mf::compiler::code
