// The (key, value) pairs a table is built from, in source order, each with the line it came
// from (0 when it has none). Entries either point into text the caller keeps alive (a mapped
// source file) or are copied into the collection's own storage; either way they stay valid
// for the collection's lifetime and their addresses never move.
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <memory>
#include <string_view>
#include <vector>

namespace mf::maps {

// Where entries go one at a time, in source order, for readers that do not keep them; the
// views are valid during the call only.
using EntrySink =
    std::function<void(std::string_view key, std::string_view value, std::uint32_t line)>;

struct TableEntry {
    std::string_view key;
    std::string_view value;
    std::uint32_t line = 0;
};

class TableEntries {
public:
    // Copies key and value.
    void add(std::string_view key, std::string_view value, std::uint32_t line = 0)
    {
        entries_.push_back({copy(key), copy(value), line});
    }
    // Keeps views: the caller guarantees the text outlives this collection.
    void add_view(std::string_view key, std::string_view value, std::uint32_t line = 0)
    {
        entries_.push_back({key, value, line});
    }
    // Copies `text` into the collection's storage and returns a stable view of it.
    std::string_view copy(std::string_view text)
    {
        if (text.empty())
            return {};
        if (text.size() > chunk_free_) {
            // Chunks grow from 4 KiB to 1 MiB, so small tables stay small; the bytes are
            // written before they are read, so they are not zeroed first.
            next_chunk_ = std::min<std::size_t>(next_chunk_ * 2, 1u << 20);
            std::size_t size = std::max(text.size(), next_chunk_);
            chunks_.push_back(std::make_unique_for_overwrite<char[]>(size));
            chunk_next_ = chunks_.back().get();
            chunk_free_ = size;
        }
        char* at = chunk_next_;
        std::copy(text.begin(), text.end(), at);
        chunk_next_ += text.size();
        chunk_free_ -= text.size();
        return {at, text.size()};
    }

    const std::vector<TableEntry>& entries() const { return entries_; }
    std::size_t size() const { return entries_.size(); }
    bool empty() const { return entries_.empty(); }
    void reserve(std::size_t count) { entries_.reserve(count); }

private:
    std::vector<TableEntry> entries_;
    std::vector<std::unique_ptr<char[]>> chunks_;
    char* chunk_next_ = nullptr;
    std::size_t chunk_free_ = 0;
    std::size_t next_chunk_ = 2048;
};

} // namespace mf::maps
