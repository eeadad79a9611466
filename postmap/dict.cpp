// Defaults for the Dict operations only writable tables support.
#include "postmap/dict.hpp"

namespace mf::maps {

Result<UpdateOutcome> Dict::update(std::string_view, std::string_view, DuplicatePolicy)
{
    return fail(name_ + ": table does not support updates");
}

Result<bool> Dict::remove(std::string_view)
{
    return fail(name_ + ": table does not support deletion");
}

Result<void> Dict::commit() { return {}; }

} // namespace mf::maps
