// The diagnostic codes of the TLS checks (compiler/check_tls.cpp). Stable once released:
// scripts and SARIF consumers key on them. Their --explain rows are in tls_codes.inc, which
// the compiler's table of every code includes.
#pragma once

namespace mf::compiler::code {

inline constexpr const char* tls_file_unreadable = "tls-file-unreadable";
inline constexpr const char* tls_not_pem = "tls-not-pem";
inline constexpr const char* tls_malformed_pem = "tls-malformed-pem";
inline constexpr const char* tls_no_certificate = "tls-no-certificate";
inline constexpr const char* tls_no_key = "tls-no-key";
inline constexpr const char* tls_encrypted_key = "tls-encrypted-key";
inline constexpr const char* tls_key_mismatch = "tls-key-mismatch";
inline constexpr const char* tls_chain_files_order = "tls-chain-files-order";
inline constexpr const char* tls_key_permissions = "tls-key-permissions";
inline constexpr const char* tls_key_owner = "tls-key-owner";
inline constexpr const char* tls_certificate_expired = "tls-certificate-expired";
inline constexpr const char* tls_certificate_not_yet_valid = "tls-certificate-not-yet-valid";
inline constexpr const char* tls_certificate_expiring = "tls-certificate-expiring";
inline constexpr const char* tls_chain_order = "tls-chain-order";
inline constexpr const char* tls_chain_untrusted = "tls-chain-untrusted";
inline constexpr const char* tls_capath_not_hashed = "tls-capath-not-hashed";
inline constexpr const char* tls_name_mismatch = "tls-name-mismatch";
inline constexpr const char* tls_weak_key = "tls-weak-key";
inline constexpr const char* tls_weak_signature = "tls-weak-signature";
inline constexpr const char* tls_server_no_certificate = "tls-server-no-certificate";
inline constexpr const char* tls_ccert_no_ca = "tls-ccert-no-ca";
inline constexpr const char* tls_clientcerts_no_table = "tls-clientcerts-no-table";
inline constexpr const char* tls_clientcerts_no_ask = "tls-clientcerts-no-ask";
inline constexpr const char* tls_bad_digest = "tls-bad-digest";
inline constexpr const char* tls_fingerprint_malformed = "tls-fingerprint-malformed";
inline constexpr const char* tls_fingerprint_digest = "tls-fingerprint-digest";
inline constexpr const char* tls_sni_not_base64 = "tls-sni-not-base64";
inline constexpr const char* tls_sni_table_stale = "tls-sni-table-stale";
inline constexpr const char* tls_policy_value = "tls-policy-value";

} // namespace mf::compiler::code
