// The pieces of a streaming build: the record sorter's order with runs spilled to disk (a tiny
// memory budget forces many), and the source reader's pieces, which must end on logical-line
// boundaries and number lines as in the whole file.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <tuple>
#include <vector>

#include "postmap/map_source_reader.hpp"
#include "postmap/record_sorter.hpp"
#include "postmap/source_chunks.hpp"
#include "tests/unit/temporary_directory.hpp"

using namespace mf::maps;
using mf::testing::TemporaryDirectory;

TEST_CASE("the record sorter orders by rank, key, arrival across spilled runs",
          "[postmap][build]")
{
    TemporaryDirectory dir;
    auto budget = GENERATE(std::size_t(1) << 20, std::size_t(600));
    RecordSorter sorter(dir.path.string(), budget);
    std::vector<std::tuple<std::uint64_t, std::string, std::uint32_t>> expected;
    for (std::uint32_t i = 0; i < 3000; ++i) {
        std::uint64_t rank = (i * 7919u) % 13;
        std::string key = "k" + std::to_string((i * 31u) % 500);
        std::string value(i % 300 == 0 ? 5000 : 3, 'v'); // some records larger than the arena
        REQUIRE(sorter.add(rank, key, value, i + 1));
        expected.emplace_back(rank, key, i + 1);
    }
    std::stable_sort(expected.begin(), expected.end(), [](const auto& a, const auto& b) {
        return std::tie(std::get<0>(a), std::get<1>(a)) < std::tie(std::get<0>(b), std::get<1>(b));
    });
    std::vector<std::tuple<std::uint64_t, std::string, std::uint32_t>> seen;
    REQUIRE(sorter.merge([&](const SortedRecord& record) -> mf::Result<void> {
        seen.emplace_back(record.rank, std::string(record.key), record.line);
        CHECK(record.value.size() == ((record.line - 1) % 300 == 0 ? 5000u : 3u));
        return {};
    }));
    CHECK(seen == expected);
}

TEST_CASE("the record sorter refuses a record over its length limit", "[postmap][build]")
{
    // The limit stands for the 32-bit lengths (4 GB); lowered here to be testable.
    TemporaryDirectory dir;
    RecordSorter sorter(dir.path.string(), 4096, 100);
    REQUIRE(sorter.add(1, "key", std::string(97, 'v'), 1));
    auto refused = sorter.add(2, "key", std::string(98, 'v'), 2);
    REQUIRE_FALSE(refused);
    CHECK_THAT(refused.error().message, Catch::StartsWith("record too long: 101 bytes"));
    std::size_t seen = 0;
    REQUIRE(sorter.merge([&](const SortedRecord&) -> mf::Result<void> {
        ++seen;
        return {};
    }));
    CHECK(seen == 1);
}

TEST_CASE("a source read in pieces gives the entries and lines of the whole file",
          "[postmap][build]")
{
    TemporaryDirectory dir;
    std::string text;
    for (int i = 0; i < 60000; ++i) {
        text += "key" + std::to_string(i) + " value " + std::to_string(i) + "\n";
        if (i % 97 == 0)
            text += "# a comment\n\n";
        if (i % 89 == 0)
            text += "  continued " + std::to_string(i) + "\n";
    }
    text += "last no-newline";
    mf::testing::write_file(dir.file("source"), text);

    std::vector<std::tuple<std::string, std::string, std::uint32_t>> whole, pieces;
    auto collect = [](auto& into) {
        return [&into](std::string_view key, std::string_view value, std::uint32_t line) {
            into.emplace_back(std::string(key), std::string(value), line);
        };
    };
    auto ignore = [](std::uint32_t, const std::string&) {};
    read_map_source(text, MapSourceOptions{}, EntrySink(collect(whole)), ignore, 1);
    std::size_t count = 0;
    REQUIRE(read_source_chunks(dir.file("source"), [&](std::string_view piece, std::uint32_t line) {
        ++count;
        read_map_source(piece, MapSourceOptions{}, EntrySink(collect(pieces)), ignore, line);
        return mf::Result<void>{};
    }));
    CHECK(count > 1);
    CHECK(pieces == whole);
    CHECK(whole.size() == 60001);
    CHECK(estimate_source_stats(dir.file("source")).entries >= 55000);
}
