// Defaults: batch lookups one key at a time, and the operations only writable tables support.
#include "postmap/dict.hpp"

namespace mf::maps {

void Dict::lookup_batch(std::span<const std::string_view> keys, const BatchVisitor& each) const
{
    for (std::size_t i = 0; i < keys.size(); ++i) {
        LookupResult result = lookup(keys[i]);
        if (!each(i, {result.status(), result.value()}))
            return;
    }
}

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
