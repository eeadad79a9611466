// Moves where a short-lived command's heap grows onto a transparent huge page.
//
// A run of mfcc is mostly first touches of memory. Each 4 KiB page of heap written for the
// first time costs a page fault, 5 to 10 microseconds on a virtual machine that shadows the
// guest's page tables, and a check writes 100 to 200 of them: more than the checking itself.
// A 2 MiB transparent huge page is one fault (its clearing, about 0.15 ms) for all of it.
// Call this before the work that allocates. It asks glibc's malloc (mallopt) to keep blocks
// of up to 16 MiB in the heap and to grow the heap in large steps, fills the heap up to the
// next 2 MiB boundary with a block that is never touched, and marks what lies beyond for huge
// pages (madvise MADV_HUGEPAGE, honoured under the kernel's usual "madvise" setting). Where any
// of it is refused (no THP, the sanitizers' malloc) the heap stays as it was: this changes
// speed only, never behaviour.
#pragma once

namespace mf {

void place_heap_on_huge_pages();

} // namespace mf
