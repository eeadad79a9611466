// Postfix's NUL-convention probing for fixed-key tables (spec D.3): a table opened without a
// definite convention tries "key\0" first, then "key", and after the first successful lookup
// keeps the convention that worked for the life of the open table. The state is one atomic, so
// concurrent lookups stay consistent without a lock.
#pragma once

#include <atomic>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "postmap/dict.hpp"

namespace mf::maps {

class NulProbe {
public:
    explicit NulProbe(NulMode mode) : mode_(static_cast<int>(mode)) {}

    // `fetch(bytes)` looks up the exact stored key bytes and returns the stored value bytes,
    // std::nullopt when absent, or throws nothing: errors are reported through `failed`.
    template <typename Fetch>
    std::optional<std::string> lookup(std::string_view key, Fetch&& fetch)
    {
        std::string value;
        bool found = find(key, value, [&](std::string_view bytes, std::string& into) {
            auto fetched = fetch(bytes);
            if (fetched)
                into = std::move(*fetched);
            return fetched.has_value();
        });
        return found ? std::optional<std::string>(std::move(value)) : std::nullopt;
    }

    // lookup() without a string per answer: `fetch(bytes, value)` looks up the exact stored
    // key bytes and, when they are there, sets `value` (a std::string to reuse, or a view of
    // the table's bytes) and returns true. On true, `value` is the value without its NUL.
    template <typename Value, typename Fetch>
    bool find(std::string_view key, Value& value, Fetch&& fetch)
    {
        int mode = mode_.load(std::memory_order_relaxed);
        if (mode != static_cast<int>(NulMode::without_nul)) {
            // Keys are short: the stored form goes on the stack unless it is not.
            char small[256];
            std::string large;
            std::string_view with_nul;
            if (key.size() < sizeof small) {
                std::memcpy(small, key.data(), key.size());
                small[key.size()] = '\0';
                with_nul = {small, key.size() + 1};
            } else {
                large.assign(key).push_back('\0');
                with_nul = large;
            }
            if (fetch(with_nul, value)) {
                lock_in(NulMode::with_nul);
                strip_nul(value);
                return true;
            }
        }
        if (mode != static_cast<int>(NulMode::with_nul)) {
            if (fetch(key, value)) {
                lock_in(NulMode::without_nul);
                strip_nul(value);
                return true;
            }
        }
        return false;
    }

    NulMode mode() const { return static_cast<NulMode>(mode_.load()); }

private:
    void lock_in(NulMode mode)
    {
        int expected = static_cast<int>(NulMode::probe);
        mode_.compare_exchange_strong(expected, static_cast<int>(mode));
    }
    static void strip_nul(std::string& value)
    {
        if (!value.empty() && value.back() == '\0')
            value.pop_back();
    }
    static void strip_nul(std::string_view& value)
    {
        if (!value.empty() && value.back() == '\0')
            value.remove_suffix(1);
    }

    std::atomic<int> mode_;
};

// Strips one trailing NUL, as sequence() reports entries without storage conventions.
inline std::string_view without_trailing_nul(std::string_view bytes)
{
    if (!bytes.empty() && bytes.back() == '\0')
        bytes.remove_suffix(1);
    return bytes;
}

} // namespace mf::maps
