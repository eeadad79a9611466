// A table that holds a shared flock() on its file from before it was opened until it is
// closed: mfmap's queries and dumps take Postfix's reader lock once for the whole command
// instead of around every lookup, so a postmap or mfmap writer (exclusive flock) waits for
// the command to finish and is never observed half-way. Everything else is forwarded.
#pragma once

#include <memory>
#include <utility>

#include "postmap/dict.hpp"
#include "postmap/file_lock.hpp"
#include "util/unique_fd.hpp"

namespace mf::maps {

class LockedDict final : public Dict {
public:
    // `lock_fd` is open on the table's file and already locked shared; `inner` was opened after
    // the lock was taken.
    LockedDict(UniqueFd lock_fd, std::unique_ptr<Dict> inner)
        : Dict(inner->name()), lock_fd_(std::move(lock_fd)), inner_(std::move(inner))
    {
    }
    ~LockedDict() override
    {
        inner_.reset(); // closed before the lock goes (with the descriptor)
    }

    LookupResult lookup(std::string_view key) const override { return inner_->lookup(key); }
    void prefetch(std::span<const std::string_view> keys) const override
    {
        inner_->prefetch(keys);
    }
    Result<UpdateOutcome> update(std::string_view key, std::string_view value,
                                 DuplicatePolicy policy) override
    {
        return inner_->update(key, value, policy);
    }
    Result<bool> remove(std::string_view key) override { return inner_->remove(key); }
    Result<void> commit() override { return inner_->commit(); }
    Result<void> sequence(const EntryVisitor& each) const override
    {
        return inner_->sequence(each);
    }

private:
    UniqueFd lock_fd_;
    std::unique_ptr<Dict> inner_;
};

} // namespace mf::maps
