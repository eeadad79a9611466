// A table that holds a shared flock() on its file from before it was opened until it is
// closed: mfmap's queries and dumps take Postfix's reader lock once for the whole command
// instead of around every lookup, so a postmap or mfmap writer (exclusive flock) waits for
// the command to finish and is never observed half-way. Everything else is forwarded.
#pragma once

#include <memory>
#include <utility>

#include "postmap/file_lock.hpp"
#include "postmap/forwarding_dict.hpp"
#include "util/unique_fd.hpp"

namespace mf::maps {

class LockedDict final : public ForwardingDict {
public:
    // `lock_fd` is open on the table's file and already locked shared; `inner` was opened after
    // the lock was taken.
    LockedDict(UniqueFd lock_fd, std::unique_ptr<Dict> inner)
        : ForwardingDict(std::move(inner)), lock_fd_(std::move(lock_fd))
    {
    }
    ~LockedDict() override
    {
        inner_.reset(); // closed before the lock goes (with the descriptor)
    }

private:
    UniqueFd lock_fd_;
};

} // namespace mf::maps
