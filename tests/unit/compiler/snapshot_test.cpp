// The snapshot: what goes in comes back out; truncated, corrupt and wrong-version files are
// refused with a reason; the file is written atomically, mode 0600 when it holds a key; restriction
// lists come out typed, located and linked to their classes and tables.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <cstring>
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

TEST_CASE("a default expanded at build time yields to what main.cf sets", "[compiler][snapshot]")
{
    ConfigFixture plain("myhostname = mx.example.test\n");
    ConfigFixture changed("myhostname = mx.example.test\nrelay_transport = slow\n"
                          "compatibility_level = 3.6\nstress = yes\n");
    const Snapshot before = sample(plain);
    const Snapshot after = sample(changed);
    CHECK(before.parameter("address_verify_relay_transport")->value == "relay");
    CHECK(after.parameter("address_verify_relay_transport")->value == "slow");
    CHECK(before.parameter("smtpd_tls_fingerprint_digest")->value == "md5");
    CHECK(after.parameter("smtpd_tls_fingerprint_digest")->value == "sha256");
    CHECK(before.parameter("smtpd_timeout")->value == "300s");
    CHECK(after.parameter("smtpd_timeout")->value == "10s");
    CHECK(after.parameter("address_verify_relay_transport")->raw == "$relay_transport");
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

namespace {

// A directory of table files for the tests below, removed at the end.
struct TableDirectory {
    TableDirectory()
    {
        char pattern[] = "/tmp/mfcc-tables.XXXXXX";
        path = mkdtemp(pattern);
        std::ofstream(path + "/clients.cidr") << "10.0.0.0/8 OK\n";
        std::ofstream(path + "/access.db") << "not really berkeley db, only an identity\n";
    }
    ~TableDirectory() { std::filesystem::remove_all(path); }
    std::string path;
};

const SnapshotRestrictionList* find_list(const Snapshot& s, const std::string& service,
                                         const std::string& parameter)
{
    for (const SnapshotRestrictionList& list : s.restrictions)
        if (list.service == service && list.parameter == parameter)
            return &list;
    return nullptr;
}

// Recomputes the header's body digest after a test has edited the body.
std::string resealed(std::string bytes)
{
    const Sha256 digest = sha256(std::string_view(bytes).substr(56));
    std::memcpy(bytes.data() + 24, digest.data(), digest.size());
    return bytes;
}

} // namespace

TEST_CASE("restriction lists are compiled to typed entries with their source", "[compiler][snapshot]")
{
    TableDirectory tables;
    const std::string main_cf =
        "smtpd_restriction_classes = from_inside\n"
        "from_inside = check_client_access cidr:" + tables.path + "/clients.cidr, reject\n"
        "smtpd_recipient_restrictions = permit_mynetworks,\n"
        "    check_recipient_access proxy:hash:" + tables.path + "/access,\n"
        "    reject_unauth_destination, from_inside,\n"
        "    check_policy_service { inet:127.0.0.1:9998, timeout=10s },\n"
        "    reject_rbl_client zen.example.org=127.0.0.[2..11], sleep 3, hash:" + tables.path + "/access\n"
        "compatibility_level = 3.6\n";
    const std::string master = "smtp inet n - y - - smtpd\n"
                               "submission inet n - y - - smtpd\n"
                               "  -o smtpd_recipient_restrictions=permit_sasl_authenticated,reject\n";
    ConfigFixture fixture(main_cf, &master);
    const Snapshot snapshot = sample(fixture);
    const std::string main_path = fixture.directory() + "/main.cf";

    const SnapshotRestrictionList* list = find_list(snapshot, "", "smtpd_recipient_restrictions");
    REQUIRE(list);
    CHECK(list->explicitly_set);
    CHECK_FALSE(list->restriction_class);
    REQUIRE(list->entries.size() == 8);
    const auto& e = list->entries;
    using EntryKind = SnapshotRestrictionEntry::Kind;
    using ArgumentKind = SnapshotRestrictionArgument::Kind;
    CHECK(e[0].kind == EntryKind::restriction);
    CHECK(e[0].id == RestrictionId::permit_mynetworks);
    CHECK(e[0].location.file == main_path);
    CHECK(e[0].location.line == 3);
    CHECK(e[0].location.column == 32);

    CHECK(e[1].id == RestrictionId::check_recipient_access);
    CHECK(e[1].argument.kind == ArgumentKind::table);
    CHECK(e[1].argument.table_type == "hash");
    CHECK(e[1].argument.table_name == tables.path + "/access");
    CHECK(e[1].argument.proxied);
    REQUIRE(e[1].argument.table_index < snapshot.tables.size());
    CHECK(snapshot.tables[e[1].argument.table_index].file == tables.path + "/access.db");
    CHECK(snapshot.tables[e[1].argument.table_index].size > 0);
    CHECK(e[1].location.line == 4);
    CHECK(e[1].location.column == 5);
    CHECK(e[1].argument.location.column == 28);

    CHECK(e[3].kind == EntryKind::restriction_class);
    REQUIRE(e[3].class_index < snapshot.restrictions.size());
    const SnapshotRestrictionList& body = snapshot.restrictions[e[3].class_index];
    CHECK(body.restriction_class);
    CHECK(body.parameter == "from_inside");
    REQUIRE(body.entries.size() == 2);
    CHECK(body.entries[0].argument.table_type == "cidr");
    REQUIRE(body.entries[0].argument.table_index < snapshot.tables.size());
    CHECK(body.entries[1].id == RestrictionId::reject);
    CHECK(body.entries[1].location.line == 2);

    CHECK(e[4].id == RestrictionId::check_policy_service);
    CHECK(e[4].argument.kind == ArgumentKind::policy_service);
    CHECK(e[4].argument.endpoint == "inet:127.0.0.1:9998");
    REQUIRE(e[4].argument.attributes.size() == 1);
    CHECK(e[4].argument.attributes[0] == std::pair<std::string, std::string>("timeout", "10s"));

    CHECK(e[5].argument.kind == ArgumentKind::dnsxl_domain);
    CHECK(e[5].argument.domain == "zen.example.org");
    CHECK(e[5].argument.reply_filter == "127.0.0.[2..11]");
    CHECK(e[6].argument.kind == ArgumentKind::seconds);
    CHECK(e[6].argument.seconds == 3);
    CHECK(e[7].kind == EntryKind::bare_table);
    CHECK(e[7].id == RestrictionId::check_recipient_access);
    CHECK(e[7].argument.table_index == e[1].argument.table_index);

    // The built-in default, and a service's -o override with its own location.
    const SnapshotRestrictionList* relay = find_list(snapshot, "", "smtpd_relay_restrictions");
    REQUIRE(relay);
    CHECK_FALSE(relay->explicitly_set);
    REQUIRE(relay->entries.size() == 3);
    CHECK(relay->entries[2].id == RestrictionId::defer_unauth_destination);
    CHECK(relay->entries[2].location.line == 0);
    const SnapshotRestrictionList* submission =
        find_list(snapshot, "submission/inet", "smtpd_recipient_restrictions");
    REQUIRE(submission);
    REQUIRE(submission->entries.size() == 2);
    CHECK(submission->entries[1].id == RestrictionId::reject);
    CHECK(submission->entries[1].location.file == fixture.directory() + "/master.cf");
    CHECK(submission->entries[1].location.line == 3);
    const SnapshotRestrictionList* smtp = find_list(snapshot, "smtp/inet", "smtpd_recipient_restrictions");
    REQUIRE(smtp);
    CHECK(smtp->entries.size() == 8);
    // The class an smtp/inet list names is smtp/inet's own copy.
    CHECK(snapshot.restrictions[smtp->entries[3].class_index].service == "smtp/inet");

    auto decoded = decode_snapshot(encode_snapshot(snapshot));
    REQUIRE(decoded);
    CHECK(dump_snapshot(**decoded) == dump_snapshot(snapshot));
    CHECK(encode_snapshot(**decoded) == encode_snapshot(snapshot));
    const std::string dump = dump_snapshot(snapshot);
    CHECK(dump.find("main.cf class from_inside = check_client_access cidr:" + tables.path +
                    "/clients.cidr, reject") != std::string::npos);
    CHECK(dump.find("    reject_rbl_client zen.example.org=127.0.0.[2..11]    # " + main_path +
                    ":7:5; DNS list zen.example.org replying 127.0.0.[2..11]") != std::string::npos);
}

TEST_CASE("the reader refuses format 2 and damaged restriction sections", "[compiler][snapshot]")
{
    ConfigFixture fixture("smtpd_restriction_classes = strict\nstrict = reject\n"
                          "smtpd_client_restrictions = permit_mynetworks, strict\n");
    const Snapshot snapshot = sample(fixture);
    const std::string bytes = encode_snapshot(snapshot);

    std::string older = bytes;
    older[8] = 2;
    auto refused = decode_snapshot(resealed(older));
    REQUIRE_FALSE(refused);
    CHECK(refused.error().message.find("format version 2") != std::string::npos);
    CHECK(refused.error().message.find("reads version 3") != std::string::npos);

    // The restriction section cut short by one byte (its length adjusted, the digest redone).
    std::string body = bytes.substr(56);
    std::size_t at = 0;
    bool found = false;
    while (at + 12 <= body.size()) {
        std::uint32_t tag = 0;
        std::uint64_t size = 0;
        std::memcpy(&tag, body.data() + at, 4);
        std::memcpy(&size, body.data() + at + 4, 8);
        if (tag == 4) {
            found = true;
            body.erase(at + 12 + size - 1, 1);
            --size;
            std::memcpy(body.data() + at + 4, &size, 8);
            break;
        }
        at += 12 + size;
    }
    REQUIRE(found);
    std::string cut = bytes.substr(0, 56) + body;
    const std::uint64_t body_size = body.size();
    std::memcpy(cut.data() + 16, &body_size, 8);
    auto truncated = decode_snapshot(resealed(cut));
    REQUIRE_FALSE(truncated);
    CHECK(truncated.error().message.find("section 4 is malformed") != std::string::npos);

    const SnapshotRestrictionList* client = find_list(snapshot, "", "smtpd_client_restrictions");
    REQUIRE(client);
    REQUIRE(client->entries.size() == 2);
    const auto index = static_cast<std::size_t>(client - snapshot.restrictions.data());
    {
        Snapshot bad = snapshot;
        bad.restrictions[index].entries[1].class_index = 9999;
        auto decoded = decode_snapshot(encode_snapshot(bad));
        REQUIRE_FALSE(decoded);
        CHECK(decoded.error().message.find("points at no restriction class") != std::string::npos);
    }
    {
        Snapshot bad = snapshot;
        bad.restrictions[index].entries[0].id = static_cast<RestrictionId>(999);
        auto decoded = decode_snapshot(encode_snapshot(bad));
        REQUIRE_FALSE(decoded);
        CHECK(decoded.error().message.find("section 4 is malformed") != std::string::npos);
    }
    {
        Snapshot bad = snapshot;
        auto& argument = bad.restrictions[index].entries[0].argument;
        argument.kind = SnapshotRestrictionArgument::Kind::table;
        argument.table_index = 5;
        auto decoded = decode_snapshot(encode_snapshot(bad));
        REQUIRE_FALSE(decoded);
        CHECK(decoded.error().message.find("points at table 5") != std::string::npos);
    }
}

TEST_CASE("diff names entries added, removed and moved in each list", "[compiler][snapshot]")
{
    const std::string master = "smtp inet n - y - - smtpd\n";
    ConfigFixture before("smtpd_recipient_restrictions = permit_mynetworks, "
                         "reject_unauth_destination, reject_rbl_client zen.example.org\n",
                         &master);
    ConfigFixture after("smtpd_recipient_restrictions = reject_unauth_destination, "
                        "permit_mynetworks, sleep 2\n",
                        &master);
    const std::string diff = diff_snapshots(sample(before), sample(after));
    for (const std::string scope : {"main.cf", "smtp/inet"})
        CHECK(diff.find("~ restrictions " + scope + " smtpd_recipient_restrictions\n"
                        "    ~ permit_mynetworks    (moved from #1 to #2)\n"
                        "    - reject_rbl_client zen.example.org    (was #3)\n"
                        "    + sleep 2    (#3)\n") != std::string::npos);
    CHECK(diff.find("smtpd_relay_restrictions") == std::string::npos); // unchanged
}

TEST_CASE("entries of an expanded list are located at their own token", "[compiler][snapshot]")
{
    ConfigFixture fixture("dnsbl = zen.example.org\nlocal_checks = permit_mynetworks, permit_sasl_authenticated\n"
                          "smtpd_client_restrictions = $local_checks, reject_rbl_client $dnsbl,\n"
                          "    reject_unknown_client_hostname\n");
    const Snapshot snapshot = sample(fixture);
    const SnapshotRestrictionList* list = find_list(snapshot, "", "smtpd_client_restrictions");
    REQUIRE(list);
    REQUIRE(list->entries.size() == 4);
    CHECK(list->entries[0].location.column == 29); // both from $local_checks
    CHECK(list->entries[1].location.column == 29);
    CHECK(list->entries[2].location.column == 44);
    CHECK(list->entries[2].argument.domain == "zen.example.org");
    CHECK(list->entries[2].argument.location.column == 62); // at $dnsbl
    CHECK(list->entries[3].location.line == 4);
    CHECK(list->entries[3].location.column == 5);
}
