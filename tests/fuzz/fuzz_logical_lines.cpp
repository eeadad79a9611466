// libFuzzer target: the logical-line grammar on arbitrary bytes, with positions of every
// offset of every line checked to stay inside the input.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "grammar/logical_lines.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    std::string_view input(reinterpret_cast<const char*>(data), size);
    std::size_t newlines = 0;
    for (char c : input)
        newlines += c == '\n';
    mf::grammar::read_logical_lines(
        input,
        [&](const mf::grammar::LogicalLine& line) {
            for (std::size_t offset = 0; offset < line.text.size(); ++offset) {
                auto where = line.position_of(offset);
                if (where.line == 0 || where.line > newlines + 1 || where.column == 0)
                    std::abort();
            }
        },
        [](mf::grammar::Position, std::string_view) {});
    return 0;
}
