// Our Berkeley DB hash page writer (postmap/db_hash_writer.hpp) against libdb itself: for the
// same bucket count and page size, libdb lays out the same bucket pages byte for byte (pairs
// sorted by key, with and without NULs, keys that are prefixes of each other, bytes above
// 0x7f) and the same meta page but for the fill factor, element count and file id; libdb's
// on-page limit for hash items; chains and overflow pages that libdb verifies, reads and
// updates (splitting buckets); our reader finds every key; the table shape by pair size.
// Tables postmap builds are compared in tests/integration/31_mfmap_hash_writer.sh.
#include <catch2/catch.hpp>

#include <db.h>
#include <fcntl.h>
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

#include "postmap/db_format.hpp"
#include "postmap/db_hash_reader.hpp"
#include "postmap/db_hash_writer.hpp"
#include "tests/unit/postmap/libdb_handle.hpp"
#include "tests/unit/temporary_directory.hpp"
#include "util/unique_fd.hpp"

using namespace mf::maps;
using namespace mf::maps::db_format;
using mf::testing::TemporaryDirectory;
using namespace mf::testing;

namespace {

using Entries = std::vector<std::pair<std::string, std::string>>;

// A hash table libdb creates at `path` with `buckets` buckets (a fill factor and element
// hint whose quotient rounds up to it) on pages of `page_size`, holding the stored `entries`.
void libdb_build(const std::string& path, const Entries& entries, std::uint32_t page_size,
                 std::uint32_t buckets)
{
    DbHandle db = new_libdb_handle();
    db->set_pagesize(db.get(), page_size);
    db->set_h_ffactor(db.get(), 1000);
    db->set_h_nelem(db.get(), buckets * 1000);
    REQUIRE(db->open(db.get(), nullptr, path.c_str(), nullptr, DB_HASH, DB_CREATE, 0644) == 0);
    for (const auto& [key, value] : entries) {
        DBT k = bytes_dbt(key);
        DBT v = bytes_dbt(value);
        REQUIRE(db->put(db.get(), nullptr, &k, &v, 0) == 0);
    }
}

// Every stored pair libdb's cursor finds, sorted.
Entries libdb_entries(const std::string& path)
{
    Entries out = libdb_pairs(path, DB_HASH);
    std::sort(out.begin(), out.end());
    return out;
}

std::string file_bytes(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The stored form of `entries` (with a NUL after each key and value when `nul`).
Entries stored(const Entries& entries, bool nul)
{
    Entries out;
    for (const auto& [key, value] : entries)
        out.emplace_back(nul ? key + '\0' : key, nul ? value + '\0' : value);
    return out;
}

// Builds `entries` with our writer into a new file `path`: sorted by bucket as the table
// builder hands them over (and shuffled within a bucket, which the writer must sort).
void build(const std::string& path, Entries entries, bool nul, DbHashWriter::Shape shape)
{
    std::mt19937 random(3);
    std::shuffle(entries.begin(), entries.end(), random);
    std::stable_sort(entries.begin(), entries.end(), [&](const auto& a, const auto& b) {
        return DbHashWriter::bucket_of(DbHashWriter::stored_hash(a.first, nul), shape.buckets) <
               DbHashWriter::bucket_of(DbHashWriter::stored_hash(b.first, nul), shape.buckets);
    });
    mf::testing::write_file(path, "");
    auto writer = DbHashWriter::open(path, nul, shape);
    REQUIRE(writer);
    for (const auto& [key, value] : entries)
        REQUIRE(writer->add(key, value));
    REQUIRE(writer->finish());
}

// Our reader finds every stored pair of `entries`, and not an absent key.
void our_reader_finds(const std::string& path, const Entries& entries, bool nul)
{
    mf::UniqueFd fd(::open(path.c_str(), O_RDONLY));
    REQUIRE(fd);
    auto reader = DbHashReader::open(fd.get());
    REQUIRE(reader);
    std::string value;
    for (const auto& [key, expected] : stored(entries, nul)) {
        REQUIRE(reader->lookup(key, value, false) == PageLookup::found);
        REQUIRE(value == expected);
    }
    CHECK(reader->lookup("absent key", value, false) == PageLookup::absent);
}

// libdb finds every stored pair of `entries` by key.
void libdb_finds(const std::string& path, const Entries& stored_entries)
{
    DbHandle db = open_libdb(path, DB_HASH);
    for (const auto& [key, expected] : stored_entries) {
        DBT k = bytes_dbt(key);
        DBT v;
        std::memset(&v, 0, sizeof v);
        REQUIRE(db->get(db.get(), nullptr, &k, &v, 0) == 0);
        REQUIRE(std::string(static_cast<char*>(v.data), v.size) == expected);
    }
}

// `file` with what libdb leaves undefined or sets otherwise cleared: the file id, the meta
// fields libdb sets from its fill factor and element hint (ours: 0 and the pair count), the
// log sequence number of hash pages (libdb leaves 0/0 on some of the pages it allocates with
// the table, 0/1 "not logged" on the others, as ours), the free space of pages and the unused
// bytes of overflow references (libdb does not clear a page it reuses from its cache). Empty buckets: libdb leaves their pages unformatted
// (zeros, or stale bytes on the last page of a doubling) until it first uses them; ours are
// formatted empty pages, which libdb verifies as well.
std::string defined_bytes(std::string file, std::uint32_t page_size)
{
    std::memset(file.data() + meta_uid, 0, uid_size);
    std::memset(file.data() + hash_meta_ffactor, 0, 8); // ffactor, nelem
    for (std::size_t start = page_size; start + page_size <= file.size(); start += page_size) {
        auto page = reinterpret_cast<unsigned char*>(file.data()) + start;
        PageHeader header = page_header_of(page);
        std::uint32_t index_end = page_header + index_slot * header.entries;
        if (header.type != page_overflow && (header.type != page_hash || header.entries == 0)) {
            std::memset(page, 0, page_size);
            continue;
        }
        if (header.type == page_overflow) {
            if (page_header + header.high_free_offset <= page_size)
                std::memset(page + page_header + header.high_free_offset, 0,
                            page_size - page_header - header.high_free_offset);
            continue;
        }
        std::memset(page + page_lsn, 0, 8);
        if (index_end <= header.high_free_offset && header.high_free_offset <= page_size)
            std::memset(page + index_end, 0, header.high_free_offset - index_end);
        for (std::uint32_t i = 0; i < header.entries && index_end <= page_size; ++i) {
            unsigned char* item = page + load_u16(page + page_header + index_slot * i);
            if (item[0] == item_overflow)
                std::memset(item + 1, 0, 3); // unused
        }
    }
    return file;
}

// Our file and libdb's for the same entries, bucket count and page size (entries that need
// no chain page, where libdb would split a bucket): the same bytes, but for defined_bytes().
// libdb gets the entries in the order our writer writes them (by bucket, then in page order),
// so that it numbers overflow pages alike.
void same_as_libdb(const Entries& entries, bool nul, DbHashWriter::Shape shape)
{
    TemporaryDirectory dir;
    build(dir.file("ours.db"), entries, nul, shape);
    Entries in_file_order = stored(entries, nul);
    std::sort(in_file_order.begin(), in_file_order.end(), [&](const auto& a, const auto& b) {
        std::uint32_t bucket_a = DbHashWriter::bucket_of(DbHashReader::hash(a.first), shape.buckets);
        std::uint32_t bucket_b = DbHashWriter::bucket_of(DbHashReader::hash(b.first), shape.buckets);
        if (bucket_a != bucket_b)
            return bucket_a < bucket_b;
        return hash_key_before(a.first, b.first);
    });
    libdb_build(dir.file("theirs.db"), in_file_order, shape.page_size, shape.buckets);
    std::string ours = file_bytes(dir.file("ours.db"));
    std::string theirs = file_bytes(dir.file("theirs.db"));
    REQUIRE(ours.size() == theirs.size());
    auto meta = reinterpret_cast<unsigned char*>(ours.data());
    CHECK(load_u32(meta + meta_last_pgno) == ours.size() / shape.page_size - 1);
    CHECK(load_u32(meta + hash_meta_ffactor) == 0);
    CHECK(load_u32(meta + hash_meta_nelem) == entries.size());
    ours = defined_bytes(ours, shape.page_size);
    theirs = defined_bytes(theirs, shape.page_size);
    for (std::size_t start = 0; start < ours.size(); start += shape.page_size) {
        INFO("page " << start / shape.page_size);
        CHECK(ours.compare(start, shape.page_size, theirs, start, shape.page_size) == 0);
    }
    CHECK(libdb_verifies(dir.file("ours.db")));
}

} // namespace

TEST_CASE("bucket pages and meta page as libdb writes them for the same bucket count",
          "[postmap][hash_writer]")
{
    Entries addresses;
    for (int i = 0; i < 1000; ++i)
        addresses.emplace_back("user" + std::to_string(i) + "@example.com",
                               "relay-" + std::to_string(i) + ".example.net");
    SECTION("with NULs, 1 KB pages") { same_as_libdb(addresses, true, {1024, 128}); }
    SECTION("with NULs, 4 KB pages") { same_as_libdb(addresses, true, {4096, 16}); }
    SECTION("keys that are prefixes of each other, and high bytes, without NULs")
    {
        Entries prefixes;
        std::string letters, high;
        for (int i = 0; i < 30; ++i) {
            letters.push_back(static_cast<char>('a' + i % 26));
            high.push_back(static_cast<char>(0xe0 + i));
            prefixes.emplace_back(letters, std::to_string(i));
            prefixes.emplace_back(high, std::to_string(i));
            prefixes.emplace_back("p" + std::string(i, '\0'), "nul" + std::to_string(i));
        }
        same_as_libdb(prefixes, false, {4096, 8});
    }
    SECTION("an empty table: two empty buckets")
    {
        TemporaryDirectory dir;
        std::string path = dir.file("empty.db");
        build(path, {}, true, DbHashWriter::shape_for(0, 0, 0, true));
        CHECK(libdb_verifies(path));
        CHECK(libdb_entries(path).empty());
        CHECK(file_bytes(path).size() == 3 * 4096);
        our_reader_finds(path, {}, true);
    }
}

TEST_CASE("keys and values past a quarter page go to overflow pages, as libdb puts them",
          "[postmap][hash_writer]")
{
    for (std::uint32_t page_size : {512u, 1024u, 4096u, 8192u}) {
        INFO("page size " << page_size);
        std::uint32_t limit = hash_on_page_limit(page_size);
        Entries entries;
        for (std::uint32_t size = limit - 2; size <= limit + 2; ++size) {
            // Stored sizes (with the NUL) around the limit.
            std::string digits = std::to_string(size);
            entries.emplace_back(digits + std::string(size - 1 - digits.size(), 'k'), "v");
            entries.emplace_back("value" + std::to_string(size), std::string(size - 1, 'v'));
        }
        entries.emplace_back("huge", std::string(5 * page_size, 'h'));
        DbHashWriter::Shape shape{page_size, 16};
        same_as_libdb(entries, true, shape);
        // Which items libdb put on overflow pages: exactly those stored longer than the limit.
        TemporaryDirectory dir;
        std::string path = dir.file("ours.db");
        build(path, entries, true, shape);
        std::string file = file_bytes(path);
        std::uint32_t big_items = 0, small_items = 0;
        for (std::uint32_t pgno = 1; pgno <= shape.buckets; ++pgno) {
            auto page = reinterpret_cast<const unsigned char*>(file.data()) + pgno * page_size;
            PageHeader header = page_header_of(page);
            std::uint32_t end = page_size;
            for (std::uint32_t i = 0; i < header.entries; ++i) {
                std::uint32_t offset = load_u16(page + page_header + index_slot * i);
                if (page[offset] == item_overflow) {
                    CHECK(load_u32(page + offset + overflow_length) > limit);
                    ++big_items;
                } else {
                    CHECK(end - offset - hash_item_header <= limit);
                    ++small_items;
                }
                end = offset;
            }
        }
        CHECK(big_items == 2 * 2 + 1);
        CHECK(small_items == 2 * entries.size() - big_items);
    }
}

TEST_CASE("chains and overflow pages that libdb verifies, reads and updates",
          "[postmap][hash_writer]")
{
    // Few buckets on small pages: long chains, with big keys and values among them.
    Entries entries;
    std::mt19937 random(9);
    std::map<std::string, std::string> unique;
    for (int i = 0; unique.size() < 3000; ++i) {
        std::string key = "k" + std::to_string(random() % 1000000);
        std::string value = "v" + std::to_string(i);
        if (i % 41 == 1)
            value.append(100 + random() % 3000, 'x');
        if (i % 67 == 2)
            key.append(100 + random() % 2000, 'y');
        unique.emplace(std::move(key), std::move(value));
    }
    entries.assign(unique.begin(), unique.end());
    for (bool nul : {true, false}) {
        INFO("nul " << nul);
        TemporaryDirectory dir;
        std::string path = dir.file("chains.db");
        DbHashWriter::Shape shape{512, 8};
        build(path, entries, nul, shape);
        REQUIRE(libdb_verifies(path));
        Entries expected = stored(entries, nul);
        std::sort(expected.begin(), expected.end());
        CHECK(libdb_entries(path) == expected);
        libdb_finds(path, expected);
        our_reader_finds(path, entries, nul);
        // Every chain page is linked back to the page before it and holds its pairs sorted.
        std::string file = file_bytes(path);
        std::uint32_t chain_pages = 0;
        for (std::uint32_t bucket = 0; bucket < shape.buckets; ++bucket) {
            std::uint32_t prev = 0;
            for (std::uint32_t pgno = bucket + 1; pgno != 0;) {
                auto page = reinterpret_cast<const unsigned char*>(file.data()) +
                            std::size_t{pgno} * shape.page_size;
                PageHeader header = page_header_of(page);
                REQUIRE(header.type == page_hash);
                REQUIRE(header.pgno == pgno);
                REQUIRE(load_u32(page + page_prev_pgno) == prev);
                chain_pages += prev != 0;
                prev = pgno;
                pgno = header.next_pgno;
            }
        }
        CHECK(chain_pages > 100);
        // libdb adds to the table (splitting buckets as it grows) and removes from it.
        Entries added;
        {
            DbHandle db = open_libdb(path, DB_HASH);
            for (int i = 0; i < 2000; ++i) {
                added.emplace_back("added" + std::to_string(i) + (nul ? std::string(1, '\0') : ""),
                                   std::string(i % 50 == 0 ? 2000 : 10, 'a'));
                DBT k = bytes_dbt(added.back().first);
                DBT v = bytes_dbt(added.back().second);
                REQUIRE(db->put(db.get(), nullptr, &k, &v, 0) == 0);
            }
            for (std::size_t i = 0; i < expected.size(); i += 3) {
                DBT k = bytes_dbt(expected[i].first);
                REQUIRE(db->del(db.get(), nullptr, &k, 0) == 0);
            }
        }
        REQUIRE(libdb_verifies(path));
        Entries remaining;
        for (std::size_t i = 0; i < expected.size(); ++i)
            if (i % 3 != 0)
                remaining.push_back(expected[i]);
        remaining.insert(remaining.end(), added.begin(), added.end());
        std::sort(remaining.begin(), remaining.end());
        CHECK(libdb_entries(path) == remaining);
        libdb_finds(path, remaining);
    }
}

TEST_CASE("the table shape: 1 KB pages for small pairs, buckets a power of two",
          "[postmap][hash_writer]")
{
    auto empty = DbHashWriter::shape_for(0, 0, 0, true);
    CHECK(empty.page_size == 4096);
    CHECK(empty.buckets == 2);
    // 1,000,000 typical address pairs (25 + 24 bytes): 1 KB pages, which hold 17 pairs; the
    // smallest power of two with at most that many per bucket on average.
    auto small = DbHashWriter::shape_for(1000000, 25000000, 24000000, true);
    CHECK(small.page_size == 1024);
    CHECK(small.buckets == 65536);
    // 100-byte pairs: 4 KB pages.
    auto large = DbHashWriter::shape_for(1000000, 50000000, 50000000, true);
    CHECK(large.page_size == 4096);
    CHECK((large.buckets & (large.buckets - 1)) == 0);
    std::uint32_t per_page = (4096 - page_header) / (100 + 2 + 6);
    CHECK(large.buckets * per_page >= 1000000);
    CHECK(large.buckets / 2 * per_page < 1000000);
}

TEST_CASE("entries out of bucket order or repeated are refused", "[postmap][hash_writer]")
{
    TemporaryDirectory dir;
    std::string path = dir.file("refused.db");
    mf::testing::write_file(path, "");
    DbHashWriter::Shape shape{4096, 1024};
    // Two keys in different buckets, in the wrong order.
    std::string first = "a", second = "b";
    auto bucket = [&](const std::string& key) {
        return DbHashWriter::bucket_of(DbHashWriter::stored_hash(key, true), shape.buckets);
    };
    REQUIRE(bucket(first) != bucket(second));
    if (bucket(first) < bucket(second))
        std::swap(first, second);
    {
        auto writer = DbHashWriter::open(path, true, shape);
        REQUIRE(writer);
        REQUIRE(writer->add(first, "1"));
        auto refused = writer->add(second, "2");
        REQUIRE_FALSE(refused);
        CHECK(refused.error().message.find("bucket order") != std::string::npos);
    }
    {
        auto writer = DbHashWriter::open(path, true, shape);
        REQUIRE(writer);
        REQUIRE(writer->add(first, "1"));
        REQUIRE(writer->add(first, "2"));
        auto refused = writer->finish();
        REQUIRE_FALSE(refused);
        CHECK(refused.error().message.find("duplicate key") != std::string::npos);
    }
    CHECK_FALSE(DbHashWriter::open(path, true, {4096, 1000}));
    CHECK_FALSE(DbHashWriter::open(path, true, {1000, 1024}));
    CHECK_FALSE(DbHashWriter::open(path, true, {65536, 1024}));
}
