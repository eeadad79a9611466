// Output for the Berkeley DB files we lay out ourselves (db_btree_writer.hpp,
// db_hash_writer.hpp): pages with consecutive numbers gathered into one pwrite(), the first
// write error kept (nothing more is written after it), an overflow page chain for a big item,
// and the file id of the meta page.
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.hpp"
#include "util/unique_fd.hpp"

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
    // Why the first failed write failed, "" if none did.
    const std::string& error() const { return error_; }

private:
    int fd_;
    std::uint32_t page_size_;
    std::vector<unsigned char> run_;
    std::uint32_t first_ = 0;
    std::uint32_t pages_ = 0;
    std::string error_;
};

// Writes an item of `total` bytes as a chain of overflow pages numbered `first`, `first` + 1,
// ... into `run`, each referenced once and linked both ways; `copy(offset, length, to)` fills
// each page's share. Returns the number of pages written.
std::uint32_t write_overflow_chain(
    DbPageRun& run, std::uint32_t page_size, std::uint32_t first, std::uint32_t total,
    const std::function<void(std::uint32_t, std::uint32_t, unsigned char*)>& copy);

// The generic part of a meta page (page 0) both access methods share, into `page`: the
// "not logged" LSN, magic, version, page size, page type, last page number, and a file id
// unique to the file `fd` (libdb's cache tells open files apart by it; like libdb's own, the
// inode and device numbers, then the time and a random number).
struct MetaHeader {
    std::uint32_t magic;
    std::uint32_t version;
    std::uint32_t page_size;
    std::uint8_t type;
    std::uint32_t last_pgno;
};
void store_meta_header(const MetaHeader& header, int fd, unsigned char* page);

// "cannot write PATH: reason" for the first of `errors` (DbPageRun::error()) that is not
// empty, else "".
std::string write_error_message(const std::string& path,
                                std::initializer_list<std::string_view> errors);

// The end of a file written: the first write error of `errors`, else closes `fd` (whose
// error, as NFS reports a failed write late, counts as one).
Result<void> close_written(UniqueFd& fd, const std::string& path,
                           std::initializer_list<std::string_view> errors);

} // namespace mf::maps
