// The snapshot: what goes in comes back out; truncated, corrupt and wrong-version files are
// refused with a reason; the file is written atomically, mode 0600 when it holds a key.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include "compiler/snapshot.hpp"
#include "tests/unit/compiler/config_fixture.hpp"

using namespace mf::compiler;
using mf::compiler::testing::ConfigFixture;

namespace {

const std::string master_cf = "smtp inet n - y - - smtpd\n"
                              "submission inet n - n - - smtpd\n"
                              "  -o smtpd_tls_security_level=encrypt\n"
                              "  -o syslog_name=postfix/$service_name\n"
                              "relay unix - - n 300? 1 smtp\n";

Snapshot sample(ConfigFixture& fixture)
{
    return build_snapshot(*fixture.config, CheckOptions{});
}

} // namespace

TEST_CASE("a snapshot holds resolved parameters and services", "[compiler][snapshot]")
{
    ConfigFixture fixture("compatibility_level = 3.6\nmyhostname = mx.example.test\n"
                          "smtpd_recipient_restrictions = permit_mynetworks, reject_unauth_destination,"
                          " check_recipient_access hash:/nonexistent/access\n",
                          &master_cf);
    const Snapshot snapshot = sample(fixture);
    const SnapshotParameter* host = snapshot.parameter("myhostname");
    REQUIRE(host);
    CHECK(host->explicitly_set);
    CHECK(host->value == "mx.example.test");
    const SnapshotParameter* banner = snapshot.parameter("smtpd_banner");
    REQUIRE(banner);
    CHECK_FALSE(banner->explicitly_set);
    CHECK(banner->value == "mx.example.test ESMTP Postfix");
    CHECK(snapshot.parameter("smtpd_tls_fingerprint_digest")->value == "sha256");
    CHECK(snapshot.parameter("relay_destination_concurrency_limit"));
    REQUIRE(snapshot.services.size() == 3);
    const SnapshotService& submission = snapshot.services[1];
    CHECK(submission.overrides.size() == 2);
    CHECK(submission.overrides[1].value == "postfix/submission");
    CHECK_FALSE(submission.private_service);
    CHECK(snapshot.services[0].process_limit == 100);
    CHECK(snapshot.services[2].wakeup == 300);
    CHECK(snapshot.services[2].wakeup_if_used);
    REQUIRE(snapshot.tables.size() == 1);
    CHECK(snapshot.tables[0].file == "/nonexistent/access.db");
    CHECK(snapshot.sources.size() == 2);
}

TEST_CASE("snapshots round-trip and refuse damage with a reason", "[compiler][snapshot]")
{
    ConfigFixture fixture("myhostname = mx.example.test\n", &master_cf);
    Snapshot snapshot = sample(fixture);
    snapshot.tls.push_back({SnapshotTlsMaterial::Kind::certificate_chain, "",
                            "smtpd_tls_chain_files", "", "/etc/ssl/chain.pem", "-----BEGIN CERTIFICATE-----\n"});
    const std::string bytes = encode_snapshot(snapshot);
    auto decoded = decode_snapshot(bytes);
    REQUIRE(decoded);
    CHECK(dump_snapshot(**decoded) == dump_snapshot(snapshot));
    CHECK(diff_snapshots(snapshot, **decoded).empty());

    auto truncated = decode_snapshot(bytes.substr(0, bytes.size() - 10));
    REQUIRE_FALSE(truncated);
    CHECK(truncated.error().message.find("truncated") != std::string::npos);
    auto header_only = decode_snapshot(bytes.substr(0, 20));
    REQUIRE_FALSE(header_only);
    CHECK(header_only.error().message.find("truncated") != std::string::npos);

    std::string corrupt = bytes;
    corrupt[corrupt.size() / 2] ^= 0x40;
    auto damaged = decode_snapshot(corrupt);
    REQUIRE_FALSE(damaged);
    CHECK(damaged.error().message.find("corrupt") != std::string::npos);

    std::string wrong_version = bytes;
    wrong_version[8] = 9;
    auto future = decode_snapshot(wrong_version);
    REQUIRE_FALSE(future);
    CHECK(future.error().message.find("version 9") != std::string::npos);

    auto garbage = decode_snapshot("hello world, not a snapshot at all......................");
    REQUIRE_FALSE(garbage);
    CHECK(garbage.error().message.find("magic") != std::string::npos);
}

TEST_CASE("diff names what changed", "[compiler][snapshot]")
{
    ConfigFixture before("myhostname = a.example.test\n", &master_cf);
    ConfigFixture after("myhostname = b.example.test\n", &master_cf);
    const std::string diff = diff_snapshots(sample(before), sample(after));
    CHECK(diff.find("~ parameter myhostname = a.example.test\n  -> myhostname = b.example.test") !=
          std::string::npos);
    CHECK(diff.find("smtpd_banner") != std::string::npos); // depends on myhostname
}

TEST_CASE("snapshot files: atomic, 0600 with a key, read back", "[compiler][snapshot]")
{
    ConfigFixture fixture("myhostname = mx.example.test\n", &master_cf);
    Snapshot snapshot = sample(fixture);
    const std::string path = fixture.directory() + "/mf.snapshot";
    REQUIRE(write_snapshot(snapshot, path));
    struct stat info {};
    REQUIRE(stat(path.c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0644);
    snapshot.tls.push_back({SnapshotTlsMaterial::Kind::private_key, "", "smtpd_tls_key_file",
                            "", "/etc/ssl/private/key.pem", "-----BEGIN PRIVATE KEY-----\n"});
    REQUIRE(write_snapshot(snapshot, path));
    REQUIRE(stat(path.c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0600);
    auto read = read_snapshot(path);
    REQUIRE(read);
    CHECK((*read)->holds_private_key());
    CHECK(std::filesystem::directory_iterator(fixture.directory()) != std::filesystem::directory_iterator());
    std::size_t files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(fixture.directory()))
        files += entry.path().filename().string().find("mf.snapshot") == 0;
    CHECK(files == 1); // no temporary left behind
    CHECK_FALSE(read_snapshot(fixture.directory() + "/missing"));
}
