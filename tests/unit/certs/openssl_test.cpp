// util/openssl: PEM block inventory with lines, encrypted keys detected without prompting,
// DER and PKCS#12 loading, passphrase sources, and the inspection helpers.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <ctime>

#include "tests/unit/certs/test_pki.hpp"
#include "util/openssl.hpp"

using namespace mf;

TEST_CASE("read_pem_objects lists blocks in order with their lines", "[certs]")
{
    auto key = test::make_ec_key();
    test::CertificateSpec spec;
    spec.common_name = "mail.example.com";
    auto cert = test::make_certificate(spec, *key);
    std::string text = "# a comment line\n" + test::pem_of(*key) + "junk between\n" +
                       test::pem_of(*cert) + "-----BEGIN X509 CRL-----\nAAAA\n-----END X509 CRL-----\n";
    auto objects = openssl::read_pem_objects(text);
    REQUIRE(objects.size() == 3);
    CHECK(objects[0].kind == openssl::PemKind::private_key);
    CHECK(objects[0].line == 2);
    CHECK(objects[1].kind == openssl::PemKind::certificate);
    CHECK(objects[1].line > objects[0].line + 2);
    CHECK(objects[2].kind == openssl::PemKind::other);
    CHECK(openssl::key_matches_certificate(*objects[0].private_key, *objects[1].certificate));
}

TEST_CASE("an encrypted key is recognised, never decrypted or prompted for", "[certs]")
{
    auto key = test::make_ec_key();
    auto objects = openssl::read_pem_objects(test::encrypted_pem_of(*key, "secret"));
    REQUIRE(objects.size() == 1);
    CHECK(objects[0].kind == openssl::PemKind::encrypted_private_key);
    CHECK_FALSE(objects[0].private_key);
}

TEST_CASE("damaged PEM blocks are reported, not crashed on", "[certs]")
{
    auto objects = openssl::read_pem_objects(
        "-----BEGIN CERTIFICATE-----\n!!!not base64!!!\n-----END CERTIFICATE-----\n"
        "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"
        "-----BEGIN CERTIFICATE-----\nAAAA\n");
    REQUIRE(objects.size() == 3);
    CHECK(objects[0].kind == openssl::PemKind::malformed);
    CHECK(objects[1].kind == openssl::PemKind::malformed);
    CHECK(objects[2].kind == openssl::PemKind::malformed);
    CHECK(objects[2].problem == "no END line");
    CHECK(openssl::read_pem_objects("no pem here at all\n").empty());
    CHECK(openssl::read_pem_objects("").empty());
}

TEST_CASE("read_certificates reads PEM bundles, DER and PKCS#12", "[certs]")
{
    auto ca_key = test::make_ec_key();
    test::CertificateSpec ca_spec;
    ca_spec.common_name = "Test CA";
    ca_spec.ca = true;
    auto ca = test::make_certificate(ca_spec, *ca_key);
    auto key = test::make_ec_key();
    test::CertificateSpec spec;
    spec.common_name = "client";
    auto cert = test::make_certificate(spec, *key, ca.get(), ca_key.get());

    auto pem = openssl::read_certificates(test::pem_of(*cert) + test::pem_of(*ca), "b.pem", {});
    REQUIRE(pem);
    CHECK(pem->encoding == openssl::CertificateEncoding::pem);
    REQUIRE(pem->certificates.size() == 2);
    CHECK(X509_cmp(pem->certificates[0].get(), cert.get()) == 0);

    auto der = openssl::read_certificates(test::der_bytes_of(*cert), "c.der", {});
    REQUIRE(der);
    CHECK(der->encoding == openssl::CertificateEncoding::der);
    REQUIRE(der->certificates.size() == 1);
    CHECK(X509_cmp(der->certificates[0].get(), cert.get()) == 0);

    std::string p12 = test::pkcs12_of(*key, *cert, "pw", {ca.get()});
    auto wrong = openssl::read_certificates(p12, "c.p12", std::string("nope"));
    REQUIRE_FALSE(wrong);
    CHECK(wrong.error().message.find("passphrase") != std::string::npos);
    REQUIRE_FALSE(openssl::read_certificates(p12, "c.p12", {}));
    auto right = openssl::read_certificates(p12, "c.p12", std::string("pw"));
    REQUIRE(right);
    CHECK(right->encoding == openssl::CertificateEncoding::pkcs12);
    REQUIRE(right->certificates.size() == 2);
    CHECK(X509_cmp(right->certificates[0].get(), cert.get()) == 0);

    auto empty_password = openssl::read_certificates(test::pkcs12_of(*key, *cert, ""), "e.p12", {});
    REQUIRE(empty_password);
    CHECK(empty_password->certificates.size() == 1);

    auto garbage = openssl::read_certificates(std::string("\x01\x02garbage", 9), "g.bin", {});
    REQUIRE_FALSE(garbage);
    CHECK(garbage.error().message.find("g.bin") == 0);
    auto key_only = openssl::read_certificates(test::pem_of(*key), "k.pem", {});
    REQUIRE_FALSE(key_only);
    CHECK(key_only.error().message.find("no certificate") != std::string::npos);
}

