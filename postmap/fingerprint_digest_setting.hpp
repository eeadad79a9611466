// The fingerprint digest a Postfix configuration puts in force, read from main.cf text without
// the compiler (the table library must not depend on compiler/). Deliberately narrow: it reads
// only smtpd_tls_fingerprint_digest and compatibility_level, follows plain $name / ${name}
// references between main.cf parameters, and applies Postfix 3.7's default
// (${{$compatibility_level} <level {3.6} ? {md5} : {sha256}}). Anything it cannot evaluate is
// an error asking for --digest, never a guess.
#pragma once

#include <string>
#include <string_view>

#include "postmap/fingerprint.hpp"
#include "util/result.hpp"

namespace mf::maps {

// True when compatibility level `level` ("3.6", "2", "3.10.1") is below `than`, compared as
// Postfix's <level does: numerically, component by component, missing components are 0.
Result<bool> compatibility_level_below(std::string_view level, std::string_view than);

// `main_cf` is the file's text, `file_name` is used in messages.
Result<FingerprintDigest> configured_fingerprint_digest(std::string_view main_cf,
                                                        const std::string& file_name);

} // namespace mf::maps
