// mfmap's settings come from the compiler's configuration reader: references, conditionals and
// compatibility_level defaults are evaluated as postconf -x does (integration test 24 compares
// with postconf itself); values postmap would refuse are errors.
#include <catch2/catch.hpp>

#include "compiler/map_settings.hpp"

namespace {

mf::Result<mf::maps::MapConfig> settings(const std::string& main_cf)
{
    mf::compiler::DiagnosticSink sink;
    return mf::compiler::map_settings_of(
        mf::compiler::configuration_from_text("main.cf", main_cf, "", "", sink));
}

} // namespace

TEST_CASE("map settings follow references and compatibility_level", "[postmap][settings]")
{
    auto defaults = settings("");
    REQUIRE(defaults);
    CHECK(defaults->default_database_type == "hash");
    CHECK_FALSE(defaults->smtputf8_enable);
    CHECK(defaults->fingerprint_digest == "md5");
    CHECK(defaults->fingerprint_digest_origin.empty());
    CHECK(defaults->header_size_limit == 102400);

    auto modern = settings("compatibility_level = 3.7\n");
    REQUIRE(modern);
    CHECK(modern->smtputf8_enable);
    CHECK(modern->fingerprint_digest == "sha256");

    auto referenced = settings("mytype = cdb\ndefault_database_type = $mytype\n"
                               "level = 3.6\ncompatibility_level = ${level}\n"
                               "limit = 30\nheader_size_limit = $limit\n"
                               "strong = sha512\n\nsmtpd_tls_fingerprint_digest = $strong\n");
    REQUIRE(referenced);
    CHECK(referenced->default_database_type == "cdb");
    CHECK(referenced->smtputf8_enable);
    CHECK(referenced->header_size_limit == 30);
    CHECK(referenced->fingerprint_digest == "sha512");
    CHECK(referenced->fingerprint_digest_origin == "main.cf:9");
}

TEST_CASE("map settings postmap would refuse are errors", "[postmap][settings]")
{
    auto boolean = settings("smtputf8_enable = maybe\n");
    REQUIRE_FALSE(boolean);
    CHECK(boolean.error().message == "bad boolean configuration: smtputf8_enable = maybe");
    auto number = settings("mime_nesting_limit = 10k\n");
    REQUIRE_FALSE(number);
    CHECK(number.error().message == "bad numerical configuration: mime_nesting_limit = 10k");
    CHECK(settings("smtputf8_enable = YES\n").value().smtputf8_enable);
}
