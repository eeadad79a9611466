// Every code of the restriction/table/master/not-implemented checks has one --explain row.
#include <catch2/catch.hpp>

#include <set>
#include <string>

#include "compiler/config_check_codes.hpp"

namespace {

struct Row {
    const char* code;
    const char* summary;
    const char* explanation;
};

namespace code = mf::compiler::code;

const Row rows[] = {
#include "compiler/config_check_codes.inc"
};

} // namespace

TEST_CASE("check codes have unique, documented rows", "[codes]")
{
    std::set<std::string> seen;
    for (const auto& row : rows) {
        CHECK(seen.insert(row.code).second);
        CHECK(std::string(row.summary).size() > 10);
        CHECK(std::string(row.explanation).size() > 60);
    }
    for (const char* used : {code::open_relay, code::relay_restrictions_missing,
                             code::restriction_unknown, code::table_not_built,
                             code::master_duplicate_service, code::master_unknown_port,
                             code::not_implemented})
        CHECK(seen.count(used) == 1);
    CHECK(seen.size() == 41); // one row per constant of config_check_codes.hpp
}
