// Output for the Berkeley DB files we lay out ourselves (db_btree_writer.hpp,
// db_hash_writer.hpp): pages with consecutive numbers gathered into one pwrite(), the first
// write error kept (nothing more is written after it), an overflow page chain for a big item,
// and the file id of the meta page.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

namespace mf::maps {

class DbPageRun {
public:
    // Writes to `fd` (not owned) pages of `page_size` bytes.
    DbPageRun(int fd, std::uint32_t page_size);

    // Queues page `pgno` (a copy is taken); a page that does not follow the queued ones, or
    // that would overflow the buffer, sends them first.
    void write(std::uint32_t pgno, const unsigned char* page);
    // Sends the queued pages.
    void flush();
    // errno of the first failed write, 0 if none.
    int error() const { return error_; }

private:
    int fd_;
    std::uint32_t page_size_;
    std::vector<unsigned char> run_;
    std::uint32_t first_ = 0;
    std::uint32_t pages_ = 0;
    int error_ = 0;
};

// Writes an item of `total` bytes as a chain of overflow pages numbered `first`, `first` + 1,
// ... into `run`, each referenced once and linked both ways; `copy(offset, length, to)` fills
// each page's share. Returns the number of pages written.
std::uint32_t write_overflow_chain(
    DbPageRun& run, std::uint32_t page_size, std::uint32_t first, std::uint32_t total,
    const std::function<void(std::uint32_t, std::uint32_t, unsigned char*)>& copy);

// A file id unique to this file, into the meta page's uid field: libdb's cache tells open
// files apart by it. Like libdb's own, the inode and device numbers, then the time and a
// random number.
void store_file_id(int fd, unsigned char* uid);

} // namespace mf::maps
