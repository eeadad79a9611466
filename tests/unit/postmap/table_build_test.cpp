// build_table() and the readers of every buildable type: what is written is found again,
// keys are folded, duplicates follow postmap's policies, and readers probe the NUL convention.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <map>

#include "postmap/registry.hpp"
#include "postmap/table_build.hpp"
#include "tests/unit/temporary_directory.hpp"

using namespace mf::maps;
using mf::testing::TemporaryDirectory;

namespace {

std::unique_ptr<Dict> open_or_fail(const std::string& table, DictOptions options = {})
{
    auto dict = open_table(parse_table_ref(table, "hash"), options);
    INFO(table << ": " << (dict ? "" : dict.error().message));
    REQUIRE(dict);
    return std::move(*dict);
}

std::map<std::string, std::string> dump(const Dict& dict)
{
    std::map<std::string, std::string> out;
    auto listed = dict.sequence([&](std::string_view key, std::string_view value) {
        out.emplace(key, value);
        return true;
    });
    REQUIRE(listed);
    return out;
}

} // namespace

TEST_CASE("every buildable type reads back what was built", "[postmap][build]")
{
    TemporaryDirectory dir;
    auto type = GENERATE(as<std::string>{}, "hash", "btree", "cdb", "lmdb");
    std::string table = type + ":" + dir.file("table");
    std::vector<std::pair<std::string, std::string>> entries{
        {"Alice@Example.COM", "alice"}, {"bob", "b, c"}, {"alice@example.com", "second"}};
    std::vector<std::string> warnings;
    BuildOptions options;
    options.on_warning = [&](std::uint32_t, const std::string& message) {
        warnings.push_back(message);
    };
    auto report = build_table(table, entries, options);
    REQUIRE(report);
    CHECK(report->records == 2);
    CHECK(report->duplicates == 1);
    REQUIRE(warnings.size() == 1);
    CHECK_THAT(warnings[0], Catch::Contains("duplicate entry: \"alice@example.com\""));

    auto dict = open_or_fail(table);
    CHECK(dict->lookup("ALICE@example.com").value() == "alice");
    CHECK(dict->lookup("bob").value() == "b, c");
    CHECK(dict->lookup("carol").status() == LookupStatus::not_found);
    CHECK(dump(*dict) == std::map<std::string, std::string>{{"alice@example.com", "alice"},
                                                             {"bob", "b, c"}});
}

TEST_CASE("-r keeps the last duplicate, -w the first, cdb -w keeps both", "[postmap][build]")
{
    TemporaryDirectory dir;
    std::vector<std::pair<std::string, std::string>> entries{{"k", "1"}, {"k", "2"}};
    BuildOptions replace;
    replace.duplicates = DuplicatePolicy::replace;
    REQUIRE(build_table("hash:" + dir.file("r"), entries, replace));
    CHECK(open_or_fail("hash:" + dir.file("r"))->lookup("k").value() == "2");

    BuildOptions ignore;
    ignore.duplicates = DuplicatePolicy::ignore;
    auto kept = build_table("cdb:" + dir.file("w"), entries, ignore);
    REQUIRE(kept);
    CHECK(kept->records == 2);
    CHECK(open_or_fail("cdb:" + dir.file("w"))->lookup("k").value() == "1");
}

TEST_CASE("cdb drops duplicates found after the records were written", "[postmap][build]")
{
    // The cdb writer stores records in source order and finds duplicates only at the end: the
    // dropped records must leave no trace (the records after them move down).
    TemporaryDirectory dir;
    auto policy = GENERATE(DuplicatePolicy::warn_keep_first, DuplicatePolicy::replace);
    auto nul = GENERATE(false, true);
    std::vector<std::pair<std::string, std::string>> entries;
    std::map<std::string, std::string> expected;
    for (int i = 0; i < 5000; ++i) {
        std::string key = "k" + std::to_string(i * 7 % 1000);
        std::string value = "value " + std::to_string(i) + std::string(i % 13, 'x');
        entries.emplace_back(key, value);
        if (policy == DuplicatePolicy::replace || !expected.count(key))
            expected[key] = value;
    }
    BuildOptions options;
    options.duplicates = policy;
    options.nul = nul;
    options.raw_records = {{"YP_MASTER_NAME", "host"}};
    std::vector<std::uint32_t> warned;
    options.on_warning = [&](std::uint32_t line, const std::string&) { warned.push_back(line); };
    auto report = build_table("cdb:" + dir.file("t"), entries, options);
    REQUIRE(report);
    CHECK(report->records == 1001);
    CHECK(report->duplicates == 4000);
    CHECK(warned.size() == (policy == DuplicatePolicy::replace ? 0u : 4000u));
    CHECK(std::is_sorted(warned.begin(), warned.end()));
    auto dict = open_or_fail("cdb:" + dir.file("t"));
    auto listed = dump(*dict);
    CHECK(listed.size() == 1001);
    listed.erase("YP_MASTER_NAME");
    CHECK(listed == expected);
    CHECK(dict->lookup("k7").value() == expected["k7"]);
    struct stat info;
    REQUIRE(::stat(dir.file("t.cdb").c_str(), &info) == 0);
    std::size_t bytes = 2048 + 8 + 14 + 4; // header, the raw record
    for (const auto& [key, value] : expected)
        bytes += 8 + key.size() + value.size() + (nul ? 2 : 0) + 2 * 8; // record, 2 slots
    CHECK(static_cast<std::size_t>(info.st_size) == bytes + 2 * 8);
}

