// See record_pipe.hpp. A batch's records are views into its own byte buffer, whose capacity is
// reserved before the first record goes in (or grown while the batch is empty, for one record
// larger than a batch), so the views never move while the consumer reads them.
#include "postmap/record_pipe.hpp"

#include <condition_variable>
#include <cstring>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace mf::maps {

namespace {

constexpr std::size_t batch_bytes = 256u << 10;
constexpr std::size_t batch_count = 3;

struct Batch {
    std::vector<char> bytes;
    std::vector<SortedRecord> records;
};

class BatchQueue {
public:
    BatchQueue() : batches_(batch_count)
    {
        for (Batch& batch : batches_) {
            batch.bytes.reserve(batch_bytes);
            free_.push_back(&batch);
        }
    }

    // Producer: copies `record` into the batch being filled; false once the consumer stopped.
    bool put(const SortedRecord& record)
    {
        std::size_t size = record.key.size() + record.value.size();
        if (filling_ != nullptr && filling_->bytes.size() + size > filling_->bytes.capacity())
            send();
        if (filling_ == nullptr && !acquire())
            return false;
        if (size > filling_->bytes.capacity())
            filling_->bytes.reserve(size);
        char* at = filling_->bytes.data() + filling_->bytes.size();
        filling_->bytes.insert(filling_->bytes.end(), record.key.begin(), record.key.end());
        filling_->bytes.insert(filling_->bytes.end(), record.value.begin(), record.value.end());
        SortedRecord copy = record;
        copy.key = {at, record.key.size()};
        copy.value = {at + record.key.size(), record.value.size()};
        filling_->records.push_back(copy);
        return true;
    }

    // Producer: no more records; `outcome` is what the producer returned.
    void close(Result<void> outcome, std::exception_ptr exception)
    {
        if (filling_ != nullptr)
            send();
        std::lock_guard lock(mutex_);
        outcome_ = std::move(outcome);
        exception_ = exception;
        closed_ = true;
        changed_.notify_all();
    }

    // Consumer: the next full batch, or nullptr once the producer closed and all were taken.
    Batch* take()
    {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [this] { return !full_.empty() || closed_; });
        if (full_.empty())
            return nullptr;
        Batch* batch = full_.front();
        full_.pop_front();
        return batch;
    }

    void give_back(Batch* batch)
    {
        batch->bytes.clear();
        if (batch->bytes.capacity() > batch_bytes) { // grown for one large record
            batch->bytes = std::vector<char>();
            batch->bytes.reserve(batch_bytes);
        }
        batch->records.clear();
        std::lock_guard lock(mutex_);
        free_.push_back(batch);
        changed_.notify_all();
    }

    // Consumer: stop the producer (its next put() returns false).
    void stop()
    {
        std::lock_guard lock(mutex_);
        stopped_ = true;
        changed_.notify_all();
    }

    // After the producer's thread ended.
    Result<void> outcome() const { return outcome_; }
    std::exception_ptr exception() const { return exception_; }

private:
    bool acquire()
    {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [this] { return !free_.empty() || stopped_; });
        if (stopped_)
            return false;
        filling_ = free_.back();
        free_.pop_back();
        return true;
    }

    void send()
    {
        std::lock_guard lock(mutex_);
        full_.push_back(filling_);
        filling_ = nullptr;
        changed_.notify_all();
    }

    std::vector<Batch> batches_;
    std::mutex mutex_;
    std::condition_variable changed_;
    std::vector<Batch*> free_;
    std::deque<Batch*> full_;
    Batch* filling_ = nullptr; // the producer's own
    bool closed_ = false;
    bool stopped_ = false;
    Result<void> outcome_;
    std::exception_ptr exception_;
};

// Stops and joins the producer's thread on every way out of pipe_records().
class ProducerThread {
public:
    ProducerThread(BatchQueue& queue, const RecordProducer& produce)
        : queue_(queue), thread_([&queue, &produce] {
              Result<void> outcome;
              std::exception_ptr exception;
              try {
                  outcome = produce([&queue](const SortedRecord& record) -> Result<void> {
                      if (!queue.put(record))
                          return fail("stopped by the consumer");
                      return {};
                  });
              } catch (...) {
                  exception = std::current_exception();
              }
              queue.close(std::move(outcome), exception);
          })
    {
    }
    ~ProducerThread() { join(); }
    ProducerThread(const ProducerThread&) = delete;
    ProducerThread& operator=(const ProducerThread&) = delete;

    void join()
    {
        if (!thread_.joinable())
            return;
        queue_.stop();
        thread_.join();
    }

private:
    BatchQueue& queue_;
    std::thread thread_;
};

} // namespace

Result<void> pipe_records(const RecordProducer& produce, const RecordSorter::Visitor& consume)
{
    BatchQueue queue;
    ProducerThread producer(queue, produce);
    Result<void> consumed;
    while (Batch* batch = queue.take()) {
        for (const SortedRecord& record : batch->records) {
            consumed = consume(record);
            if (!consumed)
                break;
        }
        queue.give_back(batch);
        if (!consumed)
            break;
    }
    producer.join();
    if (queue.exception())
        std::rethrow_exception(queue.exception());
    if (!consumed)
        return consumed;
    return queue.outcome();
}

} // namespace mf::maps
