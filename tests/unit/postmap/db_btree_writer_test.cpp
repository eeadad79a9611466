// Our Berkeley DB btree page writer (postmap/db_btree_writer.hpp) against libdb itself: the
// meta page and page layout libdb writes for the same entries (empty table, one entry), the
// on-page limit libdb applies at several page sizes, multi-level trees (small pages) whose
// leaves, links and separators are checked page by page and which libdb verifies, reads and
// then updates; our reader finds every key. Tables postmap builds are compared in
// tests/integration/30_mfmap_btree_writer.sh.
#include <catch2/catch.hpp>

#include <db.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "postmap/db_btree_reader.hpp"
#include "postmap/db_btree_writer.hpp"
#include "postmap/db_format.hpp"
#include "tests/unit/postmap/libdb_handle.hpp"
#include "tests/unit/temporary_directory.hpp"
#include "util/unique_fd.hpp"

using namespace mf::maps;
using namespace mf::maps::db_format;
using mf::testing::TemporaryDirectory;
using namespace mf::testing;

namespace {

using Entries = std::vector<std::pair<std::string, std::string>>;

// Every stored pair in libdb's cursor order.
Entries libdb_entries(const std::string& path)
{
    return libdb_pairs(path, DB_BTREE);
}

std::string file_bytes(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// `file` with the bytes libdb leaves undefined cleared: the file id (which names the file) and
// the free space of btree pages (libdb does not clear a page it reuses from its cache).
std::string defined_bytes(std::string file, std::uint32_t page_size)
{
    std::memset(file.data() + meta_uid, 0, uid_size);
    for (std::size_t start = page_size; start + page_size <= file.size(); start += page_size) {
        auto page = reinterpret_cast<unsigned char*>(file.data()) + start;
        PageHeader header = page_header_of(page);
        std::uint32_t index_end = page_header + index_slot * header.entries;
        if ((header.type == page_btree_leaf || header.type == page_btree_internal) &&
            index_end <= header.high_free_offset && header.high_free_offset <= page_size)
            std::memset(page + index_end, 0, header.high_free_offset - index_end);
    }
    return file;
}

// Builds `entries` (sorted) into a new file `path` with our writer; the page size it used.
std::uint32_t build(const std::string& path, const Entries& entries, bool nul = true,
                    std::optional<std::uint32_t> page_size = std::nullopt)
{
    mf::testing::write_file(path, "");
    auto writer = DbBtreeWriter::open(path, nul, page_size);
    REQUIRE(writer);
    for (const auto& [key, value] : entries)
        REQUIRE(writer->add(key, value));
    std::uint32_t size = writer->page_size();
    REQUIRE(writer->finish());
    return size;
}

// The stored form of `entries`: with a NUL after each key and value.
Entries with_nul(const Entries& entries)
{
    Entries out;
    for (const auto& [key, value] : entries)
        out.emplace_back(key + '\0', value + '\0');
    return out;
}

// Entries in key order: short ones, overflow values and keys, and runs of keys sharing a
// prefix longer than a page's on-page limit (so separators need overflow pages).
Entries mixed_entries(std::size_t count)
{
    std::map<std::string, std::string> sorted;
    std::mt19937 random(7);
    for (std::size_t i = 0; sorted.size() < count; ++i) {
        std::string key = "k" + std::to_string(random() % 1000000);
        std::string value = "v" + std::to_string(i);
        if (i % 53 == 1)
            value.append(200 + random() % 9000, 'x');
        if (i % 71 == 2)
            key.append(150 + random() % 3000, 'y');
        if (i % 5 == 3)
            key = std::string(1500, 'p') + std::to_string(random() % 100000);
        sorted.emplace(std::move(key), std::move(value));
    }
    return Entries(sorted.begin(), sorted.end());
}

struct Page {
    const unsigned char* bytes;
    PageHeader header;
    std::uint32_t prev;
};

Page page_of(const std::string& file, std::uint32_t page_size, std::uint32_t pgno)
{
    REQUIRE((std::size_t{pgno} + 1) * page_size <= file.size());
    auto bytes = reinterpret_cast<const unsigned char*>(file.data()) + std::size_t{pgno} * page_size;
    return {bytes, page_header_of(bytes), load_u32(bytes + page_prev_pgno)};
}

const unsigned char* item_of(const Page& page, std::uint32_t index)
{
    return page.bytes + load_u16(page.bytes + page_header + index_slot * index);
}

// The bytes of a leaf item or of an internal item's key, overflow chains followed.
std::string item_bytes(const std::string& file, std::uint32_t page_size, const unsigned char* at,
                       bool internal)
{
    std::uint32_t header = internal ? internal_header : key_data_header;
    if (at[item_type] == item_key_data)
        return std::string(reinterpret_cast<const char*>(at) + header, load_u16(at));
    REQUIRE(at[item_type] == item_overflow);
    const unsigned char* reference = internal ? at + internal_header : at;
    std::uint32_t pgno = load_u32(reference + overflow_pgno);
    std::uint32_t total = load_u32(reference + overflow_length);
    std::string out;
    std::uint32_t prev = 0;
    while (out.size() < total) {
        Page page = page_of(file, page_size, pgno);
        REQUIRE(page.header.type == page_overflow);
        REQUIRE(page.header.entries == 1); // referenced once: separators have their own copy
        REQUIRE(page.prev == prev);
        out.append(reinterpret_cast<const char*>(page.bytes) + page_header,
                   page.header.high_free_offset);
        prev = pgno;
        pgno = page.header.next_pgno;
    }
    CHECK(pgno == 0);
    CHECK(out.size() == total);
    return out;
}

// Walks the tree from the root: every leaf at level 1 in key order, linked both ways; every
// internal page's first key empty; each separator the shortest prefix of its child's first
// key that sorts after the previous child's last key. Returns the pairs in leaf order.
struct Walk {
    Entries pairs;
    std::uint32_t leaves = 0;
    std::uint32_t levels = 0;
    std::uint32_t fullest_leaf = 0; // bytes in use
};

void walk(const std::string& file, std::uint32_t page_size, std::uint32_t pgno,
          std::uint32_t expected_level, Walk& out, std::uint32_t& previous_leaf)
{
    Page page = page_of(file, page_size, pgno);
    REQUIRE(page.header.pgno == pgno);
    REQUIRE(page.header.level == expected_level);
    if (expected_level == leaf_level) {
        REQUIRE(page.header.type == page_btree_leaf);
        CHECK(page.prev == previous_leaf);
        if (previous_leaf != 0)
            CHECK(page_of(file, page_size, previous_leaf).header.next_pgno == pgno);
        previous_leaf = pgno;
        ++out.leaves;
        out.fullest_leaf =
            std::max(out.fullest_leaf, page_header + index_slot * page.header.entries +
                                           page_size - page.header.high_free_offset);
        REQUIRE(page.header.entries % 2 == 0);
        for (std::uint32_t i = 0; i < page.header.entries; i += 2)
            out.pairs.emplace_back(item_bytes(file, page_size, item_of(page, i), false),
                                   item_bytes(file, page_size, item_of(page, i + 1), false));
        return;
    }
    REQUIRE(page.header.type == page_btree_internal);
    CHECK(page.prev == 0);
    CHECK(page.header.next_pgno == 0);
    REQUIRE(page.header.entries >= 1);
    for (std::uint32_t i = 0; i < page.header.entries; ++i) {
        const unsigned char* at = item_of(page, i);
        std::string separator = item_bytes(file, page_size, at, true);
        if (i == 0)
            CHECK(separator.empty());
        std::size_t before = out.pairs.size();
        walk(file, page_size, load_u32(at + internal_child), expected_level - 1, out,
             previous_leaf);
        REQUIRE(out.pairs.size() > before);
        if (i > 0) {
            const std::string& first = out.pairs[before].first;
            const std::string& last_before = out.pairs[before - 1].first;
            CHECK(first.compare(0, separator.size(), separator) == 0);
            CHECK(last_before < separator);
            CHECK(last_before.compare(0, separator.size() - 1, separator, 0,
                                      separator.size() - 1) == 0);
        }
    }
}

Walk walk_tree(const std::string& file, std::uint32_t page_size)
{
    Walk out;
    Page root = page_of(file, page_size, 1);
    out.levels = root.header.level;
    std::uint32_t previous_leaf = 0;
    walk(file, page_size, 1, root.header.level, out, previous_leaf);
    CHECK(page_of(file, page_size, previous_leaf).header.next_pgno == 0);
    return out;
}

} // namespace

TEST_CASE("an empty btree is the meta page and an empty leaf, as libdb writes it",
          "[postmap][btree_writer]")
{
    TemporaryDirectory dir;
    std::string ours = dir.file("ours.db"), theirs = dir.file("theirs.db");
    std::uint32_t page_size = build(ours, {});
    open_libdb(theirs, DB_BTREE, true, page_size).reset();
    std::string mine = file_bytes(ours);
    REQUIRE(mine.size() == 2 * page_size);
    CHECK(defined_bytes(mine, page_size) == defined_bytes(file_bytes(theirs), page_size));
    auto meta = reinterpret_cast<const unsigned char*>(mine.data());
    CHECK(load_u32(meta + meta_magic) == btree_magic);
    CHECK(load_u32(meta + meta_last_pgno) == 1);
    CHECK(load_u32(meta + btree_meta_root) == 1);
    CHECK(libdb_verifies(ours));
    CHECK(libdb_entries(ours).empty());
}

TEST_CASE("one entry is laid out as libdb lays it out", "[postmap][btree_writer]")
{
    TemporaryDirectory dir;
    std::string ours = dir.file("ours.db"), theirs = dir.file("theirs.db");
    for (bool nul : {true, false}) {
        std::string key = "postmaster@example.com", value = "root";
        std::uint32_t page_size = build(ours, {{key, value}}, nul);
        {
            ::unlink(theirs.c_str());
            DbHandle db = open_libdb(theirs, DB_BTREE, true, page_size);
            std::string k = nul ? key + '\0' : key, v = nul ? value + '\0' : value;
            DBT kd = bytes_dbt(k), vd = bytes_dbt(v);
            REQUIRE(db->put(db.get(), nullptr, &kd, &vd, 0) == 0);
        }
        CHECK(defined_bytes(file_bytes(ours), page_size) ==
              defined_bytes(file_bytes(theirs), page_size));
        CHECK(libdb_verifies(ours));
    }
}

TEST_CASE("items past libdb's on-page limit go to overflow chains, at every page size",
          "[postmap][btree_writer]")
{
    CHECK(btree_on_page_limit(4096) == 1007); // as postmap's own tables show
    TemporaryDirectory dir;
    for (std::uint32_t page_size : {512u, 1024u, 4096u, 16384u}) {
        INFO("page size " << page_size);
        std::uint32_t limit = btree_on_page_limit(page_size);
        // libdb's own choice: values of `limit` bytes on the page, one more overflows.
        std::string theirs = dir.file("theirs" + std::to_string(page_size));
        {
            DbHandle db = open_libdb(theirs, DB_BTREE, true, page_size);
            for (std::uint32_t size : {limit, limit + 1}) {
                std::string key(1, size == limit ? 'a' : 'b'), value(size, 'v');
                DBT kd = bytes_dbt(key), vd = bytes_dbt(value);
                REQUIRE(db->put(db.get(), nullptr, &kd, &vd, 0) == 0);
            }
        }
        std::string libdb = file_bytes(theirs);
        Page leaf = page_of(libdb, page_size, 1);
        REQUIRE(leaf.header.entries == 4);
        CHECK(item_of(leaf, 1)[item_type] == item_key_data);
        CHECK(item_of(leaf, 3)[item_type] == item_overflow);

        std::string ours = dir.file("ours" + std::to_string(page_size));
        Entries entries = {{std::string(limit + 1, 'a'), "short"},
                           {"b", std::string(limit - 1, 'v')}, // limit with its NUL
                           {"c", std::string(limit, 'v')},
                           {"d", std::string(10 * page_size, 'w')}};
        build(ours, entries, true, page_size);
        std::string mine = file_bytes(ours);
        Page root = page_of(mine, page_size, 1);
        REQUIRE(root.header.type == page_btree_leaf);
        REQUIRE(root.header.entries == 8);
        CHECK(item_of(root, 0)[item_type] == item_overflow);
        CHECK(item_of(root, 3)[item_type] == item_key_data);
        CHECK(item_of(root, 5)[item_type] == item_overflow);
        CHECK(item_of(root, 7)[item_type] == item_overflow);
        CHECK(walk_tree(mine, page_size).pairs == with_nul(entries));
        CHECK(mine.size() ==
              (std::size_t{load_u32(reinterpret_cast<const unsigned char*>(mine.data()) +
                                    meta_last_pgno)} +
               1) * page_size);
        CHECK(libdb_verifies(ours));
        CHECK(libdb_entries(ours) == with_nul(entries));
    }
}

TEST_CASE("multi-level trees: links, separators and fill as libdb expects them",
          "[postmap][btree_writer]")
{
    TemporaryDirectory dir;
    Entries entries = mixed_entries(6000);
    for (std::uint32_t page_size : {512u, 4096u}) {
        INFO("page size " << page_size);
        std::string path = dir.file("tree" + std::to_string(page_size));
        build(path, entries, true, page_size);
        std::string file = file_bytes(path);
        Walk walked = walk_tree(file, page_size);
        CHECK(walked.pairs == with_nul(entries));
        CHECK(walked.levels >= (page_size == 512 ? 4u : 2u));
        CHECK(libdb_verifies(path));
        CHECK(libdb_entries(path) == with_nul(entries));

        mf::UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
        auto reader = DbBtreeReader::open(fd.get(), true);
        REQUIRE(reader);
        for (const auto& [key, value] : entries) {
            std::string found;
            REQUIRE(reader->lookup(key + '\0', found, false) == PageLookup::found);
            REQUIRE(found == value + '\0');
        }
    }
}

TEST_CASE("leaves are filled to 90% and libdb inserts and deletes in the tree",
          "[postmap][btree_writer]")
{
    TemporaryDirectory dir;
    Entries entries;
    for (int i = 0; i < 20000; ++i)
        entries.emplace_back("user" + std::to_string(100000 + i) + "@example.com", "relay");
    std::string path = dir.file("grown");
    std::uint32_t page_size = build(path, entries, true, 4096);
    std::size_t pages_before = file_bytes(path).size() / page_size;
    Walk walked = walk_tree(file_bytes(path), page_size);
    CHECK(walked.fullest_leaf <= page_header + (page_size - page_header) * 9 / 10);
    CHECK(walked.fullest_leaf > page_header + (page_size - page_header) * 8 / 10);

    Entries stored = with_nul(entries);
    std::map<std::string, std::string> expected(stored.begin(), stored.end());
    {
        DbHandle db = open_libdb(path, DB_BTREE);
        // One new key after every 20th fits the room left: no page splits.
        for (int i = 0; i < 1000; ++i) {
            std::string key = "user" + std::to_string(100000 + 20 * i) + "@example.com+";
            key.push_back('\0');
            std::string value = "new";
            DBT k = bytes_dbt(key), v = bytes_dbt(value);
            REQUIRE(db->put(db.get(), nullptr, &k, &v, 0) == 0);
            expected[key] = value;
        }
    }
    CHECK(file_bytes(path).size() / page_size == pages_before);
    CHECK(libdb_verifies(path));
    {
        DbHandle db = open_libdb(path, DB_BTREE);
        std::mt19937 random(4);
        for (int i = 0; i < 5000; ++i) {
            std::string key = "added" + std::to_string(random()) + '\0';
            std::string value(random() % 3000, 'z');
            DBT k = bytes_dbt(key), v = bytes_dbt(value);
            REQUIRE(db->put(db.get(), nullptr, &k, &v, 0) == 0);
            expected[key] = value;
        }
        for (int i = 0; i < 20000; i += 3) {
            std::string key = entries[i].first + '\0';
            DBT k = bytes_dbt(key);
            REQUIRE(db->del(db.get(), nullptr, &k, 0) == 0);
            expected.erase(key);
        }
    }
    CHECK(libdb_verifies(path));
    CHECK(libdb_entries(path) == Entries(expected.begin(), expected.end()));
}

TEST_CASE("keys out of order or repeated are refused", "[postmap][btree_writer]")
{
    TemporaryDirectory dir;
    std::string path = dir.file("bad");
    mf::testing::write_file(path, "");
    auto writer = DbBtreeWriter::open(path, true);
    REQUIRE(writer);
    REQUIRE(writer->add("b", "1"));
    CHECK_FALSE(writer->add("b", "2"));
    CHECK_FALSE(writer->add("a", "3"));
    REQUIRE(writer->add("c", "4"));
    REQUIRE(writer->finish());
    CHECK(libdb_entries(path) == with_nul({{"b", "1"}, {"c", "4"}}));
    CHECK_FALSE(DbBtreeWriter::open(dir.file("missing"), true));
}

TEST_CASE("the default page size is libdb's for the same directory", "[postmap][btree_writer]")
{
    TemporaryDirectory dir;
    std::string theirs = dir.file("theirs.db");
    open_libdb(theirs, DB_BTREE, true).reset();
    auto meta = file_bytes(theirs);
    std::string ours = dir.file("ours.db");
    CHECK(build(ours, {}) ==
          load_u32(reinterpret_cast<const unsigned char*>(meta.data()) + meta_page_size));
    mf::UniqueFd fd(::open(ours.c_str(), O_RDONLY | O_CLOEXEC));
    std::uint32_t size = DbBtreeWriter::default_page_size(fd.get());
    CHECK(size >= 512);
    CHECK(size <= 16384);
    CHECK((size & (size - 1)) == 0);
}
