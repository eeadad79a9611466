// postmap's privilege rule for building tables: started by root (real uid 0) and without -o,
// it works as the owner of the table's source, so the table belongs to that user and a bug
// cannot be turned against root. The effective uid/gid (and supplementary groups) switch to
// the source's owner and group whenever they differ from the current effective ones; the real
// uid stays 0, so the next table can switch again (back to root for a root-owned source).
#pragma once

#include <sys/stat.h>

#include <string>

#include "util/result.hpp"

namespace mf::maps {

// Whether running as `source` would change the effective identity at all.
bool needs_identity_switch(const struct stat& source);

// Switches the effective identity to the source's owner and group when
// needs_identity_switch(); a no-op otherwise.
Result<void> become_source_owner(const struct stat& source);

// For messages: "uid N, gid N" of the effective identity.
std::string effective_identity();

} // namespace mf::maps
