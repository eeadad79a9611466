// LDAP URLs as OpenLDAP 2.5's ldap_url_parse() reads them (test 95 compares each verdict with
// real postmap's ldap: client in the same run).
#include <catch2/catch.hpp>

#include "compiler/ldap_url.hpp"

using namespace mf::compiler;

namespace {

int error_of(std::string_view url)
{
    const std::optional<LdapUrl> parsed = parse_ldap_url(url);
    REQUIRE(parsed);
    return parsed->error;
}

} // namespace

TEST_CASE("ldap urls: what is no URL at all", "[ldap_url]")
{
    CHECK_FALSE(parse_ldap_url("ldap.example.com"));
    CHECK_FALSE(parse_ldap_url("ldap.example.com:389"));
    CHECK_FALSE(parse_ldap_url("ldapx://host"));
    CHECK(parse_ldap_url("LDAPS://host")->scheme == "ldaps");
    CHECK(parse_ldap_url("<URL:pldap://host>")->scheme == "pldap");
}

TEST_CASE("ldap urls: the library's verdicts", "[ldap_url]")
{
    CHECK(error_of("ldap://host") == 0);
    CHECK(error_of("ldap://host:+389/dc=example?mail,cn?SubTree?(mail=x)?!ext") == 0);
    CHECK(error_of("ldap://[2001:db8::1]:389") == 0);
    CHECK(error_of("ldapi://%2fvar%2frun%2fslapd") == 0);
    CHECK(error_of("<ldap://host") == 4);
    CHECK(error_of("ldap://host:") == 5);
    CHECK(error_of("ldap://host:38x") == 5);
    CHECK(error_of("ldap://host:%zz") == 5);
    CHECK(error_of("ldap://[::1") == 5);
    CHECK(error_of("ldap://[::1]x:389") == 5);
    CHECK(error_of("ldap://host/dn?a?sub?(x)?e?more") == 5);
    CHECK(error_of("ldap://host/dn??wide") == 8);
    CHECK(error_of("ldap://host/dn???%zz") == 9);
    CHECK(error_of("ldap://host/dn????") == 10);
    CHECK(ldap_url_error_text(5) == "Compare False");
}
