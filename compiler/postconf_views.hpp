// mfcc's postconf-compatible outputs, byte for byte what Postfix 3.7 prints:
// `mfcc -n` = `postconf -c DIR -n`, `mfcc -p NAME` = `postconf -c DIR -x -h NAME`,
// `mfcc -M` = `postconf -c DIR -M`. Warnings postconf would print go to `warnings`.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "compiler/configuration.hpp"

namespace mf::compiler {

std::string postconf_non_default(const Configuration& config);
std::string postconf_values(const Configuration& config, const std::vector<std::string>& names,
                            std::string& warnings);
std::string postconf_services(const Configuration& config);

// Whether a reading error with this code is one postconf dies on in these views, before it
// prints anything: a main.cf line without a name or '=', a master.cf entry with a bad field
// count or a bad type, private, unprivileged, chroot, wakeup or process_limit field.
bool stops_postconf(std::string_view code);

} // namespace mf::compiler
