// libFuzzer target: the keys mfmap -h/-b/-m derive from a message (postmap/message_keys.hpp)
// on arbitrary bytes, with every option combination and small limits so that header
// truncation, MIME nesting and boundary truncation are reached. Body keys are single lines;
// header keys start with a header name and a colon; the run always ends.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>
#include <string_view>

#include "postmap/message_keys.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string input(reinterpret_cast<const char*>(data), size);
    for (int flags = 1; flags < 8; ++flags) {
        mf::maps::MessageKeyOptions options;
        options.headers = flags & 1;
        options.body = flags & 2;
        options.mime = flags & 4;
        options.header_limit = 64;
        options.nesting_limit = 3;
        options.boundary_limit = 8;
        if (!options.headers && !options.body)
            continue;
        std::istringstream in(input);
        std::size_t keys = 0;
        mf::maps::for_each_message_key(in, options, [&](std::string_view key) {
            // Every key is a line or a header made of lines of the input: never more keys
            // than lines plus the one inserted empty line.
            if (++keys > size + 2)
                std::abort();
            if (!options.headers && key.find('\n') != std::string_view::npos)
                std::abort();
            if (options.headers && !options.body && !key.empty() &&
                mf::maps::header_name_length(key) == 0)
                std::abort();
            return true;
        });
    }
    return 0;
}
