// One element of smtpd_milters or non_smtpd_milters as Postfix's Milter client reads it:
// `transport:endpoint` (inet:host:port, inet:port on localhost, unix:/path, local:/path), or
// `{ transport:endpoint, name=value, ... }` with per-Milter connect_timeout, command_timeout,
// content_timeout (times, min 1s), default_action (accept, reject, tempfail, quarantine) and
// protocol (2, 3, 4 or 6, and no_header_reply). Problems carry Postfix's words, a byte offset
// in the element, and whether the program dies on it or only skips that Milter.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace mf::compiler {

struct MilterProblem {
    std::size_t offset = 0;
    std::string message; // as the program logs it
    bool fatal = false;  // the program stops; otherwise it never uses this Milter
    std::string hint = {};
};

std::vector<MilterProblem> milter_problems(std::string_view element);

// What one element names: its transport:endpoint with the byte offset of it in the element
// (empty when braces hold nothing), and its own default_action (empty: milter_default_action).
struct MilterElement {
    std::string endpoint;
    std::size_t endpoint_offset = 0;
    std::string default_action;
};

MilterElement read_milter_element(std::string_view element);

} // namespace mf::compiler
