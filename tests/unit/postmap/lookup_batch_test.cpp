// Dict::lookup_batch, the bulk query's path (mfmap -q -), against lookup() key by key: the
// same answers in the same order for hash, btree, cdb, lmdb and texthash tables, opened as
// mfmap's commands open them (one lock held, no per-lookup re-reads) and as the server does;
// with keys to fold, absent keys, overflow-sized keys and values, NUL-less tables (the probe
// locks in during a batch), corrupted cdb files and db files truncated under an open table
// (try again, never a crash), an early stop, and a UTF-8 checked table (its policy applies to
// every key of a batch); ParallelBatchLookup (mfmap -q -'s two threads) answers the same.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "postmap/parallel_batch_lookup.hpp"
#include "postmap/registry.hpp"
#include "postmap/table_build.hpp"
#include "tests/unit/temporary_directory.hpp"

using namespace mf::maps;
using mf::testing::TemporaryDirectory;

namespace {

std::vector<std::pair<std::string, std::string>> batch_entries()
{
    std::vector<std::pair<std::string, std::string>> entries;
    for (int i = 0; i < 700; ++i) {
        std::string key = "user" + std::to_string(i) + "@example" + std::to_string(i % 13) + ".com";
        std::string value = "relay-" + std::to_string(i);
        if (i % 97 == 5)
            value.append(3000, 'v');
        if (i % 211 == 7)
            key.append(1500, 'k');
        entries.emplace_back(std::move(key), std::move(value));
    }
    return entries;
}

// The keys a bulk query might send: every entry's key (every third in upper case), absent
// keys, an empty key, a long absent key, in a shuffled order.
std::vector<std::string> query_keys(const std::vector<std::pair<std::string, std::string>>& entries)
{
    std::vector<std::string> keys;
    for (std::size_t i = 0; i < entries.size(); ++i) {
        std::string key = entries[i].first;
        if (i % 3 == 0)
            for (char& c : key)
                c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
        keys.push_back(key);
        if (i % 5 == 0)
            keys.push_back("absent" + std::to_string(i));
    }
    keys.push_back("");
    keys.push_back(std::string(3000, 'q'));
    std::shuffle(keys.begin(), keys.end(), std::mt19937(3));
    return keys;
}

struct Answer {
    LookupStatus status;
    std::string text;
    bool operator==(const Answer&) const = default;
};

std::vector<Answer> one_by_one(const Dict& dict, const std::vector<std::string>& keys)
{
    std::vector<Answer> answers;
    for (const std::string& key : keys) {
        LookupResult result = dict.lookup(key);
        answers.push_back({result.status(), result.value()});
    }
    return answers;
}

// lookup_batch over `keys` in batches of `size`, as mfmap -q - sends them.
std::vector<Answer> batched(const Dict& dict, const std::vector<std::string>& keys,
                            std::size_t size)
{
    std::vector<Answer> answers;
    for (std::size_t start = 0; start < keys.size(); start += size) {
        std::vector<std::string_view> batch(keys.begin() + start,
                                            keys.begin() + std::min(keys.size(), start + size));
        std::size_t next = 0;
        dict.lookup_batch(batch, [&](std::size_t index, const Dict::BatchAnswer& answer) {
            CHECK(index == next++);
            answers.push_back({answer.status, std::string(answer.text)});
            return true;
        });
        CHECK(next == batch.size());
    }
    return answers;
}

std::string read_file(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

DictOptions command_options()
{
    DictOptions options;
    options.lock_per_lookup = false;
    options.hold_lock = true;
    options.concurrent_lookups = false;
    return options;
}

} // namespace

TEST_CASE("lookup_batch answers as lookup() does, key by key", "[postmap][lookup_batch]")
{
    TemporaryDirectory dir;
    for (std::string type : {"hash", "btree", "cdb", "lmdb", "texthash"}) {
        auto entries = batch_entries();
        if (type == "lmdb") // LMDB keys are at most 511 bytes
            std::erase_if(entries, [](const auto& entry) { return entry.first.size() > 500; });
        auto keys = query_keys(entries);
        for (bool nul : {true, false}) {
            if (type == "texthash" && !nul)
                continue;
            std::string base = dir.file(type + (nul ? "_nul" : "_plain"));
            if (type == "texthash") {
                std::string source;
                for (const auto& [key, value] : entries)
                    source += key + " " + value + "\n";
                mf::testing::write_file(base, source);
            } else {
                BuildOptions build;
                build.nul = nul;
                REQUIRE(build_table(type + ":" + base, entries, build));
            }
            for (bool as_command : {true, false}) {
                INFO(type << (nul ? " with" : " without") << " NUL, opened as "
                          << (as_command ? "mfmap's commands" : "the server") << " do");
                // Fresh tables for each side, so each probes the NUL convention from the start.
                DictOptions options = as_command ? command_options() : DictOptions{};
                auto reference = open_table({type, base}, options);
                REQUIRE(reference);
                auto expected = one_by_one(**reference, keys);
                CHECK(std::count_if(expected.begin(), expected.end(), [](const Answer& a) {
                          return a.status == LookupStatus::found;
                      }) == static_cast<long>(entries.size()));
                for (std::size_t size : {std::size_t{1}, std::size_t{64}, std::size_t{1000}}) {
                    auto dict = open_table({type, base}, options);
                    REQUIRE(dict);
                    CHECK(batched(**dict, keys, size) == expected);
                }
            }
        }
    }
}

TEST_CASE("lookup_batch stops when told to", "[postmap][lookup_batch]")
{
    TemporaryDirectory dir;
    auto entries = batch_entries();
    std::vector<std::string_view> keys;
    for (const auto& entry : entries)
        keys.push_back(entry.first);
    for (std::string type : {"hash", "cdb", "texthash"}) {
        std::string base = dir.file(type);
        if (type == "texthash")
            mf::testing::write_file(base, "a b\n");
        else
            REQUIRE(build_table(type + ":" + base, entries, BuildOptions{}));
        auto dict = open_table({type, base}, command_options());
        REQUIRE(dict);
        std::size_t calls = 0;
        (*dict)->lookup_batch(keys, [&](std::size_t index, const Dict::BatchAnswer&) {
            ++calls;
            return index < 9;
        });
        CHECK(calls == 10);
    }
}

TEST_CASE("lookup_batch on a damaged cdb file answers as lookup() does", "[postmap][lookup_batch]")
{
    TemporaryDirectory dir;
    auto entries = batch_entries();
    auto keys = query_keys(entries);
    std::string base = dir.file("table");
    REQUIRE(build_table("cdb:" + base, entries, BuildOptions{}));
    std::string bytes = read_file(base + ".cdb");
    std::mt19937 random(11);
    std::size_t errors = 0;
    for (int round = 0; round < 60; ++round) {
        std::string damaged = bytes;
        // Hash table slots and record headers: the 2 KB table of contents stays.
        for (int hits = 0; hits < 1 + round % 6; ++hits)
            damaged[2048 + random() % (damaged.size() - 2048)] = static_cast<char>(random());
        if (round % 7 == 6)
            damaged.resize(2048 + random() % (damaged.size() - 2048));
        std::string path = dir.file("damaged" + std::to_string(round));
        mf::testing::write_file(path + ".cdb", damaged);
        auto reference = open_table({"cdb", path}, command_options());
        if (!reference)
            continue;
        auto expected = one_by_one(**reference, keys);
        for (const Answer& answer : expected)
            errors += answer.status == LookupStatus::try_again;
        auto dict = open_table({"cdb", path}, command_options());
        REQUIRE(dict);
        CHECK(batched(**dict, keys, 64) == expected);
    }
    CHECK(errors > 0);
}

TEST_CASE("lookup_batch through the UTF-8 policy checks every key", "[postmap][lookup_batch]")
{
    TemporaryDirectory dir;
    std::string base = dir.file("table");
    REQUIRE(build_table("cdb:" + base,
                        std::vector<std::pair<std::string, std::string>>{
                            {"good", "value"}, {"bad-value", "\xFF"}, {"caf\xC3\xA9", "ok"}},
                        BuildOptions{}));
    DictOptions options = command_options();
    options.require_utf8 = true;
    std::vector<std::string> warnings;
    options.on_lookup_warning = [&](const std::string& message) { warnings.push_back(message); };
    auto dict = open_table({"cdb", base}, options);
    REQUIRE(dict);
    std::vector<std::string> keys = {"good", "\xC3(", "bad-value", "caf\xC3\xA9", "absent"};
    auto expected = one_by_one(**dict, keys);
    CHECK(expected[1].status == LookupStatus::not_found);
    CHECK(expected[2].status == LookupStatus::config_error);
    std::size_t warned = warnings.size();
    CHECK(batched(**dict, keys, 64) == expected);
    CHECK(warnings.size() == 2 * warned);
}

TEST_CASE("lookup_batch on a db file truncated under the open table says try again",
          "[postmap][lookup_batch]")
{
    // A program that rewrites the file in place without postmap's lock: the pages are read,
    // not mapped, so a page past the new end is an error for that key, never a crash.
    TemporaryDirectory dir;
    auto entries = batch_entries();
    auto keys = query_keys(entries);
    for (std::string type : {"hash", "btree"}) {
        std::string base = dir.file(type);
        REQUIRE(build_table(type + ":" + base, entries, BuildOptions{}));
        auto dict = open_table({type, base}, command_options());
        REQUIRE(dict);
        std::string bytes = read_file(base + ".db");
        REQUIRE(::truncate((base + ".db").c_str(), static_cast<off_t>(bytes.size() / 2)) == 0);
        std::size_t counts[4] = {0, 0, 0, 0};
        for (const Answer& answer : batched(**dict, keys, 64))
            ++counts[static_cast<int>(answer.status)];
        CHECK(counts[static_cast<int>(LookupStatus::try_again)] > 0);
        CHECK(counts[static_cast<int>(LookupStatus::config_error)] == 0);
    }
}

TEST_CASE("ParallelBatchLookup answers as lookup() does, in key order, on one or two threads",
          "[postmap][lookup_batch]")
{
    TemporaryDirectory dir;
    for (std::string type : {"hash", "btree", "cdb", "lmdb", "texthash", "regexp"}) {
        auto entries = batch_entries();
        if (type == "lmdb")
            std::erase_if(entries, [](const auto& entry) { return entry.first.size() > 500; });
        auto keys = query_keys(entries);
        std::string base = dir.file(type);
        if (type == "texthash" || type == "regexp") {
            std::string source;
            for (const auto& [key, value] : entries)
                source += (type == "regexp" ? "/^" + key.substr(0, 12) + "/ " : key + " ") +
                          value + "\n";
            mf::testing::write_file(base, source);
        } else {
            REQUIRE(build_table(type + ":" + base, entries, BuildOptions{}));
        }
        DictOptions options = command_options();
        options.concurrent_lookups = true;
        auto dict = open_table({type, base}, options);
        REQUIRE(dict);
        const std::vector<Answer> expected = one_by_one(**dict, keys);
        for (bool helper : {false, true}) {
            for (std::size_t size : {std::size_t{1}, ParallelBatchLookup::least_to_share - 1,
                                     ParallelBatchLookup::least_to_share, std::size_t{1000}}) {
                INFO(type << (helper ? ", two threads" : ", one thread") << ", batches of "
                          << size);
                ParallelBatchLookup lookups(**dict, helper);
                std::vector<Answer> answers;
                for (std::size_t start = 0; start < keys.size(); start += size) {
                    std::vector<std::string_view> batch(
                        keys.begin() + start, keys.begin() + std::min(keys.size(), start + size));
                    auto given = lookups.lookup(batch);
                    REQUIRE(given.size() == batch.size());
                    for (const Dict::BatchAnswer& answer : given)
                        answers.push_back({answer.status, std::string(answer.text)});
                }
                CHECK(answers == expected);
            }
        }
    }
}
