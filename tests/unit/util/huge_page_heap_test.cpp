// place_heap_on_huge_pages: where the heap grows next is marked for transparent huge pages, and
// allocations keep working. Checked in a fresh run of this program, as mfcc calls it: a heap
// that earlier tests have used may answer a large request from a freed block instead of from
// its top, and the rest of the tests keep malloc's usual settings.
#include <catch2/catch.hpp>

#include <malloc.h>
#include <spawn.h>
#include <sys/wait.h>

#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "util/huge_page_heap.hpp"

namespace {

constexpr std::uintptr_t huge_page = std::uintptr_t{2} << 20;

// The VmFlags line of the mapping in /proc/self/smaps that holds address, empty if none does.
std::string mapping_flags(std::uintptr_t address)
{
    std::ifstream smaps("/proc/self/smaps");
    std::string line;
    bool inside = false;
    while (std::getline(smaps, line)) {
        std::uintptr_t start = 0, end = 0;
        char dash = 0;
        std::istringstream range(line);
        if (range >> std::hex >> start >> dash >> end && dash == '-') {
            inside = start <= address && address < end;
            continue;
        }
        if (inside && line.rfind("VmFlags:", 0) == 0)
            return line;
    }
    return {};
}

} // namespace

TEST_CASE("place_heap_on_huge_pages in a fresh process", "[.][huge_page_heap]")
{
    // Not glibc's malloc (the sanitizers' own): then the call must leave the heap alone.
    const bool glibc_malloc = mallopt(M_ARENA_MAX, 8) == 1;
    mf::place_heap_on_huge_pages();
    // Larger than anything freed so far: it comes from the top of the heap, past the gap.
    std::vector<char> block(4 << 20, 'x');
    const auto address = reinterpret_cast<std::uintptr_t>(block.data());
    const std::uintptr_t boundary = (address + huge_page - 1) & ~(huge_page - 1);
    if (glibc_malloc)
        CHECK_THAT(mapping_flags(boundary), Catch::Contains(" hg"));
    CHECK(block.front() == 'x');
    CHECK(block.back() == 'x');
}

TEST_CASE("place_heap_on_huge_pages marks the heap's growth for huge pages", "[util]")
{
    char program[] = "unit_tests";
    char tag[] = "[huge_page_heap]";
    char fail_if_none_ran[] = "--warn=NoTests";
    char* arguments[] = {program, tag, fail_if_none_ran, nullptr};
    pid_t child = 0;
    REQUIRE(posix_spawn(&child, "/proc/self/exe", nullptr, nullptr, arguments, environ) == 0);
    int status = 0;
    REQUIRE(waitpid(child, &status, 0) == child);
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
}
