// Table references in values, and the checks of the files they need.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "compiler/table_file_checks.hpp"

using namespace mf::compiler;
namespace fs = std::filesystem;

namespace {

struct TempRoot {
    fs::path path;
    TempRoot()
    {
        char pattern[] = "/tmp/mf-tables.XXXXXX";
        path = mkdtemp(pattern);
        fs::create_directories(path / "etc/postfix");
    }
    ~TempRoot() { fs::remove_all(path); }
    void write(const std::string& file, const std::string& text = "x y\n", int age_seconds = 0)
    {
        const fs::path full = path / file.substr(1);
        std::ofstream(full) << text;
        if (age_seconds) {
            struct timespec times[2];
            clock_gettime(CLOCK_REALTIME, &times[0]);
            times[0].tv_sec -= age_seconds;
            times[1] = times[0];
            utimensat(AT_FDCWD, full.c_str(), times, 0);
        }
    }
};

std::vector<Diagnostic> check(const TempRoot& root, const std::string& parameter,
                              const std::string& reference, bool no_file_checks = false)
{
    DiagnosticSink sink;
    UniqueReporter reporter(sink);
    TableFileOptions options;
    options.resolve = [&](const std::string& p) { return root.path.string() + p; };
    options.no_file_checks = no_file_checks;
    options.mfd_opens = [](std::string_view type) { return type != "ldap"; };
    for (const auto& table : table_list_references(reference))
        check_table_reference({parameter, table, {"main.cf", 3, 14}, table_use_for_parameter(parameter)},
                              options, reporter);
    return sink.all();
}

std::vector<std::string> codes(const std::vector<Diagnostic>& diagnostics)
{
    std::vector<std::string> result;
    for (const auto& d : diagnostics)
        result.push_back(d.code);
    return result;
}

} // namespace

TEST_CASE("table references are found in table, match and restriction lists", "[tables]")
{
    auto refs = table_list_references("hash:/etc/postfix/virtual, proxy:btree:/x "
                                      "unionmap:{cdb:/a, regexp:/b} inline:{a=1, b=2}");
    REQUIRE(refs.size() == 6);
    CHECK(refs[0].type == "hash");
    CHECK(refs[0].name == "/etc/postfix/virtual");
    CHECK(refs[1].type == "btree");
    CHECK(refs[1].proxied);
    CHECK(refs[2].type == "unionmap");
    CHECK(refs[3].text == "cdb:/a");
    CHECK(refs[3].offset == 52);
    CHECK(refs[4].text == "regexp:/b");
    CHECK(refs[5].type == "inline");

    auto matches = match_list_references("127.0.0.0/8 [::1]/128 !cidr:/etc/postfix/nets example.com");
    REQUIRE(matches.size() == 1);
    CHECK(matches[0].type == "cidr");
    CHECK(matches[0].offset == 23);

    auto restrictions = restriction_list_references(
        "check_policy_service inet:127.0.0.1:10023, hash:/bare, check_client_access "
        "cidr:/c, reject_rbl_client zen.example, check_ccert_access { lmdb:/cc, "
        "{ search_order = cert_fingerprint } }");
    REQUIRE(restrictions.size() == 3);
    CHECK(restrictions[0].text == "hash:/bare");
    CHECK(restrictions[1].text == "cidr:/c");
    CHECK(restrictions[2].text == "lmdb:/cc");
    CHECK(built_table_file(restrictions[2]) == "/cc.lmdb");
}

TEST_CASE("table types", "[tables]")
{
    CHECK(find_table_type("hash")->storage == TableStorage::indexed);
    CHECK(find_table_type("pcre")->storage == TableStorage::text_file);
    CHECK(find_table_type("mysql")->storage == TableStorage::client_config);
    CHECK(find_table_type("nisplus") == nullptr);
    TempRoot root;
    auto d = check(root, "virtual_alias_maps", "hsah:/etc/postfix/virtual");
    REQUIRE(codes(d) == std::vector<std::string>{"table-type-unknown"});
    CHECK_THAT(d[0].message, Catch::Contains("did you mean \"hash\"?"));
    CHECK(d[0].location.line == 3);
    CHECK(codes(check(root, "virtual_alias_maps", "ldap:/etc/postfix/ldap.cf", true)) ==
          std::vector<std::string>{"table-type-unsupported"});
}

TEST_CASE("built tables: missing, not built, stale, fresh", "[tables]")
{
    TempRoot root;
    CHECK(codes(check(root, "virtual_alias_maps", "hash:/etc/postfix/virtual")) ==
          std::vector<std::string>{"table-missing"});
    CHECK(check(root, "virtual_alias_maps", "hash:/etc/postfix/virtual", true).empty());

    root.write("/etc/postfix/virtual");
    auto d = check(root, "virtual_alias_maps", "hash:/etc/postfix/virtual");
    REQUIRE(codes(d) == std::vector<std::string>{"table-not-built"});
    CHECK_THAT(d[0].message, Catch::Contains("run `mfmap hash:/etc/postfix/virtual`"));
    CHECK(check(root, "virtual_alias_maps", "hash:/etc/postfix/virtual", true).empty());

    root.write("/etc/postfix/virtual.db", "db", 100);
    d = check(root, "virtual_alias_maps", "hash:/etc/postfix/virtual");
    REQUIRE(codes(d) == std::vector<std::string>{"table-stale"});
    CHECK(d[0].severity == Severity::warning);

    root.write("/etc/postfix/virtual.db", "db");
    CHECK(check(root, "virtual_alias_maps", "hash:/etc/postfix/virtual").empty());

    root.write("/etc/aliases");
    d = check(root, "alias_maps", "hash:/etc/aliases");
    REQUIRE(codes(d) == std::vector<std::string>{"table-not-built"});
    CHECK_THAT(d[0].message, Catch::Contains("run `mfalias hash:/etc/aliases`"));

    // Caches and non-file tables need nothing on disk.
    CHECK(check(root, "address_verify_map", "btree:/var/lib/postfix/verify_cache").empty());
    CHECK(check(root, "virtual_alias_maps", "inline:{a=b} static:x tcp:127.0.0.1:1").empty());
}

