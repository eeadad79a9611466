// A bulk query's lookups (mfmap -q -) on two threads. Looking up many keys in a big table is
// mostly the kernel copying table pages, one pread() per key, and two threads copy at once
// (100,000 reads of 1 KB pages: 53 ms on one thread, 35 ms on two). A batch of keys is split
// in two halves, the second looked up on a helper thread while the caller's thread looks up
// the first, and the answers are kept in key order. Lookups have no side effects and the table
// library's are thread-safe (open the table with DictOptions::concurrent_lookups), so looking
// keys up ahead of an answer that will stop the query changes nothing: the caller judges and
// prints the answers in order, as before, and stops where it would have stopped.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <exception>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "postmap/dict.hpp"

namespace mf::maps {

class ParallelBatchLookup {
public:
    // `dict` must outlive this object; `helper_thread`: whether a second thread may help.
    ParallelBatchLookup(const Dict& dict, bool helper_thread);
    ~ParallelBatchLookup();
    ParallelBatchLookup(const ParallelBatchLookup&) = delete;
    ParallelBatchLookup& operator=(const ParallelBatchLookup&) = delete;

    // The answers for `keys`, in their order, valid until the next call.
    std::span<const Dict::BatchAnswer> lookup(std::span<const std::string_view> keys);

    // Batches smaller than this are looked up on the caller's thread alone: handing half of
    // them over would cost more than it saves.
    static constexpr std::size_t least_to_share = 256;

private:
    // The answers of one half: statuses with where their text is in `text`.
    struct Half {
        std::span<const std::string_view> keys;
        struct Stored {
            LookupStatus status;
            std::size_t start;
            std::size_t size;
        };
        std::vector<Stored> stored;
        std::string text;
        std::exception_ptr failure;
    };
    void answer(Half& half) const;
    void serve();

    const Dict& dict_;
    bool helper_wanted_;
    Half first_, second_;
    std::vector<Dict::BatchAnswer> answers_;

    std::mutex mutex_;
    std::condition_variable changed_;
    bool second_pending_ = false; // the helper has `second_` to answer
    bool stopping_ = false;
    std::thread helper_;
};

} // namespace mf::maps
