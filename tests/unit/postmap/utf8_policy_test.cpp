// The runtime table library's smtputf8 lookup policy (DictOptions::require_utf8,
// postmap/utf8_checked_dict.hpp), as Postfix's dict_utf8: a non-UTF-8 key is not looked up
// (not found, with a warning), a non-UTF-8 value is a configuration error; UTF-8 keys and
// values pass, and without the option nothing changes. Through the registry and through a
// ReloadingTable, for a texthash table and a hash table.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "postmap/registry.hpp"
#include "postmap/reloading_table.hpp"
#include "postmap/table_build.hpp"
#include "tests/unit/temporary_directory.hpp"

using namespace mf::maps;
using mf::testing::TemporaryDirectory;

TEST_CASE("require_utf8 applies Postfix's dict_utf8 policy to lookups", "[postmap][utf8]")
{
    TemporaryDirectory dir;
    std::string text = dir.file("text");
    mf::testing::write_file(text, "good v\xc3\xa9rifi\xc3\xa9\n"
                                  "bad value\xff\n"
                                  "k\xff raw key\n");
    BuildOptions build;
    REQUIRE(build_table("hash:" + dir.file("db"),
                        std::vector<std::pair<std::string, std::string>>{
                            {"good", "v\xc3\xa9rifi\xc3\xa9"}, {"bad", "value\xff"},
                            {"k\xff", "raw key"}},
                        build));
    for (TableRef table : {TableRef{"texthash", text}, TableRef{"hash", dir.file("db")}}) {
        INFO(table.spec());
        std::vector<std::string> warnings;
        DictOptions options;
        options.require_utf8 = true;
        options.on_lookup_warning = [&](const std::string& message) {
            warnings.push_back(message);
        };
        auto dict = open_table(table, options);
        REQUIRE(dict);
        LookupResult good = (*dict)->lookup("good");
        REQUIRE(good.is_found());
        CHECK(good.value() == "v\xc3\xa9rifi\xc3\xa9");
        LookupResult bad = (*dict)->lookup("bad");
        CHECK(bad.status() == LookupStatus::config_error);
        CHECK(bad.reason().find("non-UTF-8 value") != std::string::npos);
        CHECK(warnings.empty());
        CHECK((*dict)->lookup("k\xff").status() == LookupStatus::not_found);
        REQUIRE(warnings.size() == 1);
        CHECK(warnings[0].find("non-UTF-8 key") != std::string::npos);

        auto reloading = ReloadingTable::open(table.spec(), options);
        REQUIRE(reloading);
        CHECK((*reloading)->lookup("bad").status() == LookupStatus::config_error);
        CHECK((*reloading)->lookup("k\xff").status() == LookupStatus::not_found);

        auto plain = open_table(table, DictOptions{});
        REQUIRE(plain);
        CHECK((*plain)->lookup("bad").is_found());
        CHECK((*plain)->lookup("k\xff").is_found());
    }
}
