#include "util/huge_page_heap.hpp"

#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>

namespace mf {

namespace {

constexpr std::uintptr_t huge_page = std::uintptr_t{2} << 20;

// The skipped stretch of heap: held for the life of the process, never written past its header.
void* heap_gap = nullptr;

} // namespace

void place_heap_on_huge_pages()
{
    // Blocks of up to 16 MiB from the heap rather than from mmap (whose 4 KiB pages would each
    // fault again), the heap grown 8 MiB at a time, and not trimmed back while running.
    if (mallopt(M_MMAP_THRESHOLD, 16 << 20) != 1 || mallopt(M_TOP_PAD, 8 << 20) != 1 ||
        mallopt(M_TRIM_THRESHOLD, 32 << 20) != 1)
        return;
    // The heap's free top runs from end - keepcost to the program break, end.
    const auto end = reinterpret_cast<std::uintptr_t>(sbrk(0));
    const std::uintptr_t top = end - mallinfo2().keepcost;
    // A 2 MiB page is only made where no 4 KiB page of its range has been touched: the gap
    // block ends, and the next block's header starts, a little short of the boundary.
    constexpr std::uintptr_t headers = 128;
    const std::uintptr_t boundary = (top + headers + huge_page - 1) & ~(huge_page - 1);
    heap_gap = std::malloc(boundary - top - headers);
    const auto grown = reinterpret_cast<std::uintptr_t>(sbrk(0));
    if (heap_gap && grown > boundary)
        madvise(reinterpret_cast<void*>(boundary), grown - boundary, MADV_HUGEPAGE);
}

} // namespace mf
