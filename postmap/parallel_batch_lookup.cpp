// See parallel_batch_lookup.hpp. The helper thread starts with the first batch big enough to
// share and waits for halves until the object is destroyed.
#include "postmap/parallel_batch_lookup.hpp"

#include <system_error>

namespace mf::maps {

ParallelBatchLookup::ParallelBatchLookup(const Dict& dict, bool helper_thread)
    : dict_(dict), helper_wanted_(helper_thread)
{
}

ParallelBatchLookup::~ParallelBatchLookup()
{
    if (!helper_.joinable())
        return;
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    changed_.notify_all();
    helper_.join();
}

void ParallelBatchLookup::answer(Half& half) const
{
    half.stored.clear();
    half.text.clear();
    half.failure = nullptr;
    try {
        half.stored.reserve(half.keys.size());
        dict_.lookup_batch(half.keys, [&](std::size_t, const Dict::BatchAnswer& answer) {
            half.stored.push_back({answer.status, half.text.size(), answer.text.size()});
            half.text.append(answer.text);
            return true;
        });
    } catch (...) {
        half.failure = std::current_exception();
    }
}

void ParallelBatchLookup::serve()
{
    std::unique_lock lock(mutex_);
    for (;;) {
        changed_.wait(lock, [this] { return second_pending_ || stopping_; });
        if (stopping_)
            return;
        lock.unlock();
        answer(second_);
        lock.lock();
        second_pending_ = false;
        changed_.notify_all();
    }
}

std::span<const Dict::BatchAnswer> ParallelBatchLookup::lookup(
    std::span<const std::string_view> keys)
{
    if (helper_wanted_ && keys.size() >= least_to_share && !helper_.joinable()) {
        try {
            helper_ = std::thread([this] { serve(); });
        } catch (const std::system_error&) {
            helper_wanted_ = false; // no thread to be had: one is enough
        }
    }
    const bool share = helper_wanted_ && keys.size() >= least_to_share;
    const std::size_t half = share ? keys.size() / 2 : keys.size();
    first_.keys = keys.first(half);
    second_.keys = keys.subspan(half);
    if (share) {
        {
            std::lock_guard lock(mutex_);
            second_pending_ = true;
        }
        changed_.notify_all();
    }
    answer(first_);
    if (share) {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [this] { return !second_pending_; });
    } else {
        second_.stored.clear();
    }
    for (const Half* part : {&first_, &second_})
        if (part->failure)
            std::rethrow_exception(part->failure);
    answers_.clear();
    for (const Half* part : {&first_, &second_})
        for (const Half::Stored& stored : part->stored)
            answers_.push_back(
                {stored.status, std::string_view(part->text).substr(stored.start, stored.size)});
    return answers_;
}

} // namespace mf::maps
