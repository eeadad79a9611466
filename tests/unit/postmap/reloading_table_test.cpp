// ReloadingTable: lookups from several threads while the file is rebuilt many times never see
// a missing or broken table, and the new table is picked up.
#include <catch2/catch.hpp>

#include <atomic>
#include <thread>
#include <vector>

#include "postmap/reloading_table.hpp"
#include "postmap/table_build.hpp"
#include "tests/unit/temporary_directory.hpp"

using namespace mf::maps;
using mf::testing::TemporaryDirectory;

TEST_CASE("concurrent lookups while the table file is replaced", "[postmap][reload]")
{
    TemporaryDirectory dir;
    auto type = GENERATE(as<std::string>{}, "hash", "cdb", "lmdb", "btree");
    std::string table = type + ":" + dir.file("t");
    auto build = [&](const std::string& value) {
        std::vector<std::pair<std::string, std::string>> entries;
        for (int i = 0; i < 200; ++i)
            entries.emplace_back("key" + std::to_string(i), value);
        REQUIRE(build_table(table, entries, BuildOptions{}));
    };
    build("v0");
    DictOptions options;
    auto reloading = ReloadingTable::open(table, options, std::chrono::milliseconds(0));
    REQUIRE(reloading);

    std::atomic<bool> stop{false};
    std::atomic<int> bad{0}, lookups{0};
    std::vector<std::thread> readers;
    for (int t = 0; t < 4; ++t) {
        readers.emplace_back([&, t] {
            int i = t;
            while (!stop.load()) {
                LookupResult result = (*reloading)->lookup("KEY" + std::to_string(i++ % 200));
                if (!result.is_found() || result.value().size() < 2 || result.value()[0] != 'v')
                    ++bad;
                ++lookups;
            }
        });
    }
    for (int round = 1; round <= 8; ++round) {
        build("v" + std::to_string(round));
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    stop = true;
    for (auto& reader : readers)
        reader.join();
    CHECK(bad.load() == 0);
    CHECK(lookups.load() > 0);
    CHECK((*reloading)->reloads() > 0);
    CHECK((*reloading)->lookup("key7").value() == "v8");
}

TEST_CASE("a table without a file never reloads", "[postmap][reload]")
{
    auto reloading = ReloadingTable::open("inline:{a=1}", DictOptions{}, std::chrono::milliseconds(0));
    REQUIRE(reloading);
    CHECK((*reloading)->lookup("A").value() == "1");
    CHECK((*reloading)->reloads() == 0);
}
