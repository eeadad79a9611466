// Running a producer of sorted records and their consumer on two threads, so a build's merge
// (reading scratch runs, the heap) overlaps the writer's work. The producer runs on a new
// thread and hands records over in batches of copied bytes (a few batches of about 256 KB in
// flight, so memory stays small); the consumer sees them in the producer's order on the calling
// thread. The first error of either side stops both and is returned; an exception thrown on
// the producer's thread is rethrown on the caller's, after the thread has been joined.
#pragma once

#include <functional>

#include "postmap/record_sorter.hpp"
#include "util/result.hpp"

namespace mf::maps {

using RecordProducer = std::function<Result<void>(const RecordSorter::Visitor& put)>;

Result<void> pipe_records(const RecordProducer& produce, const RecordSorter::Visitor& consume);

} // namespace mf::maps
