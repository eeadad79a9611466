// Postfix's UTF-8 policy for lookups (its dict_utf8 layer, active when smtputf8_enable = yes):
// a key that is not valid UTF-8 cannot be in the table, so it is not looked up and is "not
// found", with a warning; a value found that is not valid UTF-8 is a configuration error
// (a 4xx for the client, the administrator's problem to fix). Wraps any table; everything
// but lookup() is forwarded. Stateless, so as thread-safe as the table it wraps.
#pragma once

#include <functional>
#include <memory>
#include <utility>

#include "postmap/forwarding_dict.hpp"
#include "postmap/map_source_reader.hpp"
#include "util/utf8.hpp"

namespace mf::maps {

class Utf8CheckedDict final : public ForwardingDict {
public:
    // `warn` (may be empty) receives the non-UTF-8 key warning.
    Utf8CheckedDict(std::unique_ptr<Dict> inner, std::function<void(const std::string&)> warn)
        : ForwardingDict(std::move(inner)), warn_(std::move(warn))
    {
    }

    LookupResult lookup(std::string_view key) const override
    {
        if (!is_valid_utf8(key)) {
            if (warn_)
                warn_(name() + ": non-UTF-8 key \"" + quote_for_message(key) +
                      "\": malformed UTF-8 or invalid codepoint");
            return LookupResult::not_found();
        }
        LookupResult result = inner_->lookup(key);
        if (result.is_found() && !is_valid_utf8(result.value()))
            return LookupResult::config_error(
                name() + ": key \"" + quote_for_message(key) + "\": non-UTF-8 value \"" +
                quote_for_message(result.value()) + "\": malformed UTF-8 or invalid codepoint");
        return result;
    }

    // Key by key through lookup() above, so the policy applies to each (not forwarded).
    void lookup_batch(std::span<const std::string_view> keys,
                      const BatchVisitor& each) const override
    {
        Dict::lookup_batch(keys, each);
    }

private:
    std::function<void(const std::string&)> warn_;
};

} // namespace mf::maps
