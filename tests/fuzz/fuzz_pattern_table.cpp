// libFuzzer target: regexp: and pcre: tables (grammar/pattern_table.hpp, the replacement text
// reader and postmap/dict_pattern.cpp) opened from arbitrary bytes. Every warning must name a
// line of the input, and lookups of a few keys must answer. Inputs are kept small: a pattern the
// fuzzer writes may backtrack badly, which says nothing about the reader.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "grammar/pattern_table.hpp"
#include "postmap/dict_pattern.hpp"
#include "tests/fuzz/memory_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size > 4096)
        return 0;
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    std::size_t lines = 1;
    for (char c : input)
        lines += c == '\n';
    for (auto flavour : {mf::grammar::PatternFlavour::regexp, mf::grammar::PatternFlavour::pcre}) {
        const auto line = mf::grammar::parse_pattern_line(input, flavour);
        auto inside = [&](std::string_view part) {
            return part.empty() || (part.data() >= input.data() &&
                                    part.data() + part.size() <= input.data() + input.size());
        };
        if (!inside(line.first.body) || !inside(line.first.flags) || !inside(line.rest))
            std::abort();
    }
    const mf::UniqueFd file = mf::fuzz::memory_file("pattern_table", data, size);
    if (!file)
        return 0;
    const std::string path = "/proc/self/fd/" + std::to_string(file.get());
    auto warn = [&](std::size_t line, const std::string& message) {
        if (line == 0 || line > lines || message.empty())
            std::abort();
    };
    for (bool pcre : {false, true}) {
        auto dict = pcre ? mf::maps::open_pcre_dict("pcre:fuzz", path, warn)
                         : mf::maps::open_regexp_dict("regexp:fuzz", path, warn);
        if (!dict)
            continue;
        for (std::string_view key : {std::string_view("a"), std::string_view("Subject: x"),
                                     input.substr(0, 16)})
            (void)(*dict)->lookup(key);
    }
    return 0;
}
