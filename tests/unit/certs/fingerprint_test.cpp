// postmap/fingerprint: digests agree with OpenSSL's own X509_digest and with a digest of the
// public key re-encoded through EVP_PKEY (i2d_PUBKEY: the SubjectPublicKeyInfo Postfix hashes),
// text shape and labels as Postfix tables use. The CLI comparison is in tests/integration/70.
#include <catch2/catch.hpp>

#include <openssl/x509.h>

#include "postmap/fingerprint.hpp"
#include "tests/unit/certs/test_pki.hpp"

using namespace mf;
using maps::FingerprintDigest;
using maps::FingerprintKind;

namespace {

std::string reference(const X509& certificate, const char* name, bool public_key)
{
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    const EVP_MD* md = EVP_get_digestbyname(name);
    if (public_key) {
        unsigned char* der = nullptr;
        int length = i2d_PUBKEY(X509_get0_pubkey(&certificate), &der);
        REQUIRE(length > 0);
        REQUIRE(EVP_Digest(der, static_cast<size_t>(length), out, &size, md, nullptr) == 1);
        OPENSSL_free(der);
    } else {
        REQUIRE(X509_digest(&certificate, md, out, &size) == 1);
    }
    return maps::colon_hex(std::string(reinterpret_cast<char*>(out), size));
}

} // namespace

TEST_CASE("fingerprints match OpenSSL's digests for RSA and ECDSA certificates", "[certs]")
{
    auto rsa = test::make_rsa_key(2048);
    auto ec = test::make_ec_key();
    for (EVP_PKEY* key : {rsa.get(), ec.get()}) {
        auto cert = test::make_certificate({}, *key);
        for (auto digest : {FingerprintDigest::md5, FingerprintDigest::sha1,
                            FingerprintDigest::sha256, FingerprintDigest::sha512}) {
            const char* name = maps::fingerprint_digest_name(digest);
            auto certificate_print = maps::fingerprint(*cert, digest, FingerprintKind::certificate);
            REQUIRE(certificate_print);
            CHECK(*certificate_print == reference(*cert, name, false));
            CHECK(maps::fingerprint_byte_count(*certificate_print) ==
                  maps::fingerprint_digest_bytes(digest));
            auto key_print = maps::fingerprint(*cert, digest, FingerprintKind::public_key);
            REQUIRE(key_print);
            CHECK(*key_print == reference(*cert, name, true));
            CHECK(*key_print != *certificate_print);
        }
    }
}

TEST_CASE("public-key fingerprints survive re-issuing a certificate", "[certs]")
{
    auto key = test::make_ec_key();
    test::CertificateSpec first;
    first.common_name = "one";
    test::CertificateSpec second;
    second.common_name = "two";
    auto a = test::make_certificate(first, *key);
    auto b = test::make_certificate(second, *key);
    CHECK(maps::fingerprint(*a, FingerprintDigest::sha256, FingerprintKind::public_key).value() ==
          maps::fingerprint(*b, FingerprintDigest::sha256, FingerprintKind::public_key).value());
    CHECK(maps::fingerprint(*a, FingerprintDigest::sha256, FingerprintKind::certificate).value() !=
          maps::fingerprint(*b, FingerprintDigest::sha256, FingerprintKind::certificate).value());
}

TEST_CASE("colon hex is upper case, two digits per byte", "[certs]")
{
    CHECK(maps::colon_hex(std::string("\x00\x0a\xff\x57", 4)) == "00:0A:FF:57");
    CHECK(maps::colon_hex("") == "");
}

TEST_CASE("fingerprint-shaped text is measured in bytes", "[certs]")
{
    CHECK(maps::fingerprint_byte_count("57:8E:95:63:67:CD:2B:96:7C:0A:3A:61:46:A5:95:EA") == 16u);
    CHECK(maps::fingerprint_byte_count("57:8e:95") == 3u);
    CHECK(maps::fingerprint_byte_count("AB") == 1u);
    CHECK_FALSE(maps::fingerprint_byte_count("578E9563"));
    CHECK_FALSE(maps::fingerprint_byte_count("57:8E:9"));
    CHECK_FALSE(maps::fingerprint_byte_count("57-8E-95"));
    CHECK_FALSE(maps::fingerprint_byte_count("5G:8E"));
    CHECK_FALSE(maps::fingerprint_byte_count(":57:8E"));
    CHECK_FALSE(maps::fingerprint_byte_count(""));
    CHECK(maps::digests_of_size(16) == std::vector<FingerprintDigest>{FingerprintDigest::md5});
    CHECK(maps::digests_of_size(32) == std::vector<FingerprintDigest>{FingerprintDigest::sha256});
    CHECK(maps::digests_of_size(64) == std::vector<FingerprintDigest>{FingerprintDigest::sha512});
    CHECK(maps::digests_of_size(20) == std::vector<FingerprintDigest>{FingerprintDigest::sha1});
    CHECK(maps::digests_of_size(17).empty());
    CHECK(maps::parse_fingerprint_digest("SHA256") == FingerprintDigest::sha256);
    CHECK(maps::parse_fingerprint_digest("md5") == FingerprintDigest::md5);
    CHECK_FALSE(maps::parse_fingerprint_digest("sha3-256"));
    CHECK(maps::normalize_fingerprint("ab:cd") == "AB:CD");
}

TEST_CASE("labels prefer the email address, then the common name", "[certs]")
{
    auto key = test::make_ec_key();
    test::CertificateSpec with_email;
    with_email.common_name = "Kyle Dent";
    with_email.email = "kdent@ora.com";
    CHECK(maps::fingerprint_label(*test::make_certificate(with_email, *key)) == "kdent@ora.com");
    test::CertificateSpec name_only;
    name_only.common_name = "  host\n\tname  ";
    CHECK(maps::fingerprint_label(*test::make_certificate(name_only, *key)) == "host name");
}
