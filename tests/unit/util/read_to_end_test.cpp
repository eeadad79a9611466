// read_to_end: the whole of a descriptor's content past several read buffers, appended to
// what the string held, and EFBIG rather than more memory once the size guard is passed.
// read_file: the same for a named file, with failures that name it.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <cerrno>
#include <string>
#include <thread>

#include "tests/unit/temporary_directory.hpp"
#include "util/read_to_end.hpp"
#include "util/unique_fd.hpp"

namespace {

// A pipe whose writer sends `content` from a thread; returns the read end.
mf::UniqueFd pipe_holding(const std::string& content, std::thread& writer)
{
    int ends[2];
    REQUIRE(::pipe(ends) == 0);
    mf::UniqueFd read_end(ends[0]);
    writer = std::thread([write_end = ends[1], content] {
        std::size_t done = 0;
        while (done < content.size()) {
            ssize_t wrote = ::write(write_end, content.data() + done, content.size() - done);
            if (wrote <= 0)
                break;
            done += static_cast<std::size_t>(wrote);
        }
        ::close(write_end);
    });
    return read_end;
}

} // namespace

TEST_CASE("read_to_end reads everything, appending", "[util][read]")
{
    std::string content(300000, 'x');
    for (std::size_t i = 0; i < content.size(); i += 7)
        content[i] = static_cast<char>('a' + i % 26);
    std::thread writer;
    mf::UniqueFd fd = pipe_holding(content, writer);
    std::string out = "before:";
    CHECK(mf::read_to_end(fd.get(), out) == 0);
    writer.join();
    CHECK(out == "before:" + content);
}

TEST_CASE("read_to_end refuses content past its limit", "[util][read]")
{
    std::thread writer;
    mf::UniqueFd fd = pipe_holding(std::string(200000, 'y'), writer);
    std::string out;
    CHECK(mf::read_to_end(fd.get(), out, 100000) == EFBIG);
    CHECK(out.size() <= 100000);
    std::string rest; // drained, so the writer ends without SIGPIPE
    CHECK(mf::read_to_end(fd.get(), rest) == 0);
    writer.join();
}

TEST_CASE("read_to_end takes exactly its limit and refuses one byte more", "[util][read]")
{
    for (const std::size_t size : {std::size_t{16384}, std::size_t{16385}, std::size_t{70000}}) {
        std::thread writer;
        mf::UniqueFd fd = pipe_holding(std::string(size, 'z'), writer);
        std::string out;
        CHECK(mf::read_to_end(fd.get(), out, size) == 0);
        writer.join();
        CHECK(out == std::string(size, 'z'));

        mf::UniqueFd longer = pipe_holding(std::string(size + 1, 'z'), writer);
        std::string refused;
        CHECK(mf::read_to_end(longer.get(), refused, size) == EFBIG);
        CHECK(refused.size() <= size);
        writer.join();
    }
}

TEST_CASE("read_to_end reports a read error", "[util][read]")
{
    std::string out;
    CHECK(mf::read_to_end(-1, out) == EBADF);
    CHECK(out.empty());
}

TEST_CASE("read_file reads a whole file and names the file when it cannot", "[util][read]")
{
    mf::testing::TemporaryDirectory dir;
    const std::string path = dir.file("services");
    const std::string content = std::string(100000, 's') + "\nsmtp 25/tcp\n";
    mf::testing::write_file(path, content);
    auto read = mf::read_file(path);
    REQUIRE(read);
    CHECK(*read == content);

    auto limited = mf::read_file(path, 1000);
    REQUIRE_FALSE(limited);
    CHECK(limited.error().message == path + ": larger than 1000 bytes");

    auto missing = mf::read_file(path + ".missing");
    REQUIRE_FALSE(missing);
    CHECK(missing.error().message == path + ".missing: No such file or directory");

    auto directory = mf::read_file(dir.path.string());
    REQUIRE_FALSE(directory);
    CHECK(directory.error().message == dir.path.string() + ": is a directory");
}
