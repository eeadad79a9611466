// Our Berkeley DB page readers (postmap/db_hash_reader.hpp, db_btree_reader.hpp) against
// tables mfmap's writer builds: every key found with its value (short, long enough for
// overflow pages, long keys too), absent keys absent, with and without the internal-page cache
// and the per-lookup meta re-read; the same through the registry's Dict, from several threads;
// corrupted copies end every lookup without a crash. Tables built by real postmap are compared
// in tests/integration/29_mfmap_db_readers.sh.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <memory>
#include <random>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "postmap/db_btree_reader.hpp"
#include "postmap/db_hash_reader.hpp"
#include "postmap/registry.hpp"
#include "postmap/table_build.hpp"
#include "tests/unit/postmap/libdb_handle.hpp"
#include "tests/unit/temporary_directory.hpp"
#include "util/unique_fd.hpp"

using namespace mf::maps;
using mf::testing::TemporaryDirectory;

namespace {

std::vector<std::pair<std::string, std::string>> sample_entries(std::size_t count)
{
    std::vector<std::pair<std::string, std::string>> entries;
    for (std::size_t i = 0; i < count; ++i) {
        std::string key = "user" + std::to_string(i) + "@example.com";
        std::string value = "relay-" + std::to_string(i);
        if (i % 97 == 5)
            value.append(3000 + 7 * i, 'v'); // an overflow value
        if (i % 211 == 7)
            key.append(1500, 'k'); // an overflow key
        entries.emplace_back(std::move(key), std::move(value));
    }
    return entries;
}

template <typename Reader>
void check_reader(const Reader& reader, const std::vector<std::pair<std::string, std::string>>& entries)
{
    for (bool reread : {false, true}) {
        for (const auto& [key, value] : entries) {
            std::string found;
            REQUIRE(reader.lookup(key + '\0', found, reread) == PageLookup::found);
            REQUIRE(found == value + '\0');
            REQUIRE(reader.lookup(key, found, reread) == PageLookup::absent);
        }
        std::string found;
        CHECK(reader.lookup(std::string("absent\0", 7), found, reread) == PageLookup::absent);
        CHECK(reader.lookup(std::string(2000, 'k') + '\0', found, reread) == PageLookup::absent);
        CHECK(reader.lookup("", found, reread) == PageLookup::absent);
    }
}

} // namespace

TEST_CASE("hash and btree readers find what mfmap's writer stored", "[postmap][db_reader]")
{
    TemporaryDirectory dir;
    for (std::size_t count : {0, 1, 60, 4000}) {
        auto entries = sample_entries(count);
        for (std::string type : {"hash", "btree"}) {
            INFO(type << " with " << count << " entries");
            std::string table = type + ":" + dir.file(type + std::to_string(count));
            REQUIRE(build_table(table, entries, BuildOptions{}));
            mf::UniqueFd fd(::open((dir.file(type + std::to_string(count)) + ".db").c_str(),
                                   O_RDONLY | O_CLOEXEC));
            REQUIRE(fd);
            if (type == "hash") {
                auto reader = DbHashReader::open(fd.get());
                REQUIRE(reader);
                check_reader(*reader, entries);
            } else {
                for (bool cache : {false, true}) {
                    auto reader = DbBtreeReader::open(fd.get(), cache);
                    REQUIRE(reader);
                    check_reader(*reader, entries);
                }
            }
        }
    }
}

TEST_CASE("db tables answer lookups from several threads at once", "[postmap][db_reader]")
{
    TemporaryDirectory dir;
    auto entries = sample_entries(3000);
    for (std::string type : {"hash", "btree"}) {
        REQUIRE(build_table(type + ":" + dir.file(type), entries, BuildOptions{}));
        for (bool hold : {false, true}) {
            DictOptions options; // per-lookup locks and meta re-reads, as the server opens tables
            options.hold_lock = hold;
            auto dict = open_table({type, dir.file(type)}, options);
            REQUIRE(dict);
            std::vector<int> wrong(4, 0);
            std::vector<std::thread> threads;
            for (int t = 0; t < 4; ++t)
                threads.emplace_back([&, t] {
                    for (std::size_t i = t; i < entries.size(); i += 3) {
                        LookupResult result = (*dict)->lookup(entries[i].first);
                        wrong[t] += !result.is_found() || result.value() != entries[i].second;
                        wrong[t] += (*dict)->lookup("absent" + std::to_string(i)).status() !=
                                    LookupStatus::not_found;
                    }
                });
            for (auto& thread : threads)
                thread.join();
            CHECK(wrong == std::vector<int>(4, 0));
        }
    }
}

