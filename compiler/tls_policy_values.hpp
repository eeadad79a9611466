// How smtp(8) and lmtp(8) read an answer of smtp_tls_policy_maps (tls_policy_lookup_one in
// smtp_tls_policy.c, postconf(5)): a security level (none, may, encrypt, dane, dane-only,
// fingerprint, verify, secure; any case) and name=value attributes separated by blanks or
// commas. An answer smtp cannot use makes it defer every message to that destination ("TLS
// policy lookup error"); attributes after level none are only ignored.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "compiler/table_values.hpp"

namespace mf::compiler {

// What the client's main.cf settings give a policy to work with.
struct TlsPolicyContext {
    // smtp_tls_fingerprint_cert_match (or lmtp_) is set: a fingerprint level without a match
    // attribute still has something to match.
    bool fingerprints_in_main_cf = false;
    // smtp_dns_support_level = dnssec with DNS host lookups: levels dane and dane-only work.
    bool dnssec_lookups = false;
    // smtp_tls_CAfile, smtp_tls_CApath or smtp_tls_trust_anchor_file is set: levels verify
    // and secure have something to verify against without a tafile attribute.
    bool trust_anchors = true;
};

std::optional<AnswerProblem> tls_policy_problem(std::string_view answer,
                                                const TlsPolicyContext& context);

} // namespace mf::compiler
