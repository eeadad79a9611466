// Exact FILE:LINE:COLUMN inside values continued over several lines: Setting::location_of maps
// every byte of a value back to its physical line, comment lines inside the entry included,
// and the checks that point into a value (expansion syntax, UTF-8, tables, restrictions) use it.
#include <catch2/catch.hpp>

#include "compiler/checks.hpp"
#include "compiler/config_check_codes.hpp"
#include "compiler/diagnostic_codes.hpp"

using namespace mf::compiler;

namespace {

const Diagnostic* find(const DiagnosticSink& sink, const char* code)
{
    for (const Diagnostic& d : sink.all())
        if (d.code == code)
            return &d;
    return nullptr;
}

DiagnosticSink check(const Configuration& config)
{
    DiagnosticSink sink;
    CheckOptions options;
    options.no_file_checks = true;
    run_checks(config, sink, options);
    return sink;
}

} // namespace

TEST_CASE("every byte of a continued value maps to its own line and column", "[locator]")
{
    DiagnosticSink sink;
    const Configuration config = configuration_from_text(
        "main.cf",
        "# comment\n"
        "smtpd_recipient_restrictions = permit_mynetworks,\n"
        "    permit_sasl_authenticated,\n"
        "# a comment line inside the entry\n"
        "\treject_unauth_destination\n",
        "master.cf", "", sink);
    const Setting& setting = config.main_cf_settings().at(0);
    CHECK(setting.location_of(0).line == 2);
    CHECK(setting.location_of(0).column == 32);
    const auto second = setting.location_of(setting.value.find("permit_sasl"));
    CHECK(second.line == 3);
    CHECK(second.column == 5);
    const auto inside = setting.location_of(setting.value.find("sasl"));
    CHECK(inside.line == 3);
    CHECK(inside.column == 12);
    const auto third = setting.location_of(setting.value.find("reject_unauth"));
    CHECK(third.line == 5);
    CHECK(third.column == 2);
    CHECK(third.file == "main.cf");
}

TEST_CASE("a one-line value maps by column", "[locator]")
{
    DiagnosticSink sink;
    const Configuration config =
        configuration_from_text("main.cf", "\n\nrelayhost =   [mx.example]:587\n", "master.cf", "", sink);
    const Setting& setting = config.main_cf_settings().at(0);
    CHECK(setting.continued.empty());
    CHECK(setting.location_of(1).line == 3);
    CHECK(setting.location_of(1).column == 16); // "[" at 15
}

TEST_CASE("diagnostics inside continued values are exact", "[locator]")
{
    DiagnosticSink load;
    const Configuration config = configuration_from_text(
        "main.cf",
        "smtpd_relay_restrictions = reject_unauth_destination\n"
        "myorigin = example.org\n"
        "  ${oops\n"                              // expansion syntax: line 3
        "smtpd_banner = $myhostname\n"
        "   caf\xe9 ESMTP\n",                     // invalid UTF-8: line 5, column 7
        "master.cf", "", load);
    const DiagnosticSink sink = check(config);
    const Diagnostic* syntax = find(sink, code::expansion_syntax);
    REQUIRE(syntax);
    CHECK(syntax->location.line == 3);
    CHECK(syntax->location.column >= 3);
    const Diagnostic* utf8 = find(sink, code::invalid_utf8);
    REQUIRE(utf8);
    CHECK(utf8->location.line == 5);
    CHECK(utf8->location.column == 7);
}

TEST_CASE("a restriction on a continuation line is reported there", "[locator]")
{
    DiagnosticSink load;
    const Configuration config = configuration_from_text(
        "main.cf",
        "smtpd_relay_restrictions = permit_mynetworks,\n"
        "        reject_unauth_destinaton\n",
        "master.cf", "", load);
    const DiagnosticSink sink = check(config);
    const Diagnostic* unknown = find(sink, code::restriction_unknown);
    REQUIRE(unknown);
    CHECK(unknown->location.line == 2);
    CHECK(unknown->location.column == 9);
}
