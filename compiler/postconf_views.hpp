// mfcc's postconf-compatible outputs, byte for byte what Postfix 3.7 prints:
// `mfcc -n` = `postconf -c DIR -n`, `mfcc -p NAME` = `postconf -c DIR -x -h NAME`,
// `mfcc -M` = `postconf -c DIR -M`. Warnings postconf would print go to `warnings`.
#pragma once

#include <string>
#include <vector>

#include "compiler/configuration.hpp"

namespace mf::compiler {

std::string postconf_non_default(const Configuration& config);
std::string postconf_values(const Configuration& config, const std::vector<std::string>& names,
                            std::string& warnings);
std::string postconf_services(const Configuration& config);

} // namespace mf::compiler
