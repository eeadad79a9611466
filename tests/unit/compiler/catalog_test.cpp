// The generated catalog: sorted (binary search relies on it), complete, and typed as the data.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string_view>

#include "compiler/catalog.hpp"
#include "compiler/configuration.hpp"

using namespace mf::compiler;

TEST_CASE("catalog is sorted and holds Postfix 3.7's built-in parameters", "[compiler][catalog]")
{
    const auto all = all_parameters();
    CHECK(all.size() == 831);
    CHECK(std::is_sorted(all.begin(), all.end(), [](const CatalogEntry& a, const CatalogEntry& b) {
        return std::string_view(a.name) < std::string_view(b.name);
    }));
    for (const CatalogEntry& entry : all)
        CHECK(find_parameter(entry.name) == &entry);
    CHECK_FALSE(find_parameter(""));
    CHECK_FALSE(find_parameter("smtpd_tls_cert_fil"));
    CHECK_FALSE(find_parameter("smtpd_tls_cert_filex"));
    CHECK_FALSE(find_parameter("Smtpd_tls_cert_file"));
    const auto suffixes = transport_suffixes();
    CHECK(std::is_sorted(suffixes.begin(), suffixes.end(),
                         [](const CatalogEntry& a, const CatalogEntry& b) {
                             return std::string_view(a.name) < std::string_view(b.name);
                         }));
}

TEST_CASE("catalog types, defaults, bounds and units", "[compiler][catalog]")
{
    const CatalogEntry* entry = find_parameter("smtpd_use_tls");
    REQUIRE(entry);
    CHECK(entry->type == ParamType::boolean);
    entry = find_parameter("maximal_queue_lifetime");
    REQUIRE(entry);
    CHECK(entry->type == ParamType::time);
    CHECK(entry->time_unit == 'd');
    entry = find_parameter("hash_queue_depth");
    REQUIRE(entry);
    CHECK(entry->type == ParamType::integer);
    CHECK(entry->min == 1);
    entry = find_parameter("message_size_limit");
    REQUIRE(entry);
    CHECK(entry->type == ParamType::size);
    CHECK(find_parameter("mailbox_command")->type == ParamType::raw_string);
    CHECK(find_parameter("smtpd_recipient_restrictions")->type == ParamType::restriction_list);
    CHECK(find_parameter("alias_maps")->type == ParamType::table_list);
    CHECK(find_parameter("smtpd_tls_security_level")->type == ParamType::enumeration);
    CHECK(std::string_view(find_parameter("smtpd_tls_fingerprint_digest")->default_value) ==
          "${{$compatibility_level} <level {3.6} ? {md5} : {sha256}}");
    CHECK(find_parameter("config_directory"));
    CHECK_FALSE(find_parameter("smtp_destination_concurrency_limit")); // derived from master.cf
    CHECK(find_transport_suffix("destination_concurrency_limit"));
    CHECK(is_delivery_agent("pipe"));
    CHECK_FALSE(is_delivery_agent("smtpd"));
}

TEST_CASE("defaults expanded at build time are what mfcc expands", "[compiler][catalog]")
{
    // postconf -dx expanded these; a configuration that sets nothing must agree, and each must
    // list what it reads (here: a default that reads another default).
    DiagnosticSink sink;
    const Configuration config = configuration_from_text("main.cf", "", "master.cf", "", sink);
    std::size_t expanded = 0;
    for (const CatalogEntry& entry : all_parameters()) {
        const ExpandedDefault* prepared = expanded_default(entry);
        if (!prepared)
            continue;
        ++expanded;
        INFO(entry.name);
        CHECK(config.expand(entry.name) == prepared->expansion);
        CHECK(entry.default_value.find('$') != std::string_view::npos);
    }
    CHECK(expanded > 100);
    const ExpandedDefault* relay = expanded_default(*find_parameter("address_verify_relay_transport"));
    REQUIRE(relay);
    CHECK(relay->depends_on == "relay_transport");
    CHECK_FALSE(expanded_default(*find_parameter("smtpd_banner"))); // reads myhostname
    CHECK_FALSE(expanded_default(*find_parameter("maximal_queue_lifetime"))); // no `$`
}