TEST_CASE("passphrase sources follow openssl's -passin spelling", "[certs]")
{
    test::TemporaryDirectory dir;
    test::write_file(dir.file("pw"), "from-file\nsecond line\n");
    ::setenv("MF_TEST_PASSPHRASE", "from-env", 1);
    CHECK(openssl::resolve_passphrase("pass:literal").value() == "literal");
    CHECK(openssl::resolve_passphrase("env:MF_TEST_PASSPHRASE").value() == "from-env");
    CHECK(openssl::resolve_passphrase("file:" + dir.file("pw")).value() == "from-file");
    CHECK_FALSE(openssl::resolve_passphrase("env:MF_TEST_NOT_SET_ANYWHERE"));
    CHECK_FALSE(openssl::resolve_passphrase("file:" + dir.file("missing")));
    CHECK_FALSE(openssl::resolve_passphrase("stdin"));
    CHECK_FALSE(openssl::resolve_passphrase("fd:3"));
}

TEST_CASE("inspection helpers read names, validity, issuers and key strength", "[certs]")
{
    auto ca_key = test::make_rsa_key(1024);
    test::CertificateSpec ca_spec;
    ca_spec.common_name = "Weak CA";
    ca_spec.ca = true;
    ca_spec.digest = "sha1";
    auto ca = test::make_certificate(ca_spec, *ca_key);
    auto key = test::make_ec_key();
    test::CertificateSpec spec;
    spec.common_name = "mail.example.com";
    spec.email = "postmaster@example.com";
    spec.dns_names = {"mail.example.com", "*.example.net"};
    spec.valid_until_seconds = 10 * 86400;
    auto cert = test::make_certificate(spec, *key, ca.get(), ca_key.get());

    CHECK(openssl::subject_common_name(*cert).value() == "mail.example.com");
    CHECK(openssl::email_addresses(*cert) == std::vector<std::string>{"postmaster@example.com"});
    CHECK(openssl::dns_names(*cert) ==
          std::vector<std::string>{"mail.example.com", "*.example.net"});
    CHECK(openssl::subject_line(*cert).find("CN=mail.example.com") != std::string::npos);
    CHECK(openssl::issuer_line(*cert).find("CN=Weak CA") != std::string::npos);
    std::int64_t now = std::time(nullptr);
    CHECK(openssl::not_after(*cert) > now + 9 * 86400);
    CHECK(openssl::not_after(*cert) < now + 11 * 86400);
    CHECK(openssl::not_before(*cert) < now);
    CHECK(openssl::issued_by(*cert, *ca));
    CHECK_FALSE(openssl::issued_by(*ca, *cert));
    CHECK(openssl::is_ca(*ca));
    CHECK_FALSE(openssl::is_ca(*cert));
    CHECK(openssl::is_self_issued(*ca));
    CHECK_FALSE(openssl::is_self_issued(*cert));
    CHECK(openssl::key_type_name(*ca_key) == "RSA");
    CHECK(openssl::key_bits(*ca_key) == 1024);
    CHECK(openssl::signature_digest_name(*ca) == "sha1");
    CHECK(openssl::signature_digest_name(*cert) == "sha256");
    CHECK_FALSE(openssl::key_matches_certificate(*ca_key, *cert));
    CHECK(openssl::key_matches_certificate(*key, *cert));
    auto key_again = openssl::read_pem_objects(openssl::pem_of_private_key(*key));
    REQUIRE(key_again.size() == 1);
    CHECK(EVP_PKEY_eq(key_again[0].private_key.get(), key.get()) == 1);
    auto cert_again = openssl::read_pem_objects(openssl::pem_of_certificate(*cert));
    REQUIRE(cert_again.size() == 1);
    CHECK(X509_cmp(cert_again[0].certificate.get(), cert.get()) == 0);
}
