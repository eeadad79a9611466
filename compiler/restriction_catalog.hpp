// Every smtpd access restriction Postfix 3.7 knows (smtpd_check.c, postconf(5)), with the argument
// it consumes, the part of the SMTP dialogue it examines and how it can end a restriction list.
// The catalog is what the restriction-list checks and the open-relay analysis reason from; names
// are matched case-insensitively, as smtpd does. Restriction classes are not here: they are
// user-defined (smtpd_restriction_classes) and resolved by the checks.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace mf::compiler {

// A stable number per restriction: the snapshot stores it and mfd switches on it, so the
// values are part of the snapshot format (man/mf-snapshot.5): add new ones at the end, never
// renumber. `none` (0) marks an entry that is not a built-in restriction.
enum class RestrictionId : std::uint16_t {
    none = 0,
    permit = 1,
    reject = 2,
    defer = 3,
    defer_if_permit = 4,
    defer_if_reject = 5,
    warn_if_reject = 6,
    reject_unauth_pipelining = 7,
    check_policy_service = 8,
    sleep = 9,
    reject_plaintext_session = 10,
    reject_unknown_client_hostname = 11,
    reject_unknown_client = 12,
    reject_unknown_reverse_client_hostname = 13,
    permit_inet_interfaces = 14,
    permit_mynetworks = 15,
    permit_sasl_authenticated = 16,
    permit_tls_clientcerts = 17,
    permit_tls_all_clientcerts = 18,
    check_client_access = 19,
    check_reverse_client_hostname_access = 20,
    check_ccert_access = 21,
    check_sasl_access = 22,
    check_client_a_access = 23,
    check_client_mx_access = 24,
    check_client_ns_access = 25,
    check_reverse_client_hostname_a_access = 26,
    check_reverse_client_hostname_mx_access = 27,
    check_reverse_client_hostname_ns_access = 28,
    reject_rbl_client = 29,
    reject_rbl = 30,
    reject_maps_rbl = 31,
    permit_dnswl_client = 32,
    reject_rhsbl_client = 33,
    permit_rhswl_client = 34,
    reject_rhsbl_reverse_client = 35,
    check_helo_access = 36,
    check_helo_a_access = 37,
    check_helo_mx_access = 38,
    check_helo_ns_access = 39,
    reject_invalid_helo_hostname = 40,
    reject_invalid_hostname = 41,
    reject_unknown_helo_hostname = 42,
    reject_unknown_hostname = 43,
    reject_non_fqdn_helo_hostname = 44,
    reject_non_fqdn_hostname = 45,
    reject_rhsbl_helo = 46,
    permit_naked_ip_address = 47,
    check_sender_access = 48,
    check_sender_a_access = 49,
    check_sender_mx_access = 50,
    check_sender_ns_access = 51,
    reject_non_fqdn_sender = 52,
    reject_unknown_sender_domain = 53,
    reject_unknown_address = 54,
    reject_unlisted_sender = 55,
    reject_unverified_sender = 56,
    reject_rhsbl_sender = 57,
    reject_sender_login_mismatch = 58,
    reject_authenticated_sender_login_mismatch = 59,
    reject_known_sender_login_mismatch = 60,
    reject_unauthenticated_sender_login_mismatch = 61,
    check_recipient_access = 62,
    check_recipient_a_access = 63,
    check_recipient_mx_access = 64,
    check_recipient_ns_access = 65,
    permit_auth_destination = 66,
    permit_mx_backup = 67,
    reject_unauth_destination = 68,
    defer_unauth_destination = 69,
    check_relay_domains = 70,
    reject_non_fqdn_recipient = 71,
    reject_unknown_recipient_domain = 72,
    reject_unlisted_recipient = 73,
    check_recipient_maps = 74,
    reject_unverified_recipient = 75,
    reject_rhsbl_recipient = 76,
    reject_multi_recipient_bounce = 77,
    check_etrn_access = 78,
};
inline constexpr std::uint16_t last_restriction_id = 78;

// The token a restriction takes from the list after its own name.
enum class RestrictionArgument {
    none,
    table,          // check_*_access type:table (or a { type:table, { search_order = ... } } group)
    dnsxl_domain,   // reject_rbl_client zen.example.org[=127.0.0.2]
    policy_service, // check_policy_service inet:host:port | unix:private/x | { ... }
    seconds,        // sleep 5
};

// What a restriction examines; decides in which lists it can have any effect.
enum class RestrictionSubject { any, client, helo, sender, recipient, etrn };

// The smtpd restriction lists, in the order smtpd evaluates them.
enum class RestrictionList { client, helo, sender, relay, recipient, data, end_of_data, etrn };

struct RestrictionInfo {
    RestrictionId id = RestrictionId::none;
    std::string_view name;
    RestrictionArgument argument = RestrictionArgument::none;
    RestrictionSubject subject = RestrictionSubject::any;
    // Ends the list whatever the request: permit, reject, defer, check_relay_domains.
    bool always_decides = false;
    // `permit`: accepts every request that reaches it.
    bool permits_all = false;
    // Can accept (return OK) for some requests: permit_mynetworks, check_client_access...
    bool may_permit = false;
    // One of the "working instances" smtpd demands in smtpd_relay_restrictions or
    // smtpd_recipient_restrictions: it refuses mail for unauthorised destinations.
    bool guards_relay = false;
    // warn_if_reject: changes the next restriction's reject into a logged warning.
    bool modifies_next = false;
    // smtpd logs a deprecation warning when it runs this restriction.
    bool deprecated = false;
    // The current name when this one is an older spelling, or what replaces a deprecated one.
    std::string_view preferred;
};

const RestrictionInfo* find_restriction(std::string_view name);
const RestrictionInfo* find_restriction(RestrictionId id); // nullptr for none or an unknown value
std::span<const RestrictionInfo> all_restrictions();

// The main.cf parameter that holds a list ("smtpd_recipient_restrictions").
std::string_view restriction_list_parameter(RestrictionList list);
std::optional<RestrictionList> restriction_list_for_parameter(std::string_view parameter);
std::span<const RestrictionList> all_restriction_lists();

// The access restriction a bare `type:table` stands for in this list (smtpd's default ACL);
// empty for smtpd_data_restrictions and smtpd_end_of_data_restrictions, which have none.
std::string_view default_access_restriction(RestrictionList list);

enum class Applicability {
    effective,          // has an effect in this list
    needs_delay_reject, // only when smtpd_delay_reject = yes defers the list to RCPT TO time
    never,              // what it examines never exists when this list runs
};
Applicability applicability(RestrictionSubject subject, RestrictionList list);

std::string_view subject_name(RestrictionSubject subject);

} // namespace mf::compiler