TEST_CASE("db readers survive corrupted files", "[postmap][db_reader]")
{
    TemporaryDirectory dir;
    auto entries = sample_entries(400);
    std::mt19937 random(42);
    for (std::string type : {"hash", "btree"}) {
        std::string base = dir.file(type);
        REQUIRE(build_table(type + ":" + base, entries, BuildOptions{}));
        std::string bytes;
        {
            mf::UniqueFd fd(::open((base + ".db").c_str(), O_RDONLY | O_CLOEXEC));
            char buffer[65536];
            ssize_t got;
            while ((got = ::read(fd.get(), buffer, sizeof buffer)) > 0)
                bytes.append(buffer, static_cast<std::size_t>(got));
        }
        std::size_t outcomes[3] = {0, 0, 0};
        for (int round = 0; round < 150; ++round) {
            std::string damaged = bytes;
            // Page headers, index arrays, item headers and overflow links, past the meta page.
            for (int hits = 0; hits < 1 + round % 8; ++hits) {
                std::size_t page = 1 + random() % (damaged.size() / 4096 - 1);
                std::size_t offset = round % 3 == 0 ? random() % 64 : random() % 4096;
                damaged[page * 4096 + offset] = static_cast<char>(random());
            }
            if (round % 10 == 9)
                damaged.resize(damaged.size() - 4096 * (1 + random() % 3)); // truncated
            std::string path = base + ".damaged";
            mf::testing::write_file(path, damaged);
            mf::UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
            for (std::size_t i = 0; i < entries.size(); i += 7) {
                std::string found;
                std::string key = entries[i].first + '\0';
                PageLookup status = PageLookup::corrupt;
                if (type == "hash") {
                    if (auto reader = DbHashReader::open(fd.get()))
                        status = reader->lookup(key, found, round % 2 == 0);
                } else if (auto reader = DbBtreeReader::open(fd.get(), round % 2 == 0)) {
                    status = reader->lookup(key, found, round % 4 == 1);
                }
                ++outcomes[static_cast<int>(status)];
                CHECK(found.size() <= damaged.size());
            }
        }
        // Most keys still live on undamaged pages; some lookups meet the damage.
        CHECK(outcomes[static_cast<int>(PageLookup::found)] > 0);
        CHECK(outcomes[static_cast<int>(PageLookup::corrupt)] > 0);
    }
}

TEST_CASE("the btree leaf index leads every key to the leaf the walk down the tree finds",
          "[postmap][db_reader]")
{
    // Trees libdb itself grows with small pages (its own splits and separators, four or more
    // levels), keys that are short, share their first 8 bytes, or hold bytes 0x00 and 0xff;
    // each stored key and keys between them are looked up through the index (cache) and by
    // the walk (no cache), which must agree.
    TemporaryDirectory dir;
    std::mt19937 random(7);
    std::vector<std::string> keys;
    for (int i = 0; i < 12000; ++i) {
        std::string key;
        switch (i % 4) {
        case 0:
            key = "user" + std::to_string(random() % 1000000) + "@example.com";
            break;
        case 1:
            key = "sharedprefix-" + std::to_string(i);
            break;
        case 2:
            key = std::string(1 + random() % 6, static_cast<char>('a' + random() % 3));
            break;
        default:
            for (int n = 0; n < 1 + static_cast<int>(random() % 12); ++n)
                key.push_back(static_cast<char>(random() % 2 ? 0xff : random() % 3));
            break;
        }
        keys.push_back(std::move(key));
    }
    for (std::uint32_t page_size : {512u, 1024u}) {
        INFO("page size " << page_size);
        std::string path = dir.file("libdb" + std::to_string(page_size) + ".db");
        {
            mf::testing::DbHandle db = mf::testing::open_libdb(path, DB_BTREE, true, page_size);
            for (const std::string& key : keys) {
                DBT k = mf::testing::bytes_dbt(key), v = mf::testing::bytes_dbt(key);
                REQUIRE(db->put(db.get(), nullptr, &k, &v, 0) == 0);
            }
        }
        mf::UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
        auto indexed = DbBtreeReader::open(fd.get(), true);
        auto walked = DbBtreeReader::open(fd.get(), false);
        REQUIRE(indexed);
        REQUIRE(walked);
        CHECK(indexed->indexes_leaves());
        CHECK_FALSE(walked->indexes_leaves());
        std::size_t found = 0;
        for (const std::string& stored : keys) {
            for (std::string probe : {stored, stored + '\0', stored + '\x01',
                                      stored.substr(0, stored.size() - 1), stored + "\xff"}) {
                std::string by_index, by_walk;
                PageLookup a = indexed->lookup(probe, by_index, false);
                PageLookup b = walked->lookup(probe, by_walk, false);
                REQUIRE(a == b);
                REQUIRE(by_index == by_walk);
                found += a == PageLookup::found;
            }
            std::string value;
            REQUIRE(indexed->lookup(stored, value, false) == PageLookup::found);
        }
        CHECK(found >= keys.size());
    }
}
