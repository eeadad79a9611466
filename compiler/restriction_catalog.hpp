// Every smtpd access restriction Postfix 3.7 knows (smtpd_check.c, postconf(5)), with the argument
// it consumes, the part of the SMTP dialogue it examines and how it can end a restriction list.
// The catalog is what the restriction-list checks and the open-relay analysis reason from; names
// are matched case-insensitively, as smtpd does. Restriction classes are not here: they are
// user-defined (smtpd_restriction_classes) and resolved by the checks.
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace mf::compiler {

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
