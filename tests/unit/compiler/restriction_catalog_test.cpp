// The restriction catalog and the list tokenizer it is fed by.
#include <catch2/catch.hpp>

#include "compiler/closest_name.hpp"
#include "compiler/postfix_list_split.hpp"
#include "compiler/restriction_catalog.hpp"

using namespace mf::compiler;

TEST_CASE("restriction names are found case-insensitively", "[restrictions]")
{
    REQUIRE(find_restriction("permit_mynetworks") != nullptr);
    REQUIRE(find_restriction("PERMIT_MYNETWORKS") == find_restriction("permit_mynetworks"));
    CHECK(find_restriction("permit_mynetwork") == nullptr);
    // Names smtpd 3.7 rejects as "unknown smtpd restriction" although they look plausible.
    CHECK(find_restriction("reject_unknown_forward_client_hostname") == nullptr);
    CHECK(find_restriction("reject_unknown_reverse_name") == nullptr);
    CHECK(find_restriction("check_address_map") == nullptr);
}

TEST_CASE("restrictions carry their argument kind and relay role", "[restrictions]")
{
    CHECK(find_restriction("check_client_access")->argument == RestrictionArgument::table);
    CHECK(find_restriction("reject_rbl_client")->argument == RestrictionArgument::dnsxl_domain);
    CHECK(find_restriction("check_policy_service")->argument ==
          RestrictionArgument::policy_service);
    CHECK(find_restriction("sleep")->argument == RestrictionArgument::seconds);
    CHECK(find_restriction("reject_unauth_destination")->guards_relay);
    CHECK(find_restriction("defer_if_permit")->guards_relay);
    CHECK_FALSE(find_restriction("permit_mynetworks")->guards_relay);
    CHECK(find_restriction("permit")->permits_all);
    CHECK(find_restriction("reject")->always_decides);
    CHECK_FALSE(find_restriction("permit_sasl_authenticated")->always_decides);
    CHECK(find_restriction("reject_maps_rbl")->deprecated);
}

TEST_CASE("every catalog name is unique and lower case", "[restrictions]")
{
    for (const auto& a : all_restrictions()) {
        for (char c : a.name)
            CHECK((c == '_' || (c >= 'a' && c <= 'z')));
        int count = 0;
        for (const auto& b : all_restrictions())
            count += a.name == b.name;
        CHECK(count == 1);
    }
}

TEST_CASE("applicability follows the SMTP stage", "[restrictions]")
{
    using L = RestrictionList;
    using S = RestrictionSubject;
    CHECK(applicability(S::recipient, L::etrn) == Applicability::never);
    CHECK(applicability(S::recipient, L::client) == Applicability::needs_delay_reject);
    CHECK(applicability(S::recipient, L::data) == Applicability::effective);
    CHECK(applicability(S::sender, L::recipient) == Applicability::effective);
    CHECK(applicability(S::helo, L::client) == Applicability::needs_delay_reject);
    CHECK(applicability(S::helo, L::etrn) == Applicability::effective);
    CHECK(applicability(S::etrn, L::recipient) == Applicability::never);
    CHECK(applicability(S::client, L::end_of_data) == Applicability::effective);
    CHECK(default_access_restriction(L::data).empty());
    CHECK(default_access_restriction(L::relay) == "check_recipient_access");
    CHECK(restriction_list_for_parameter("smtpd_etrn_restrictions") == L::etrn);
    CHECK_FALSE(restriction_list_for_parameter("smtpd_foo_restrictions").has_value());
}

TEST_CASE("lists split on commas and blanks, braces group", "[restrictions]")
{
    auto split = split_postfix_list("permit_mynetworks,  check_client_access hash:/a,\n\t"
                                    "check_ccert_access { hash:/b, { search_order = x } }");
    REQUIRE(split.tokens.size() == 5);
    CHECK(split.tokens[0].text == "permit_mynetworks");
    CHECK(split.tokens[0].offset == 0);
    CHECK(split.tokens[2].text == "hash:/a");
    CHECK(split.tokens[2].offset == 40);
    CHECK(split.tokens[4].text == "{ hash:/b, { search_order = x } }");
    CHECK(split.unclosed_brace == std::string_view::npos);
    CHECK(strip_outer_braces(split.tokens[4].text) == "hash:/b, { search_order = x }");

    auto inline_map = split_postfix_list("inline:{a=1, b=2} hash:/x");
    REQUIRE(inline_map.tokens.size() == 2);
    CHECK(inline_map.tokens[0].text == "inline:{a=1, b=2}");

    auto broken = split_postfix_list("permit { reject");
    CHECK(broken.unclosed_brace == 7);
    CHECK(broken.tokens.back().text == "{ reject");
    CHECK(split_postfix_list(" ,, ").tokens.empty());
}

TEST_CASE("did you mean suggests close names only", "[restrictions]")
{
    std::vector<std::string_view> names{"permit_mynetworks", "reject_unauth_destination",
                                        "permit"};
    CHECK(closest_name("permit_mynetwork", names) == "permit_mynetworks");
    CHECK(closest_name("reject_unauth_destinaton", names) == "reject_unauth_destination");
    CHECK(closest_name("PERMIT_MYNETWROKS", names) == "permit_mynetworks");
    CHECK_FALSE(closest_name("foo", names).has_value());
    CHECK(did_you_mean("permti", names) == " (did you mean \"permit\"?)");
    CHECK(edit_distance("abc", "acb") == 1);
    CHECK(edit_distance("", "abc") == 3);
}

TEST_CASE("restriction ids are stable, dense and lead back to their restriction", "[restrictions]")
{
    // The snapshot stores these numbers: the first and last must never move.
    CHECK(static_cast<int>(find_restriction("permit")->id) == 1);
    CHECK(static_cast<int>(find_restriction("check_etrn_access")->id) == 78);
    CHECK(find_restriction(RestrictionId::permit_mynetworks)->name == "permit_mynetworks");
    CHECK(find_restriction(RestrictionId::reject_rbl_client)->name == "reject_rbl_client");
    CHECK(find_restriction(RestrictionId::none) == nullptr);
    CHECK(find_restriction(static_cast<RestrictionId>(last_restriction_id + 1)) == nullptr);
    REQUIRE(all_restrictions().size() == last_restriction_id);
    for (const auto& info : all_restrictions())
        CHECK(find_restriction(info.id) == &info);
}
