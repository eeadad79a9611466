// postscreen's own lists, judged for each postscreen service of master.cf with its -o overrides.
// postscreen_dnsbl_sites entries it cannot parse (dnsxl-site): postscreen reads its DNSBL sites
// once at start-up, domain[=filter][*weight] each, and dies on a weight that is not an integer,
// a reply filter it cannot parse or a bad domain name; master then restarts it every few
// seconds and no client is served on that port. postscreen_access_list words it does not know
// (postscreen-access-command): it knows permit, reject, dunno, permit_mynetworks and type:table;
// at any other word it logs "unknown command" for every connection and ignores the rest of the
// list, so a permit_mynetworks after it never lets trusted clients skip the tests. The answers
// of its tables are read the same way, at their line (no nested type:table there). A
// postscreen_dnsbl_threshold above the sum of all positive site weights
// (dnsbl-threshold-unreachable): no client can ever score enough, so the DNSBLs block nothing
// while every connection still waits for their answers. DNSBL sites with
// postscreen_dnsbl_action left at its default, ignore (dnsbl-action-ignore): postscreen logs
// each client's rank and lets it through, whatever the lists say.
#include <algorithm>

#include "compiler/checks.hpp"
#include "compiler/diagnostic_codes.hpp"
#include "compiler/config_check_codes.hpp"
#include "compiler/dnsxl_syntax.hpp"
#include "compiler/postfix_list_split.hpp"
#include "compiler/table_values.hpp"
#include "compiler/unique_reporter.hpp"
#include "util/ascii.hpp"
#include "util/postfix_number.hpp"

namespace mf::compiler {

namespace {

bool is_access_command(std::string_view word)
{
    for (std::string_view command : {"permit", "reject", "dunno", "permit_mynetworks"})
        if (equal_ignoring_case(word, command))
            return true;
    return word.find(':') != std::string_view::npos;
}

void check_access_list(const Configuration& config, const Service& service,
                       UniqueReporter& reporter)
{
    const auto list = config.lookup("postscreen_access_list", &service);
    if (!list || !list->setting)
        return;
    const std::string expanded = config.expand("postscreen_access_list", &service);
    ExpansionLocator locate(*list->setting, expanded, &config, &service);
    for (const ListToken& word : split_postfix_list(expanded).tokens) {
        if (is_access_command(word.text))
            continue;
        reporter.report(Severity::error, locate.at(word.offset),
                        "postscreen_access_list: postscreen knows no command \"" + word.text +
                            "\" (permit, reject, dunno, permit_mynetworks or type:table): it "
                            "logs \"unknown command\" for every client of " + service.name.text +
                            " and ignores the rest of the list",
                        code::postscreen_access_command);
        return;
    }
}

// postscreen_dnsbl_sites read once: the entries postscreen dies on (dnsxl-site), a threshold
// above their weights when it reads them all, and an action left at ignore.
void check_dnsbl(const Configuration& config, const Service& service, UniqueReporter& reporter)
{
    const auto sites = config.lookup("postscreen_dnsbl_sites", &service);
    if (!sites || !sites->setting)
        return;
    const std::string expanded = config.expand("postscreen_dnsbl_sites", &service);
    const auto entries = split_postfix_list(expanded).tokens;
    if (entries.empty())
        return;
    bool starts = true;
    long reachable = 0;
    ExpansionLocator locate(*sites->setting, expanded, &config, &service);
    for (const ListToken& entry : entries) {
        const PostscreenSite site = read_postscreen_site(entry.text);
        if (site.problem.empty()) {
            reachable += std::max(0, site.weight);
            continue;
        }
        starts = false;
        reporter.report(Severity::error, locate.at(entry.offset),
                        "postscreen will not start: \"fatal: " + site.problem +
                            "\"; no client is served on " + service.name.text,
                        code::dnsxl_site);
    }
    const auto action = config.lookup("postscreen_dnsbl_action", &service);
    if (starts && ascii_lowercase(trim_whitespace(
                      config.expand("postscreen_dnsbl_action", &service))) != "ignore") {
        const std::string threshold_text(
            trim_whitespace(config.expand("postscreen_dnsbl_threshold", &service)));
        const auto threshold = postfix_long(threshold_text);
        if (threshold && *threshold > reachable)
            reporter.report(Severity::warning,
                            config.where_in_force("postscreen_dnsbl_threshold", service),
                            "postscreen_dnsbl_threshold = " + threshold_text + " on " +
                                service.name.text + ", but the weights of postscreen_dnsbl_sites "
                                "add up to at most " + std::to_string(reachable) + ": no client "
                                "ever scores enough, so the DNSBLs block nothing (lower the "
                                "threshold, or weigh the sites with *N)",
                            code::dnsbl_threshold_unreachable);
    }
    if (!action || !action->setting)
        reporter.report(Severity::warning, sites->setting->value_location,
                        "postscreen_dnsbl_sites without postscreen_dnsbl_action, which defaults "
                        "to ignore: postscreen on " + service.name.text + " logs each client's "
                        "DNSBL rank and lets every client through (set postscreen_dnsbl_action "
                        "= enforce, or drop, to act on the lists)",
                        code::dnsbl_action_ignore);
}

// What postscreen makes of a table answer; "" when it reads every word.
std::string answer_problem(std::string_view answer)
{
    for (const ListToken& word : split_postfix_list(answer).tokens) {
        if (word.text.find(':') != std::string::npos)
            return "lookup result \"" + word.text + "\" is not allowed (no nested tables): "
                   "postscreen ignores the rest of the answer";
        if (!is_access_command(word.text))
            return "postscreen knows no command \"" + word.text + "\" (permit, reject, dunno, "
                   "permit_mynetworks): it logs \"unknown command\" for the clients this entry "
                   "matches and ignores the rest of the list";
    }
    return "";
}

void check_access_tables(const Configuration& config, const CheckOptions& options,
                         UniqueReporter& reporter)
{
    for_each_table_answer_of(config, options, {"postscreen_access_list"},
                             [&](const NamedTableAnswer& named) {
                                 const std::string problem = answer_problem(named.answer.value);
                                 if (!problem.empty())
                                     reporter.report(Severity::error, named.location(),
                                                     named.label() + problem,
                                                     code::postscreen_access_command);
                             });
}

} // namespace

void check_postscreen_lists(const Configuration& config, DiagnosticSink& sink,
                            const CheckOptions& options)
{
    UniqueReporter reporter(sink);
    bool postscreen_runs = false;
    for (const Service& service : config.services())
        if (service.command_basename() == "postscreen") {
            postscreen_runs = true;
            check_dnsbl(config, service, reporter);
            check_access_list(config, service, reporter);
        }
    if (postscreen_runs)
        check_access_tables(config, options, reporter);
}

} // namespace mf::compiler
