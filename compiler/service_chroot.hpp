// Whether master(8) runs a service chrooted in queue_directory: the chroot field of its
// master.cf entry, where `-` means n from compatibility_level 1 on and y below it.
#pragma once

#include "compiler/configuration.hpp"

namespace mf::compiler {

// What `-` in the chroot field means for this configuration.
bool chroot_by_default(const Configuration& config);

bool runs_chrooted(const Service& service, bool chroot_default);

} // namespace mf::compiler
