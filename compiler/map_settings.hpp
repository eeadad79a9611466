// The bridge from the compiler's configuration reader to mfmap: reads main.cf with
// load_configuration() and evaluates the parameters mfmap needs exactly as `postconf -x` does
// ($name and ${name...} forms, compatibility_level-dependent defaults, host defaults), then
// checks their types as postmap does at start-up (bad booleans and numbers are fatal).
// Only the mfmap command calls this; the table library receives the plain maps::MapConfig.
#pragma once

#include <string>

#include "compiler/configuration.hpp"
#include "postmap/map_config.hpp"
#include "util/result.hpp"

namespace mf::compiler {

// maps::MapConfigReader's contract: `required` makes a missing main.cf an error.
Result<maps::MapConfig> read_map_settings(const std::string& directory, bool required);

// The same from an already loaded configuration (tests use configuration_from_text).
Result<maps::MapConfig> map_settings_of(const Configuration& configuration);

} // namespace mf::compiler
