// libFuzzer target: aliases(5) sources on arbitrary bytes, through the RFC 822 tokenizer
// (grammar/aliases.hpp) and the name/value re-serialisation. Entries must have a non-empty
// name and a non-empty value; re-reading a serialised entry must give it back
// unchanged (the external form is a fixed point).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "postmap/alias_source_reader.hpp"

namespace {

mf::maps::TableEntries read(std::string_view text)
{
    mf::maps::TableEntries entries;
    mf::maps::read_alias_source(text, mf::maps::MapSourceOptions{}, entries,
                                [](std::uint32_t, const std::string&) {});
    return entries;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    std::string_view input(reinterpret_cast<const char*>(data), size);
    mf::maps::TableEntries entries = read(input);
    for (const mf::maps::TableEntry& entry : entries.entries()) {
        // (A name may hold '@' or '%' when they were quoted: "a@b": is local to Postfix.)
        if (entry.key.empty() || entry.value.empty())
            std::abort();
        // A value that is already in external form reads back as itself.
        if (entry.value.find_first_of("\n\\\"()[]") != std::string_view::npos ||
            entry.key.find_first_of(":\"\\(),@%<>;[]\n\r\t ") != std::string_view::npos)
            continue;
        std::string again = std::string(entry.key) + ": " + std::string(entry.value);
        mf::maps::TableEntries reread = read(again);
        if (reread.size() == 1 && reread.entries()[0].value != entry.value)
            std::abort();
    }
    return 0;
}
