// The outcome of one table lookup. Besides a value there are three ways a lookup can end, and
// they must stay apart: "not found" lets the caller try the next key or table; "try again"
// (a table that is being replaced, an I/O error) becomes a 4xx reply in the server; a
// configuration error (unknown table type, a corrupt or unreadable file) is 4xx too but is
// logged as the administrator's problem. Postfix's dict_errno carries the same distinction.
#pragma once

#include <string>
#include <utility>

namespace mf::maps {

enum class LookupStatus { found, not_found, try_again, config_error };

class LookupResult {
public:
    static LookupResult found(std::string value) { return {LookupStatus::found, std::move(value)}; }
    static LookupResult not_found() { return {LookupStatus::not_found, {}}; }
    static LookupResult try_again(std::string reason)
    {
        return {LookupStatus::try_again, std::move(reason)};
    }
    static LookupResult config_error(std::string reason)
    {
        return {LookupStatus::config_error, std::move(reason)};
    }

    LookupStatus status() const { return status_; }
    bool is_found() const { return status_ == LookupStatus::found; }
    bool is_error() const
    {
        return status_ == LookupStatus::try_again || status_ == LookupStatus::config_error;
    }
    // The value when found.
    const std::string& value() const { return text_; }
    // Why, for try_again and config_error.
    const std::string& reason() const { return text_; }

private:
    LookupResult(LookupStatus status, std::string text) : status_(status), text_(std::move(text))
    {
    }

    LookupStatus status_;
    std::string text_;
};

} // namespace mf::maps
