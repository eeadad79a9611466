// The main.cf settings mfmap and its table code act on, as plain values. The table library
// never reads main.cf itself (ARCHITECTURE.md: it must not reach compiler/); the mfmap command
// fills a MapConfig through the compiler's configuration reader (compiler/map_settings.hpp)
// and hands it, or a MapConfigReader that makes one, to the code here. The defaults below are
// Postfix 3.7's at compatibility level 0, for code that is given no configuration at all.
#pragma once

#include <cstddef>
#include <functional>
#include <string>

#include "util/result.hpp"

namespace mf::maps {

struct MapConfig {
    std::string config_directory;
    std::string default_database_type = "hash";
    bool smtputf8_enable = false;
    std::string myhostname;
    std::size_t header_size_limit = 102400;
    std::size_t mime_nesting_limit = 100;
    std::size_t mime_boundary_length_limit = 2048;
    // smtpd_tls_fingerprint_digest, expanded ("md5", "sha256", ... or whatever main.cf says),
    // and where it was set ("FILE:LINE"; empty for Postfix's default).
    std::string fingerprint_digest = "md5";
    std::string fingerprint_digest_origin;
};

// Reads the configuration in `directory`. `required`: its main.cf must exist (postmap -c DIR
// fails without one); otherwise a missing main.cf means Postfix's built-in defaults.
using MapConfigReader =
    std::function<Result<MapConfig>(const std::string& directory, bool required)>;

} // namespace mf::maps
