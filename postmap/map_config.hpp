// The few main.cf parameters mfmap needs, read with a deliberately small reader until the
// compiler's configuration reader is available to commands: default_database_type,
// smtputf8_enable and myhostname. Only literal values are understood (no $name expansion):
// a value that refers to another parameter falls back to Postfix's default for these three.
#pragma once

#include <string>

#include "util/result.hpp"

namespace mf::maps {

struct MapConfig {
    std::string default_database_type = "hash";
    bool smtputf8_enable = false;
    std::string myhostname;
    std::size_t header_size_limit = 102400;
    std::size_t mime_nesting_limit = 100;
    std::size_t mime_boundary_length_limit = 2048;
};

// Reads CONFIG_DIR/main.cf; a missing main.cf gives the defaults, as with Postfix.
Result<MapConfig> read_map_config(const std::string& config_dir);

} // namespace mf::maps
