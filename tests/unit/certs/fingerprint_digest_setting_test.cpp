// The digest in force, read from main.cf as Postfix 3.7 evaluates it: explicit setting first,
// then the compatibility_level-dependent default (md5 below 3.6, sha256 from 3.6).
#include <catch2/catch.hpp>

#include "postmap/fingerprint_digest_setting.hpp"

using namespace mf;
using maps::FingerprintDigest;

namespace {

Result<FingerprintDigest> digest_of(const char* text)
{
    return maps::configured_fingerprint_digest(text, "main.cf");
}

} // namespace

TEST_CASE("compatibility levels compare numerically, component by component", "[certs]")
{
    CHECK(maps::compatibility_level_below("0", "3.6").value());
    CHECK(maps::compatibility_level_below("2", "3.6").value());
    CHECK(maps::compatibility_level_below("3.5.9", "3.6").value());
    CHECK_FALSE(maps::compatibility_level_below("3.6", "3.6").value());
    CHECK_FALSE(maps::compatibility_level_below("3.10", "3.6").value());
    CHECK_FALSE(maps::compatibility_level_below("4", "3.6").value());
    CHECK_FALSE(maps::compatibility_level_below("3.x", "3.6"));
    CHECK_FALSE(maps::compatibility_level_below("", "3.6"));
}

TEST_CASE("the default digest follows compatibility_level", "[certs]")
{
    CHECK(digest_of("") == FingerprintDigest::md5);
    CHECK(digest_of("myhostname = mail.example.com\n") == FingerprintDigest::md5);
    CHECK(digest_of("compatibility_level = 2\n") == FingerprintDigest::md5);
    CHECK(digest_of("compatibility_level = 3.6\n") == FingerprintDigest::sha256);
    CHECK(digest_of("compatibility_level = 3.7\n") == FingerprintDigest::sha256);
    CHECK(digest_of("compatibility_level = 3.6\ncompatibility_level = 3.5\n") ==
          FingerprintDigest::md5);
    CHECK(digest_of("level = 3.7\ncompatibility_level = ${level}\n") == FingerprintDigest::sha256);
    // A commented-out line is not a setting; a continuation line is part of the value.
    CHECK(digest_of("#compatibility_level = 3.6\n") == FingerprintDigest::md5);
}

TEST_CASE("an explicit smtpd_tls_fingerprint_digest wins", "[certs]")
{
    CHECK(digest_of("compatibility_level = 3.6\nsmtpd_tls_fingerprint_digest = md5\n") ==
          FingerprintDigest::md5);
    CHECK(digest_of("smtpd_tls_fingerprint_digest = SHA1\n") == FingerprintDigest::sha1);
    CHECK(digest_of("d = sha512\nsmtpd_tls_fingerprint_digest = $d\n") ==
          FingerprintDigest::sha512);
}

TEST_CASE("what the narrow reader cannot evaluate is an error naming the line", "[certs]")
{
    auto unknown = digest_of("\n\nsmtpd_tls_fingerprint_digest = whirlpool\n");
    REQUIRE_FALSE(unknown);
    CHECK(unknown.error().message.find("main.cf:3:") == 0);
    auto expression = digest_of("smtpd_tls_fingerprint_digest = ${x?md5}\n");
    REQUIRE_FALSE(expression);
    CHECK(expression.error().message.find("--digest") != std::string::npos);
    auto undefined = digest_of("compatibility_level = $nothing\n");
    REQUIRE_FALSE(undefined);
    auto bad_level = digest_of("compatibility_level = three\n");
    REQUIRE_FALSE(bad_level);
    CHECK(bad_level.error().message.find("main.cf:1:") == 0);
}
