// libFuzzer target: postmap sources (grammar/map_source.hpp through the reader, with and
// without the UTF-8 check) on arbitrary bytes; regexp/pcre tables have fuzz_pattern_table.cpp.
// Every entry must be a non-empty key and value lying inside the input or the entries' own
// storage, and every warning must name a line of the input. Each value is also read as the
// daemons read a table's answer: an access action (compiler/access_table_values.hpp), a
// header_checks action (content_check_actions.hpp) and a TLS policy (tls_policy_values.hpp);
// a problem found must come with a message.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "compiler/access_table_values.hpp"
#include "compiler/content_check_actions.hpp"
#include "compiler/tls_policy_values.hpp"
#include "postmap/map_source_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    std::string_view input(reinterpret_cast<const char*>(data), size);
    std::size_t lines = 1;
    for (char c : input)
        lines += c == '\n';
    for (bool utf8 : {false, true}) {
        mf::maps::TableEntries entries;
        mf::maps::read_map_source(input, mf::maps::MapSourceOptions{utf8}, entries,
                                  [&](std::uint32_t line, const std::string& message) {
                                      if (line == 0 || line > lines || message.empty())
                                          std::abort();
                                  });
        for (const mf::maps::TableEntry& entry : entries.entries()) {
            if (entry.key.empty() || entry.value.empty() || entry.line == 0 || entry.line > lines)
                std::abort();
            if (entry.value.front() == ' ' || entry.value.back() == ' ')
                std::abort();
            if (auto problem = mf::compiler::access_value_problem(entry.value, {}))
                if (problem->message.empty())
                    std::abort();
            for (const char* parameter : {"header_checks", "smtp_body_checks"})
                if (auto problem = mf::compiler::content_action_problem(
                        entry.value, parameter, *mf::compiler::content_check_parameter(parameter)))
                    if (problem->empty())
                        std::abort();
            if (auto problem = mf::compiler::tls_policy_problem(entry.value, {}))
                if (problem->message.empty())
                    std::abort();
        }
    }
    return 0;
}
