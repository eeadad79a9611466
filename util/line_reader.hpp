// Lines from a file descriptor, read in large blocks: a bulk query (mfmap -q -) takes its keys
// one per line on standard input, and one read() per 64 KB with the lines cut in place costs
// far less than a stream extraction and a string per line. The lines of a batch stay valid
// together, so a caller can hand a whole batch to a table before looking the keys up.
// Lines are cut as std::getline cuts them: at '\n' only (a '\r' stays in the line), a last
// line without '\n' still counts, nothing follows a final '\n'.
#pragma once

#include <cstddef>
#include <string_view>
#include <utility>
#include <vector>

namespace mf {

class LineReader {
public:
    // `fd` (not owned) is read from its current position.
    explicit LineReader(int fd) : fd_(fd), buffer_(block_size) {}

    // Replaces `lines` with up to `most` next lines (without their '\n'), valid until the
    // next call; empty at the end of the input. A read error ends the input as end of file
    // does (std::getline's behaviour); error() then tells its errno value.
    void next_batch(std::vector<std::string_view>& lines, std::size_t most);

    int error() const { return error_; }

    static constexpr std::size_t block_size = 1u << 16;

private:
    // Reads more input after `end_`, first moving the bytes from `keep` on to the buffer's
    // start (growing it when they fill it); returns how far the bytes moved, or -1 at the end
    // of the input.
    std::ptrdiff_t refill(std::size_t keep);

    int fd_;
    std::vector<char> buffer_;
    std::size_t start_ = 0; // first byte not yet returned
    std::size_t end_ = 0;   // end of the bytes read
    bool at_end_ = false;
    int error_ = 0;
    std::vector<std::pair<std::size_t, std::size_t>> spans_; // the batch being cut
};

} // namespace mf
