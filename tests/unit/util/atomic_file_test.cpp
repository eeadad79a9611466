// AtomicFile: the target changes only on commit, and an abandoned write leaves no trace.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/unit/temporary_directory.hpp"
#include "util/atomic_file.hpp"

using mf::testing::TemporaryDirectory;

namespace {

std::string read_all(const std::filesystem::path& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

} // namespace

TEST_CASE("replace_file writes the whole content with the requested mode", "[util]")
{
    TemporaryDirectory dir;
    auto target = (dir.path / "table").string();
    REQUIRE(mf::replace_file(target, "first\n", 0640));
    REQUIRE(read_all(target) == "first\n");
    struct stat info {};
    REQUIRE(::stat(target.c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0640);

    REQUIRE(mf::replace_file(target, "second\n", 0600));
    CHECK(read_all(target) == "second\n");
}

TEST_CASE("an AtomicFile dropped before commit leaves the old target and no temporary", "[util]")
{
    TemporaryDirectory dir;
    auto target = (dir.path / "snapshot").string();
    REQUIRE(mf::replace_file(target, "old", 0644));
    {
        auto file = mf::AtomicFile::create(target, 0644);
        REQUIRE(file);
        REQUIRE(file->write("half of the new"));
    }
    CHECK(read_all(target) == "old");
    CHECK(std::distance(std::filesystem::directory_iterator(dir.path),
                        std::filesystem::directory_iterator()) == 1);
}

TEST_CASE("AtomicFile reports a directory it cannot write to", "[util]")
{
    auto file = mf::AtomicFile::create("/nonexistent-directory/x", 0644);
    REQUIRE_FALSE(file);
    CHECK(file.error().message.find("/nonexistent-directory/x") != std::string::npos);
}
