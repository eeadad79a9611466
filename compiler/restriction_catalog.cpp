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
using I = RestrictionId;

constexpr RestrictionInfo plain(I id, std::string_view name, S subject)
{
    RestrictionInfo info;
    info.id = id;
    info.name = name;
    info.subject = subject;
    return info;
}
constexpr RestrictionInfo with_arg(I id, std::string_view name, S subject, A argument)
{
    RestrictionInfo info = plain(id, name, subject);
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
    RestrictionInfo info = plain(I::permit, "permit", S::any);
    info.always_decides = true;
    info.permits_all = true;
    info.may_permit = true;
    return info;
}
constexpr RestrictionInfo warn_if_reject()
{
    RestrictionInfo info = plain(I::warn_if_reject, "warn_if_reject", S::any);
    info.modifies_next = true;
    return info;
}

const auto restrictions = std::to_array<RestrictionInfo>({
    // Generic restrictions, valid in every list.
    permit_all(),
    guarding(deciding(plain(I::reject, "reject", S::any))),
    guarding(deciding(plain(I::defer, "defer", S::any))),
    guarding(plain(I::defer_if_permit, "defer_if_permit", S::any)),
    plain(I::defer_if_reject, "defer_if_reject", S::any),
    warn_if_reject(),
    plain(I::reject_unauth_pipelining, "reject_unauth_pipelining", S::any),
    permitting(with_arg(I::check_policy_service, "check_policy_service", S::any, A::policy_service)),
    with_arg(I::sleep, "sleep", S::any, A::seconds),
    plain(I::reject_plaintext_session, "reject_plaintext_session", S::any),

    // Client name, address and credentials.
    plain(I::reject_unknown_client_hostname, "reject_unknown_client_hostname", S::client),
    alias_of(plain(I::reject_unknown_client, "reject_unknown_client", S::client), "reject_unknown_client_hostname"),
    plain(I::reject_unknown_reverse_client_hostname, "reject_unknown_reverse_client_hostname", S::client),
    permitting(plain(I::permit_inet_interfaces, "permit_inet_interfaces", S::client)),
    permitting(plain(I::permit_mynetworks, "permit_mynetworks", S::client)),
    permitting(plain(I::permit_sasl_authenticated, "permit_sasl_authenticated", S::client)),
    permitting(plain(I::permit_tls_clientcerts, "permit_tls_clientcerts", S::client)),
    permitting(plain(I::permit_tls_all_clientcerts, "permit_tls_all_clientcerts", S::client)),
    permitting(with_arg(I::check_client_access, "check_client_access", S::client, A::table)),
    with_arg(I::check_reverse_client_hostname_access, "check_reverse_client_hostname_access", S::client, A::table),
    permitting(with_arg(I::check_ccert_access, "check_ccert_access", S::client, A::table)),
    permitting(with_arg(I::check_sasl_access, "check_sasl_access", S::client, A::table)),
    with_arg(I::check_client_a_access, "check_client_a_access", S::client, A::table),
    with_arg(I::check_client_mx_access, "check_client_mx_access", S::client, A::table),
    with_arg(I::check_client_ns_access, "check_client_ns_access", S::client, A::table),
    with_arg(I::check_reverse_client_hostname_a_access, "check_reverse_client_hostname_a_access", S::client, A::table),
    with_arg(I::check_reverse_client_hostname_mx_access, "check_reverse_client_hostname_mx_access", S::client, A::table),
    with_arg(I::check_reverse_client_hostname_ns_access, "check_reverse_client_hostname_ns_access", S::client, A::table),
    with_arg(I::reject_rbl_client, "reject_rbl_client", S::client, A::dnsxl_domain),
    alias_of(with_arg(I::reject_rbl, "reject_rbl", S::client, A::dnsxl_domain), "reject_rbl_client"),
    deprecated(plain(I::reject_maps_rbl, "reject_maps_rbl", S::client), "reject_rbl_client domain-name"),
    permitting(with_arg(I::permit_dnswl_client, "permit_dnswl_client", S::client, A::dnsxl_domain)),
    with_arg(I::reject_rhsbl_client, "reject_rhsbl_client", S::client, A::dnsxl_domain),
    permitting(with_arg(I::permit_rhswl_client, "permit_rhswl_client", S::client, A::dnsxl_domain)),
    with_arg(I::reject_rhsbl_reverse_client, "reject_rhsbl_reverse_client", S::client, A::dnsxl_domain),

    // HELO/EHLO hostname.
    permitting(with_arg(I::check_helo_access, "check_helo_access", S::helo, A::table)),
    with_arg(I::check_helo_a_access, "check_helo_a_access", S::helo, A::table),
    with_arg(I::check_helo_mx_access, "check_helo_mx_access", S::helo, A::table),
    with_arg(I::check_helo_ns_access, "check_helo_ns_access", S::helo, A::table),
    plain(I::reject_invalid_helo_hostname, "reject_invalid_helo_hostname", S::helo),
    alias_of(plain(I::reject_invalid_hostname, "reject_invalid_hostname", S::helo), "reject_invalid_helo_hostname"),
    plain(I::reject_unknown_helo_hostname, "reject_unknown_helo_hostname", S::helo),
    alias_of(plain(I::reject_unknown_hostname, "reject_unknown_hostname", S::helo), "reject_unknown_helo_hostname"),
    plain(I::reject_non_fqdn_helo_hostname, "reject_non_fqdn_helo_hostname", S::helo),
    alias_of(plain(I::reject_non_fqdn_hostname, "reject_non_fqdn_hostname", S::helo), "reject_non_fqdn_helo_hostname"),
    with_arg(I::reject_rhsbl_helo, "reject_rhsbl_helo", S::helo, A::dnsxl_domain),
    permitting(deprecated(plain(I::permit_naked_ip_address, "permit_naked_ip_address", S::helo),
                          "permit_mynetworks or permit_sasl_authenticated")),

    // MAIL FROM sender address.
    permitting(with_arg(I::check_sender_access, "check_sender_access", S::sender, A::table)),
    with_arg(I::check_sender_a_access, "check_sender_a_access", S::sender, A::table),
    with_arg(I::check_sender_mx_access, "check_sender_mx_access", S::sender, A::table),
    with_arg(I::check_sender_ns_access, "check_sender_ns_access", S::sender, A::table),
    plain(I::reject_non_fqdn_sender, "reject_non_fqdn_sender", S::sender),
    plain(I::reject_unknown_sender_domain, "reject_unknown_sender_domain", S::sender),
    alias_of(plain(I::reject_unknown_address, "reject_unknown_address", S::sender), "reject_unknown_sender_domain"),
    plain(I::reject_unlisted_sender, "reject_unlisted_sender", S::sender),
    plain(I::reject_unverified_sender, "reject_unverified_sender", S::sender),
    with_arg(I::reject_rhsbl_sender, "reject_rhsbl_sender", S::sender, A::dnsxl_domain),
    plain(I::reject_sender_login_mismatch, "reject_sender_login_mismatch", S::sender),
    plain(I::reject_authenticated_sender_login_mismatch, "reject_authenticated_sender_login_mismatch", S::sender),
    plain(I::reject_known_sender_login_mismatch, "reject_known_sender_login_mismatch", S::sender),
    plain(I::reject_unauthenticated_sender_login_mismatch, "reject_unauthenticated_sender_login_mismatch", S::sender),

    // RCPT TO recipient address.
    permitting(with_arg(I::check_recipient_access, "check_recipient_access", S::recipient, A::table)),
    with_arg(I::check_recipient_a_access, "check_recipient_a_access", S::recipient, A::table),
    with_arg(I::check_recipient_mx_access, "check_recipient_mx_access", S::recipient, A::table),
    with_arg(I::check_recipient_ns_access, "check_recipient_ns_access", S::recipient, A::table),
    permitting(plain(I::permit_auth_destination, "permit_auth_destination", S::recipient)),
    permitting(plain(I::permit_mx_backup, "permit_mx_backup", S::recipient)),
    guarding(plain(I::reject_unauth_destination, "reject_unauth_destination", S::recipient)),
    guarding(plain(I::defer_unauth_destination, "defer_unauth_destination", S::recipient)),
    permitting(guarding(deciding(alias_of(plain(I::check_relay_domains, "check_relay_domains", S::recipient),
                                          "permit_auth_destination, reject_unauth_destination")))),
    plain(I::reject_non_fqdn_recipient, "reject_non_fqdn_recipient", S::recipient),
    plain(I::reject_unknown_recipient_domain, "reject_unknown_recipient_domain", S::recipient),
    plain(I::reject_unlisted_recipient, "reject_unlisted_recipient", S::recipient),
    alias_of(plain(I::check_recipient_maps, "check_recipient_maps", S::recipient), "reject_unlisted_recipient"),
    plain(I::reject_unverified_recipient, "reject_unverified_recipient", S::recipient),
    with_arg(I::reject_rhsbl_recipient, "reject_rhsbl_recipient", S::recipient, A::dnsxl_domain),
    plain(I::reject_multi_recipient_bounce, "reject_multi_recipient_bounce", S::recipient),

    // ETRN domain.
    permitting(with_arg(I::check_etrn_access, "check_etrn_access", S::etrn, A::table)),
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

const RestrictionInfo* find_restriction(RestrictionId id)
{
    // The table lists the restrictions in id order (restriction_catalog_test checks it).
    const auto index = static_cast<std::size_t>(id);
    if (index == 0 || index > restrictions.size())
        return nullptr;
    return &restrictions[index - 1];
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
