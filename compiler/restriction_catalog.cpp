// The smtpd restriction catalog (see restriction_catalog.hpp). Names, arguments and aliases were
// checked against Postfix 3.7.11's smtpd: an unlisted name makes smtpd log "unknown smtpd
// restriction" and answer 451 4.3.5 to every request that reaches it.
#include "compiler/restriction_catalog.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace mf::compiler {

namespace {

using A = RestrictionArgument;
using S = RestrictionSubject;

constexpr RestrictionInfo plain(std::string_view name, S subject)
{
    RestrictionInfo info;
    info.name = name;
    info.subject = subject;
    return info;
}
constexpr RestrictionInfo with_arg(std::string_view name, S subject, A argument)
{
    RestrictionInfo info = plain(name, subject);
    info.argument = argument;
    return info;
}
constexpr RestrictionInfo permitting(RestrictionInfo info)
{
    info.may_permit = true;
    return info;
}
constexpr RestrictionInfo guarding(RestrictionInfo info)
{
    info.guards_relay = true;
    return info;
}
constexpr RestrictionInfo deciding(RestrictionInfo info)
{
    info.always_decides = true;
    return info;
}
constexpr RestrictionInfo alias_of(RestrictionInfo info, std::string_view preferred)
{
    info.preferred = preferred;
    return info;
}
constexpr RestrictionInfo deprecated(RestrictionInfo info, std::string_view replacement)
{
    info.deprecated = true;
    info.preferred = replacement;
    return info;
}

constexpr RestrictionInfo permit_all()
{
    RestrictionInfo info = plain("permit", S::any);
    info.always_decides = true;
    info.permits_all = true;
    info.may_permit = true;
    return info;
}
constexpr RestrictionInfo warn_if_reject()
{
    RestrictionInfo info = plain("warn_if_reject", S::any);
    info.modifies_next = true;
    return info;
}

const auto restrictions = std::to_array<RestrictionInfo>({
    // Generic restrictions, valid in every list.
    permit_all(),
    guarding(deciding(plain("reject", S::any))),
    guarding(deciding(plain("defer", S::any))),
    guarding(plain("defer_if_permit", S::any)),
    plain("defer_if_reject", S::any),
    warn_if_reject(),
    plain("reject_unauth_pipelining", S::any),
    permitting(with_arg("check_policy_service", S::any, A::policy_service)),
    with_arg("sleep", S::any, A::seconds),
    plain("reject_plaintext_session", S::any),

    // Client name, address and credentials.
    plain("reject_unknown_client_hostname", S::client),
    alias_of(plain("reject_unknown_client", S::client), "reject_unknown_client_hostname"),
    plain("reject_unknown_reverse_client_hostname", S::client),
    permitting(plain("permit_inet_interfaces", S::client)),
    permitting(plain("permit_mynetworks", S::client)),
    permitting(plain("permit_sasl_authenticated", S::client)),
    permitting(plain("permit_tls_clientcerts", S::client)),
    permitting(plain("permit_tls_all_clientcerts", S::client)),
    permitting(with_arg("check_client_access", S::client, A::table)),
    with_arg("check_reverse_client_hostname_access", S::client, A::table),
    permitting(with_arg("check_ccert_access", S::client, A::table)),
    permitting(with_arg("check_sasl_access", S::client, A::table)),
    with_arg("check_client_a_access", S::client, A::table),
    with_arg("check_client_mx_access", S::client, A::table),
    with_arg("check_client_ns_access", S::client, A::table),
    with_arg("check_reverse_client_hostname_a_access", S::client, A::table),
    with_arg("check_reverse_client_hostname_mx_access", S::client, A::table),
    with_arg("check_reverse_client_hostname_ns_access", S::client, A::table),
    with_arg("reject_rbl_client", S::client, A::dnsxl_domain),
    alias_of(with_arg("reject_rbl", S::client, A::dnsxl_domain), "reject_rbl_client"),
    deprecated(plain("reject_maps_rbl", S::client), "reject_rbl_client domain-name"),
    permitting(with_arg("permit_dnswl_client", S::client, A::dnsxl_domain)),
    with_arg("reject_rhsbl_client", S::client, A::dnsxl_domain),
    permitting(with_arg("permit_rhswl_client", S::client, A::dnsxl_domain)),
    with_arg("reject_rhsbl_reverse_client", S::client, A::dnsxl_domain),

    // HELO/EHLO hostname.
    permitting(with_arg("check_helo_access", S::helo, A::table)),
    with_arg("check_helo_a_access", S::helo, A::table),
    with_arg("check_helo_mx_access", S::helo, A::table),
    with_arg("check_helo_ns_access", S::helo, A::table),
    plain("reject_invalid_helo_hostname", S::helo),
    alias_of(plain("reject_invalid_hostname", S::helo), "reject_invalid_helo_hostname"),
    plain("reject_unknown_helo_hostname", S::helo),
    alias_of(plain("reject_unknown_hostname", S::helo), "reject_unknown_helo_hostname"),
    plain("reject_non_fqdn_helo_hostname", S::helo),
    alias_of(plain("reject_non_fqdn_hostname", S::helo), "reject_non_fqdn_helo_hostname"),
    with_arg("reject_rhsbl_helo", S::helo, A::dnsxl_domain),
    permitting(deprecated(plain("permit_naked_ip_address", S::helo),
                          "permit_mynetworks or permit_sasl_authenticated")),

    // MAIL FROM sender address.
    permitting(with_arg("check_sender_access", S::sender, A::table)),
    with_arg("check_sender_a_access", S::sender, A::table),
    with_arg("check_sender_mx_access", S::sender, A::table),
    with_arg("check_sender_ns_access", S::sender, A::table),
    plain("reject_non_fqdn_sender", S::sender),
    plain("reject_unknown_sender_domain", S::sender),
    alias_of(plain("reject_unknown_address", S::sender), "reject_unknown_sender_domain"),
    plain("reject_unlisted_sender", S::sender),
    plain("reject_unverified_sender", S::sender),
    with_arg("reject_rhsbl_sender", S::sender, A::dnsxl_domain),
    plain("reject_sender_login_mismatch", S::sender),
    plain("reject_authenticated_sender_login_mismatch", S::sender),
    plain("reject_known_sender_login_mismatch", S::sender),
    plain("reject_unauthenticated_sender_login_mismatch", S::sender),

    // RCPT TO recipient address.
    permitting(with_arg("check_recipient_access", S::recipient, A::table)),
    with_arg("check_recipient_a_access", S::recipient, A::table),
    with_arg("check_recipient_mx_access", S::recipient, A::table),
    with_arg("check_recipient_ns_access", S::recipient, A::table),
    permitting(plain("permit_auth_destination", S::recipient)),
    permitting(plain("permit_mx_backup", S::recipient)),
    guarding(plain("reject_unauth_destination", S::recipient)),
    guarding(plain("defer_unauth_destination", S::recipient)),
    permitting(guarding(deciding(alias_of(plain("check_relay_domains", S::recipient),
                                          "permit_auth_destination, reject_unauth_destination")))),
    plain("reject_non_fqdn_recipient", S::recipient),
    plain("reject_unknown_recipient_domain", S::recipient),
    plain("reject_unlisted_recipient", S::recipient),
    alias_of(plain("check_recipient_maps", S::recipient), "reject_unlisted_recipient"),
    plain("reject_unverified_recipient", S::recipient),
    with_arg("reject_rhsbl_recipient", S::recipient, A::dnsxl_domain),
    plain("reject_multi_recipient_bounce", S::recipient),

    // ETRN domain.
    permitting(with_arg("check_etrn_access", S::etrn, A::table)),
});

bool iequal(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

constexpr auto lists = std::to_array<RestrictionList>({
    RestrictionList::client,
    RestrictionList::helo,
    RestrictionList::sender,
    RestrictionList::relay,
    RestrictionList::recipient,
    RestrictionList::data,
    RestrictionList::end_of_data,
    RestrictionList::etrn,
});

} // namespace

const RestrictionInfo* find_restriction(std::string_view name)
{
    for (const auto& info : restrictions)
        if (iequal(info.name, name))
            return &info;
    return nullptr;
}

std::span<const RestrictionInfo> all_restrictions() { return restrictions; }

std::string_view restriction_list_parameter(RestrictionList list)
{
    switch (list) {
    case RestrictionList::client:
        return "smtpd_client_restrictions";
    case RestrictionList::helo:
        return "smtpd_helo_restrictions";
    case RestrictionList::sender:
        return "smtpd_sender_restrictions";
    case RestrictionList::relay:
        return "smtpd_relay_restrictions";
    case RestrictionList::recipient:
        return "smtpd_recipient_restrictions";
    case RestrictionList::data:
        return "smtpd_data_restrictions";
    case RestrictionList::end_of_data:
        return "smtpd_end_of_data_restrictions";
    case RestrictionList::etrn:
        return "smtpd_etrn_restrictions";
    }
    return "";
}

std::optional<RestrictionList> restriction_list_for_parameter(std::string_view parameter)
{
    for (auto list : lists)
        if (restriction_list_parameter(list) == parameter)
            return list;
    return std::nullopt;
}

std::span<const RestrictionList> all_restriction_lists() { return lists; }

std::string_view default_access_restriction(RestrictionList list)
{
    switch (list) {
    case RestrictionList::client:
        return "check_client_access";
    case RestrictionList::helo:
        return "check_helo_access";
    case RestrictionList::sender:
        return "check_sender_access";
    case RestrictionList::relay:
    case RestrictionList::recipient:
        return "check_recipient_access";
    case RestrictionList::etrn:
        return "check_etrn_access";
    case RestrictionList::data:
    case RestrictionList::end_of_data:
        return "";
    }
    return "";
}

Applicability applicability(RestrictionSubject subject, RestrictionList list)
{
    using L = RestrictionList;
    switch (subject) {
    case S::any:
    case S::client:
        return Applicability::effective;
    case S::helo:
        // Client restrictions run at connect time unless smtpd_delay_reject postpones them.
        return list == L::client ? Applicability::needs_delay_reject : Applicability::effective;
    case S::sender:
    case S::recipient:
        if (list == L::etrn)
            return Applicability::never; // ETRN is refused inside a mail transaction
        if (list == L::client || list == L::helo ||
            (subject == S::recipient && list == L::sender))
            return Applicability::needs_delay_reject;
        return Applicability::effective;
    case S::etrn:
        if (list == L::etrn)
            return Applicability::effective;
        if (list == L::client || list == L::helo)
            return Applicability::needs_delay_reject;
        return Applicability::never;
    }
    return Applicability::effective;
}

std::string_view subject_name(RestrictionSubject subject)
{
    switch (subject) {
    case S::any:
        return "any request";
    case S::client:
        return "the client";
    case S::helo:
        return "the HELO/EHLO hostname";
    case S::sender:
        return "the MAIL FROM sender";
    case S::recipient:
        return "the RCPT TO recipient";
    case S::etrn:
        return "the ETRN domain";
    }
    return "";
}

} // namespace mf::compiler
