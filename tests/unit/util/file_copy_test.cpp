// copy_file_contents: the copy holds exactly the source's bytes, whichever method the file
// system allows (reported, so a run shows which one was used).
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <random>
#include <sstream>

#include "tests/unit/temporary_directory.hpp"
#include "util/file_copy.hpp"
#include "util/unique_fd.hpp"

using mf::testing::TemporaryDirectory;

namespace {

std::string read_all(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

} // namespace

TEST_CASE("copy_file_contents copies every byte, of empty and large files", "[util][copy]")
{
    TemporaryDirectory dir;
    std::mt19937 random(42);
    for (std::size_t size : {std::size_t(0), std::size_t(1), std::size_t(4096),
                             std::size_t(3 * 1024 * 1024 + 17)}) {
        std::string content(size, '\0');
        for (char& c : content)
            c = static_cast<char>(random());
        mf::testing::write_file(dir.file("from"), content);
        mf::UniqueFd from(::open(dir.file("from").c_str(), O_RDONLY));
        mf::UniqueFd to(::open(dir.file("to").c_str(), O_RDWR | O_CREAT | O_TRUNC, 0600));
        REQUIRE(from);
        REQUIRE(to);
        auto method = mf::copy_file_contents(from.get(), to.get(), static_cast<off_t>(size), "from");
        REQUIRE(method);
        INFO("size " << size << ", method " << static_cast<int>(*method));
        CHECK(read_all(dir.file("to")) == content);
    }
}

TEST_CASE("copy_file_contents copies only the size given", "[util][copy]")
{
    TemporaryDirectory dir;
    mf::testing::write_file(dir.file("from"), "0123456789");
    mf::UniqueFd from(::open(dir.file("from").c_str(), O_RDONLY));
    mf::UniqueFd to(::open(dir.file("to").c_str(), O_RDWR | O_CREAT | O_TRUNC, 0600));
    REQUIRE(mf::copy_file_contents(from.get(), to.get(), 4, "from"));
    CHECK(read_all(dir.file("to")) == "0123");
}

TEST_CASE("copy_file_contents reports a source that is shorter than promised", "[util][copy]")
{
    TemporaryDirectory dir;
    mf::testing::write_file(dir.file("from"), "short");
    mf::UniqueFd from(::open(dir.file("from").c_str(), O_RDONLY));
    mf::UniqueFd to(::open(dir.file("to").c_str(), O_RDWR | O_CREAT | O_TRUNC, 0600));
    auto copied = mf::copy_file_contents(from.get(), to.get(), 100, "from");
    // A reflink copies the whole (short) file and the size check is the caller's; the
    // copying methods notice the end of the file.
    if (copied)
        CHECK(*copied == mf::CopyMethod::reflink);
    else
        CHECK_THAT(copied.error().message, Catch::Contains("copy from"));
}
