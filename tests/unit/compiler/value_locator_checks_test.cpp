// Token locations in values that span continuation lines.
#include <catch2/catch.hpp>

#include "compiler/value_locator.hpp"

using namespace mf::compiler;

TEST_CASE("tokens of a continued value map to their own line and column", "[locator]")
{
    const std::string source = "# comment\n"
                               "smtpd_recipient_restrictions = permit_mynetworks,\n"
                               "    permit_sasl_authenticated,\n"
                               "# a comment line inside the entry\n"
                               "    reject_unauth_destination\n";
    const std::string value =
        "permit_mynetworks,\n    permit_sasl_authenticated,\n    reject_unauth_destination";
    auto locate = make_token_locator(source, {"main.cf", 2, 32}, value);
    CHECK(locate(0).line == 2);
    CHECK(locate(0).column == 32);
    const auto second = locate(value.find("permit_sasl"));
    CHECK(second.line == 3);
    CHECK(second.column == 5);
    const auto third = locate(value.find("reject_unauth"));
    CHECK(third.line == 5);
    CHECK(third.column == 5);
    CHECK(third.file == "main.cf");
    // Inside a token: relative to the token's start.
    CHECK(locate(value.find("sasl")).column == 12);
}

TEST_CASE("an unknown start falls back to the value location", "[locator]")
{
    auto locate = make_token_locator("", {"main.cf", 7, 3}, "a b");
    CHECK(locate(2).line == 7);
    CHECK(locate(2).column == 3);
}
