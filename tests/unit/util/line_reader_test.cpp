// LineReader: lines cut as std::getline cuts them (a last line without '\n', empty lines, '\r'
// kept, nothing after a final '\n'), across read blocks and past the block size, and every
// line of a batch still valid when the batch is complete.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "util/line_reader.hpp"
#include "util/unique_fd.hpp"

namespace {

// The lines LineReader cuts from `content`, fed through a pipe in pieces of `piece` bytes,
// taken in batches of `most`.
std::vector<std::string> read_lines(const std::string& content, std::size_t piece,
                                    std::size_t most)
{
    int ends[2];
    REQUIRE(::pipe(ends) == 0);
    mf::UniqueFd read_end(ends[0]);
    std::thread writer([write_end = ends[1], &content, piece] {
        for (std::size_t done = 0; done < content.size();) {
            ssize_t wrote = ::write(write_end, content.data() + done,
                                    std::min(piece, content.size() - done));
            if (wrote <= 0)
                break;
            done += static_cast<std::size_t>(wrote);
        }
        ::close(write_end);
    });
    mf::LineReader reader(read_end.get());
    std::vector<std::string> lines;
    std::vector<std::string_view> batch;
    for (;;) {
        reader.next_batch(batch, most);
        if (batch.empty())
            break;
        CHECK(batch.size() <= most);
        for (std::string_view line : batch) // all views of the batch, read after it is cut
            lines.emplace_back(line);
    }
    writer.join();
    CHECK(reader.error() == 0);
    return lines;
}

std::vector<std::string> getline_lines(const std::string& content)
{
    std::istringstream in(content);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);)
        lines.push_back(line);
    return lines;
}

} // namespace

TEST_CASE("LineReader cuts lines as std::getline does", "[util][line_reader]")
{
    std::string long_line(3 * mf::LineReader::block_size + 17, 'x');
    std::string many;
    for (int i = 0; i < 20000; ++i)
        many += "key" + std::to_string(i) + (i % 7 == 0 ? "\r" : "") + "\n";
    for (const std::string& content :
         {std::string(), std::string("\n"), std::string("\n\n"), std::string("one"),
          std::string("one\ntwo"), std::string("one\ntwo\n"), std::string("a\0b\nc", 5),
          long_line, "short\n" + long_line + "\nafter\n" + long_line, many}) {
        auto expected = getline_lines(content);
        for (std::size_t piece : {std::size_t{1}, std::size_t{7}, std::size_t{4096},
                                  std::size_t{1} << 20}) {
            if (piece < 4096 && content.size() > 4096)
                continue; // a byte at a time only for the small contents
            for (std::size_t most : {std::size_t{1}, std::size_t{3}, std::size_t{64}}) {
                INFO("content size " << content.size() << ", pieces of " << piece
                                     << ", batches of " << most);
                CHECK(read_lines(content, piece, most) == expected);
            }
        }
    }
}
