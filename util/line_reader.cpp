// See line_reader.hpp.
#include "util/line_reader.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace mf {

std::ptrdiff_t LineReader::refill(std::size_t keep)
{
    if (at_end_)
        return -1;
    std::size_t kept = end_ - keep;
    if (keep > 0)
        std::memmove(buffer_.data(), buffer_.data() + keep, kept);
    if (kept == buffer_.size())
        buffer_.resize(buffer_.size() * 2);
    start_ -= keep;
    end_ = kept;
    for (;;) {
        ssize_t got = ::read(fd_, buffer_.data() + end_, buffer_.size() - end_);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0)
            error_ = errno;
        if (got <= 0) {
            at_end_ = true;
            break;
        }
        end_ += static_cast<std::size_t>(got);
        break;
    }
    return static_cast<std::ptrdiff_t>(keep);
}

void LineReader::next_batch(std::vector<std::string_view>& lines, std::size_t most)
{
    // Lines are kept as (offset, length) from the batch's first byte until the batch is
    // complete, as a refill moves the bytes.
    std::vector<std::pair<std::size_t, std::size_t>>& spans = spans_;
    spans.clear();
    std::size_t batch_start = start_;
    std::size_t scanned = start_;
    while (spans.size() < most) {
        const char* from = buffer_.data() + scanned;
        const void* newline =
            scanned < end_ ? std::memchr(from, '\n', end_ - scanned) : nullptr;
        if (newline != nullptr) {
            std::size_t at = static_cast<std::size_t>(static_cast<const char*>(newline) -
                                                      buffer_.data());
            spans.emplace_back(start_ - batch_start, at - start_);
            start_ = scanned = at + 1;
            continue;
        }
        scanned = end_;
        std::ptrdiff_t moved = refill(batch_start);
        if (moved < 0) {
            if (start_ < end_) { // a last line without '\n'
                spans.emplace_back(start_ - batch_start, end_ - start_);
                start_ = end_;
            }
            break;
        }
        scanned -= static_cast<std::size_t>(moved);
        batch_start = 0;
    }
    lines.clear();
    for (auto [offset, length] : spans)
        lines.emplace_back(buffer_.data() + batch_start + offset, length);
}

} // namespace mf