TEST_CASE("pattern tables and secret tables", "[tables]")
{
    TempRoot root;
    CHECK(codes(check(root, "header_checks", "regexp:/etc/postfix/header_checks")) ==
          std::vector<std::string>{"table-missing"});
    root.write("/etc/postfix/header_checks");
    CHECK(check(root, "header_checks", "regexp:/etc/postfix/header_checks").empty());

    root.write("/etc/postfix/sasl_passwd");
    root.write("/etc/postfix/sasl_passwd.db");
    chmod((root.path / "etc/postfix/sasl_passwd").c_str(), 0644);
    chmod((root.path / "etc/postfix/sasl_passwd.db").c_str(), 0600);
    auto d = check(root, "smtp_sasl_password_maps", "hash:/etc/postfix/sasl_passwd");
    REQUIRE(codes(d) == std::vector<std::string>{"table-secret-readable"});
    CHECK_THAT(d[0].message, Catch::Contains("chmod go-rwx /etc/postfix/sasl_passwd"));
    CHECK_THAT(d[0].message, Catch::Contains("mode 0644"));
    chmod((root.path / "etc/postfix/sasl_passwd").c_str(), 0600);
    CHECK(check(root, "smtp_sasl_password_maps", "hash:/etc/postfix/sasl_passwd").empty());

    root.write("/etc/postfix/mysql.cf",
               "hosts = db.example\ndbname = mail\nquery = SELECT a FROM t WHERE k = '%s'\n");
    chmod((root.path / "etc/postfix/mysql.cf").c_str(), 0644);
    CHECK(codes(check(root, "virtual_mailbox_maps", "proxy:mysql:/etc/postfix/mysql.cf")) ==
          std::vector<std::string>{"table-secret-readable"});
    chmod((root.path / "etc/postfix/mysql.cf").c_str(), 0640);
    CHECK(check(root, "virtual_mailbox_maps", "proxy:mysql:/etc/postfix/mysql.cf").empty());
    // Postfix stops at a client file line that is not name = value.
    root.write("/etc/postfix/mysql.cf", "hosts = db.example\nbind dn = x\n");
    d = check(root, "virtual_mailbox_maps", "proxy:mysql:/etc/postfix/mysql.cf");
    REQUIRE(codes(d) == std::vector<std::string>{"table-config-syntax"});
    CHECK(d[0].location.line == 2);
    CHECK_THAT(d[0].message, Catch::Contains("missing '=' after attribute name: \"bind dn = x\""));
    // What the mysql client dies on when it opens the table, at the setting's line; a required
    // setting that is not written, at the file.
    root.write("/etc/postfix/mysql.cf", "hosts = db.example:mysqlport\n"
                                        "require_result_set = true\n"
                                        "query = SELECT a FROM t WHERE k LIKE '%s%'\n");
    d = check(root, "virtual_mailbox_maps", "proxy:mysql:/etc/postfix/mysql.cf");
    REQUIRE(codes(d) == std::vector<std::string>(4, "table-config-value"));
    std::vector<std::size_t> lines;
    for (const auto& diagnostic : d)
        lines.push_back(diagnostic.location.line);
    std::sort(lines.begin(), lines.end());
    CHECK(lines == std::vector<std::size_t>{0, 1, 2, 3});
    CHECK_THAT(d[0].message + d[1].message + d[2].message + d[3].message,
               Catch::Contains("dbname is not set") && Catch::Contains("mysqlport") &&
                   Catch::Contains("neither yes nor no") && Catch::Contains("%' is not"));
    // A well-formed legacy query: table, select_field and where_field together.
    root.write("/etc/postfix/mysql.cf", "dbname = mail\ntable = t\nselect_field = a\n"
                                        "where_field = k\nadditional_conditions = AND x = '%%'\n");
    CHECK(check(root, "virtual_mailbox_maps", "proxy:mysql:/etc/postfix/mysql.cf").empty());
}

TEST_CASE("an unreadable table file", "[tables]")
{
    if (geteuid() == 0)
        return; // root reads every file; the integration tests run this case unprivileged
    TempRoot root;
    root.write("/etc/postfix/access");
    root.write("/etc/postfix/access.db");
    chmod((root.path / "etc/postfix/access.db").c_str(), 0);
    CHECK(codes(check(root, "smtpd_sender_restrictions_maps", "hash:/etc/postfix/access")) ==
          std::vector<std::string>{"table-unreadable"});
}
