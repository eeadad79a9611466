// An LDAP URL as the LDAP client library Postfix's ldap: tables use (OpenLDAP 2.5's
// ldap_url_parse()) reads it: [<][URL:]{ldap,pldap,ldaps,pldaps,ldapi}://host[:port]
// [/dn[?attributes[?scope[?filter[?extensions]]]]][>]. dict_ldap skips, with an error at every
// open, each server_host URL the library cannot parse; a server_host entry without a scheme is
// no URL and is made into one.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mf::compiler {

struct LdapUrl {
    std::string scheme; // lower case: "ldap", "ldaps"...
    int error = 0;      // ldap_url_parse()'s LDAP_URL_ERR_* code; 0 when it parses
};

// nullopt when `text` is no LDAP URL (ldap_is_ldap_url()).
std::optional<LdapUrl> parse_ldap_url(std::string_view text);

// What ldap_err2string() says for an error code of parse_ldap_url(), as dict_ldap logs it.
std::string_view ldap_url_error_text(int error);

} // namespace mf::compiler
