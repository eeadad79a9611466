// A table that wraps another and forwards every operation to it: the base of the decorators
// the registry stacks on an opened table (the held reader lock, the UTF-8 lookup policy), so
// each of them overrides only what it changes. As thread-safe as the table it wraps.
#pragma once

#include <memory>
#include <span>
#include <utility>

#include "postmap/dict.hpp"

namespace mf::maps {

class ForwardingDict : public Dict {
public:
    LookupResult lookup(std::string_view key) const override { return inner_->lookup(key); }
    void lookup_batch(std::span<const std::string_view> keys,
                      const BatchVisitor& each) const override
    {
        inner_->lookup_batch(keys, each);
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

protected:
    explicit ForwardingDict(std::unique_ptr<Dict> inner)
        : Dict(inner->name()), inner_(std::move(inner))
    {
    }

    std::unique_ptr<Dict> inner_;
};

} // namespace mf::maps
