// The lookup keys `postmap -h/-b [-m] -q -` derives from a message on stdin, as Postfix's
// MIME state machine (mime_state) presents them to header_checks and body_checks:
//   - each logical header line is one key (continuation lines joined with their newline; the
//     obsolete "Name :" form normalised to "Name:"), primary headers only unless `mime`;
//   - each body line is one key; a line that cannot be a header ends the primary headers as if
//     an empty line had preceded it (an empty key is produced for it), as Postfix does;
//   - with `mime`, Content-Type is honoured: multipart boundaries start part headers,
//     message/rfc822 starts nested headers; those headers are header keys, not body keys.
// Lines end at '\n' only ('\r' stays in the key). Memory is bounded by the header limit.
#pragma once

#include <cstddef>
#include <functional>
#include <istream>
#include <string_view>

namespace mf::maps {

struct MessageKeyOptions {
    bool headers = false;                 // -h
    bool body = false;                    // -b
    bool mime = false;                    // -m
    std::size_t header_limit = 102400;    // header_size_limit: longer headers are truncated
    std::size_t nesting_limit = 100;      // mime_nesting_limit
    std::size_t boundary_limit = 2048;    // mime_boundary_length_limit
};

// Calls `each(key)` for every key in order; stops when `each` returns false.
void for_each_message_key(std::istream& in, const MessageKeyOptions& options,
                          const std::function<bool(std::string_view key)>& each);

// The length of the header name when `line` starts a header ("Name:" or "Name  :", the name
// being printable ASCII without ':'), else 0.
std::size_t header_name_length(std::string_view line);

} // namespace mf::maps