TEST_CASE("an lmdb table larger than one write transaction", "[postmap][build]")
{
    // The lmdb writer commits every 16 MB: 20,000 entries of 1 KB take two transactions.
    TemporaryDirectory dir;
    std::vector<std::pair<std::string, std::string>> entries;
    for (int i = 0; i < 20000; ++i)
        entries.emplace_back("key" + std::to_string(i), std::string(1000, 'a' + i % 26));
    auto report = build_table("lmdb:" + dir.file("big"), entries, BuildOptions{});
    REQUIRE(report);
    CHECK(report->records == 20000);
    auto dict = open_or_fail("lmdb:" + dir.file("big"));
    CHECK(dump(*dict).size() == 20000);
    CHECK(dict->lookup("key0").value() == std::string(1000, 'a'));
    CHECK(dict->lookup("key19999").value() == std::string(1000, 'a' + 19999 % 26));
}

TEST_CASE("readers find tables written with either NUL convention", "[postmap][build]")
{
    TemporaryDirectory dir;
    auto type = GENERATE(as<std::string>{}, "hash", "cdb", "lmdb");
    auto nul = GENERATE(true, false);
    BuildOptions options;
    options.nul = nul;
    std::string table = type + ":" + dir.file("t");
    REQUIRE(build_table(table, {{"key", "value"}}, options));
    auto dict = open_or_fail(table);
    CHECK(dict->lookup("key").value() == "value");
}

TEST_CASE("without folding, keys keep their case", "[postmap][build]")
{
    TemporaryDirectory dir;
    BuildOptions options;
    options.fold_case = false;
    REQUIRE(build_table("hash:" + dir.file("t"), {{"Key1", "v"}}, options));
    DictOptions exact;
    exact.fold_case = false;
    auto dict = open_or_fail("hash:" + dir.file("t"), exact);
    CHECK(dict->lookup("Key1").is_found());
    CHECK_FALSE(dict->lookup("key1").is_found());
}

TEST_CASE("UTF-8 folding applies with smtputf8", "[postmap][build]")
{
    TemporaryDirectory dir;
    BuildOptions options;
    options.utf8_fold = true;
    REQUIRE(build_table("hash:" + dir.file("t"), {{"K\xc3\x89Y", "v"}}, options));
    auto dump_all = dump(*open_or_fail("hash:" + dir.file("t")));
    CHECK(dump_all.count("k\xc3\xa9y") == 1);
}

TEST_CASE("raw records are stored without NUL or folding", "[postmap][build]")
{
    TemporaryDirectory dir;
    BuildOptions options;
    options.raw_records = {{"YP_MASTER_NAME", "host.example"}};
    REQUIRE(build_table("lmdb:" + dir.file("t"), {{"zeta", "z"}, {"alpha", "a"}}, options));
    DictOptions exact;
    exact.fold_case = false;
    exact.nul = NulMode::without_nul;
    CHECK(open_or_fail("lmdb:" + dir.file("t"), exact)->lookup("YP_MASTER_NAME").value() ==
          "host.example");
}

TEST_CASE("a new table copies the source's read bits; an existing one (not cdb) keeps its mode",
          "[postmap][build]")
{
    TemporaryDirectory dir;
    std::string source = dir.file("src");
    mf::testing::write_file(source, "k v\n");
    ::chmod(source.c_str(), 0640);
    BuildOptions options;
    options.source_path = source;
    REQUIRE(build_table("hash:" + source, {{"k", "v"}}, options));
    struct stat info;
    REQUIRE(::stat((source + ".db").c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0640);

    ::chmod((source + ".db").c_str(), 0600);
    REQUIRE(build_table("hash:" + source, {{"k", "v2"}}, options));
    REQUIRE(::stat((source + ".db").c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0600);

    BuildOptions plain = options;
    plain.plain_mode = true;
    REQUIRE(build_table("cdb:" + source, {{"k", "v"}}, plain));
    REQUIRE(::stat((source + ".cdb").c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0644);

    // As postmap, which writes cdb tables anew: a rebuilt cdb table gets a new table's mode.
    ::chmod((source + ".cdb").c_str(), 0600);
    REQUIRE(build_table("cdb:" + source, {{"k", "v"}}, options));
    REQUIRE(::stat((source + ".cdb").c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0640);
}

TEST_CASE("unknown and unbuildable types are refused", "[postmap][build]")
{
    TemporaryDirectory dir;
    auto unknown = build_table("nosuch:" + dir.file("t"), {{"k", "v"}}, BuildOptions{});
    REQUIRE_FALSE(unknown);
    CHECK_THAT(unknown.error().message, Catch::Contains("unsupported dictionary type: nosuch"));
    CHECK_FALSE(build_table("texthash:" + dir.file("t"), {{"k", "v"}}, BuildOptions{}));
}

TEST_CASE("inline and static tables", "[postmap][registry]")
{
    auto inline_dict = open_or_fail("inline:{ a=1, B=2, { c = with, comma } }");
    CHECK(inline_dict->lookup("A").value() == "1");
    CHECK(inline_dict->lookup("b").value() == "2");
    CHECK(inline_dict->lookup("c").value() == "with, comma");
    CHECK(open_or_fail("static:{text with spaces}")->lookup("x").value() == "text with spaces");
}
