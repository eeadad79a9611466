// Certificate and public-key fingerprints exactly as Postfix computes and looks them up
// (tls_fprint.c): the digest of the DER certificate, or of its DER SubjectPublicKeyInfo,
// written as upper-case hex byte pairs joined by ':' — the text `openssl x509 -noout
// -fingerprint -DIGEST` prints after '='. Also recognizes fingerprint-shaped text, so a table
// entry can be told apart by the digest it was made with (16 bytes md5, 20 sha1, 32 sha256,
// 64 sha512).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <openssl/x509.h>

#include "util/result.hpp"

namespace mf::maps {

enum class FingerprintDigest { md5, sha1, sha256, sha512 };

// "md5", "sha1", "sha256", "sha512" (case-insensitive, as Postfix hands them to OpenSSL).
std::optional<FingerprintDigest> parse_fingerprint_digest(std::string_view name);
const char* fingerprint_digest_name(FingerprintDigest digest);
std::size_t fingerprint_digest_bytes(FingerprintDigest digest);

enum class FingerprintKind { certificate, public_key };

// "AB:CD:..." for the given raw digest bytes.
std::string colon_hex(std::string_view bytes);

Result<std::string> fingerprint(const X509& certificate, FingerprintDigest digest,
                                FingerprintKind kind);

// The table value Postfix ignores but people read: the certificate's email address, else its
// subject CN, else "" (whitespace runs and control characters become one space).
std::string fingerprint_label(const X509& certificate);

// If `text` is hex byte pairs joined by ':' (either case), the number of bytes; else nullopt.
std::optional<std::size_t> fingerprint_byte_count(std::string_view text);

// The digests whose output has `bytes` bytes (empty when none does).
std::vector<FingerprintDigest> digests_of_size(std::size_t bytes);

// Upper-cases a fingerprint so that table keys compare as Postfix's folded lookups do.
std::string normalize_fingerprint(std::string_view text);

} // namespace mf::maps
