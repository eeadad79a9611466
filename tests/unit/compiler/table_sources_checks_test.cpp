// One parser for table references: the snapshot records exactly the tables the checks see
// (nested unionmap members, proxy: peeled, access-restriction arguments, match-list tables; not
// policy endpoints or DNS lists); bare names in table lists and relative table paths are
// reported as Postfix would misread them.
#include <catch2/catch.hpp>

#include "compiler/checks.hpp"
#include "compiler/config_check_codes.hpp"
#include "compiler/snapshot.hpp"
#include "compiler/table_reference.hpp"

using namespace mf::compiler;

namespace {

Configuration load(const std::string& main_cf)
{
    DiagnosticSink sink;
    return configuration_from_text("/etc/postfix/main.cf", main_cf, "/etc/postfix/master.cf", "", sink);
}

const char* const sample =
    "smtpd_relay_restrictions = reject_unauth_destination\n"
    "virtual_alias_maps = proxy:hash:/etc/postfix/virtual, unionmap:{cdb:/etc/postfix/a, "
    "regexp:/etc/postfix/b.re}\n"
    "smtpd_recipient_restrictions = check_policy_service inet:127.0.0.1:9998,\n"
    "  reject_rbl_client zen.example.org, check_client_access { cidr:/etc/postfix/c.cidr },\n"
    "  lmdb:/etc/postfix/d\n"
    "mynetworks = 127.0.0.0/8, !cidr:/etc/postfix/e.cidr, [::1]/128\n";

} // namespace

TEST_CASE("the snapshot and the checks find the same tables", "[compiler][tables]")
{
    const Configuration config = load(sample);
    std::vector<std::string> checked;
    for (const char* parameter : {"virtual_alias_maps", "smtpd_recipient_restrictions", "mynetworks"})
        for (const TableReference& table :
             parameter_table_references(config, parameter, config.expand(parameter), nullptr))
            checked.push_back(table.type + ":" + table.name);
    CheckOptions options;
    options.no_file_checks = true;
    std::vector<std::string> recorded;
    for (const SnapshotTable& table : build_snapshot(config, options).tables)
        recorded.push_back(table.type + ":" + table.name);
    std::sort(checked.begin(), checked.end());
    std::sort(recorded.begin(), recorded.end());
    // unionmap's own entry is a reference too; its members follow it.
    CHECK(recorded == checked);
    for (const std::string expected :
         {"hash:/etc/postfix/virtual", "cdb:/etc/postfix/a", "regexp:/etc/postfix/b.re",
          "cidr:/etc/postfix/c.cidr", "lmdb:/etc/postfix/d", "cidr:/etc/postfix/e.cidr"}) {
        INFO(expected);
        CHECK(std::count(recorded.begin(), recorded.end(), expected) == 1);
    }
    for (const std::string& name : recorded)
        CHECK(name.rfind("inet:", 0) != 0);
}

TEST_CASE("files a server opens for each kind of table", "[compiler][tables]")
{
    CHECK(opened_table_file({"hash:/x", "hash", "/x", 0, false}) == "/x.db");
    CHECK(opened_table_file({"cdb:/x", "cdb", "/x", 0, false}) == "/x.cdb");
    CHECK(opened_table_file({"pcre:/x", "pcre", "/x", 0, false}) == "/x");
    CHECK(opened_table_file({"mysql:/x.cf", "mysql", "/x.cf", 0, false}) == "/x.cf");
    CHECK(opened_table_file({"inline:{a=b}", "inline", "{a=b}", 0, false}).empty());
    CHECK(opened_table_file({"hash:x", "hash", "x", 0, false}).empty());
}

TEST_CASE("bare names in table lists and relative table paths", "[compiler][tables]")
{
    const Configuration config = load("smtpd_relay_restrictions = reject_unauth_destination\n"
                                      "virtual_alias_maps = /etc/postfix/virtual\n"
                                      "alias_maps = hash:aliases\n"
                                      "transport_maps = hash:$config_directory/transport\n");
    DiagnosticSink sink;
    CheckOptions options;
    options.no_file_checks = true;
    check_tables(config, sink, options);
    bool bare = false, relative = false, other_relative = false;
    for (const Diagnostic& d : sink.all()) {
        bare = bare || (d.code == std::string(code::table_without_type) && d.location.line == 2 &&
                        d.severity == Severity::error);
        relative = relative || (d.code == std::string(code::table_relative_path) &&
                                d.location.line == 3 && d.severity == Severity::warning);
        other_relative = other_relative || (d.code == std::string(code::table_relative_path) &&
                                            d.location.line == 4);
    }
    CHECK(bare);
    CHECK(relative);
    CHECK_FALSE(other_relative);
}
