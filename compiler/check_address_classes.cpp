// A domain listed in two address classes. trivial-rewrite puts each recipient domain in the
// first class that lists it: mydestination (local), then virtual_alias_domains, then
// virtual_mailbox_domains, then relay_domains; a later listing is ignored, and Postfix warns
// "do not list domain D in BOTH A and B" for each message to D, only once mail arrives. mfcc
// probes every domain named literally in one of the four lists against the others, read as
// trivial-rewrite reads them: relay_domains as a domain list (.parent patterns; parent domains
// too where parent_domain_matches_subdomains says so), the other three as exact strings (so
// .example.com in mydestination is only that string there), "!" negation, and type:table
// entries looked up in the built table (a table that cannot be read here makes the answer
// unknown, and then nothing is reported). A domain it finds in the relay class also tells
// whether relay_recipient_maps is needed.
#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "compiler/checks.hpp"
#include "compiler/diagnostic_codes.hpp"
#include "compiler/postfix_list_split.hpp"
#include "compiler/unique_reporter.hpp"
#include "postmap/case_fold.hpp"
#include "postmap/registry.hpp"

namespace mf::compiler {

namespace {

enum class Match { no, yes, unknown };

bool is_table(std::string_view pattern)
{
    return pattern.find(':') != std::string_view::npos;
}

// The built tables these lists name, opened once each; nullptr where one cannot be read here.
class TableLookups {
public:
    explicit TableLookups(const CheckOptions& options) : options_(options) {}

    Match contains(const std::string& spec, const std::string& key)
    {
        auto [it, inserted] = tables_.try_emplace(spec);
        if (inserted && !options_.no_file_checks) {
            maps::TableRef table = maps::parse_table_ref(spec, "");
            table.name = options_.resolve(table.name);
            if (auto opened = maps::open_table(table, maps::DictOptions{}))
                it->second = std::move(*opened);
        }
        if (!it->second)
            return Match::unknown;
        const maps::LookupResult result = it->second->lookup(key);
        if (result.status() == maps::LookupStatus::found)
            return Match::yes;
        return result.status() == maps::LookupStatus::not_found ? Match::no : Match::unknown;
    }

private:
    const CheckOptions& options_;
    std::map<std::string, std::unique_ptr<maps::Dict>> tables_;
};

struct DomainClass {
    const char* parameter;
    bool domain_list;  // relay_domains: hostname matching; the others are exact strings
    bool parent_style; // a listed domain matches its subdomains too
    std::vector<std::string> patterns;
    const Setting* setting = nullptr;
};

// One pattern against `domain` (lower case), as Postfix's match_list does for that list kind.
Match pattern_matches(const DomainClass& list, const std::string& pattern,
                      const std::string& domain, TableLookups& tables)
{
    if (pattern.empty() || pattern.front() == '/')
        return Match::unknown; // a file of patterns: not read here
    if (is_table(pattern)) {
        Match found = tables.contains(pattern, domain);
        // A domain list also looks up each parent domain in a table of fixed keys.
        for (std::size_t dot = domain.find('.'); list.domain_list && found == Match::no &&
                                                 dot != std::string::npos;
             dot = domain.find('.', dot + 1))
            found = tables.contains(pattern, list.parent_style ? domain.substr(dot + 1)
                                                               : domain.substr(dot));
        return found;
    }
    const std::string folded = maps::folded(pattern, false);
    if (folded == domain)
        return Match::yes;
    if (!list.domain_list)
        return Match::no;
    const std::string suffix = folded.front() == '.' ? folded
                               : list.parent_style   ? "." + folded
                                                     : std::string();
    return !suffix.empty() && domain.size() > suffix.size() && domain.ends_with(suffix)
               ? Match::yes
               : Match::no;
}

// The whole list: the first pattern that matches decides, "!" turning it into no.
Match list_matches(const DomainClass& list, const std::string& domain, TableLookups& tables)
{
    for (const std::string& entry : list.patterns) {
        const bool negated = entry.front() == '!';
        const Match match =
            pattern_matches(list, negated ? entry.substr(1) : entry, domain, tables);
        if (match == Match::unknown)
            return Match::unknown;
        if (match == Match::yes)
            return negated ? Match::no : Match::yes;
    }
    return Match::no;
}

DomainClass read_class(const Configuration& config, const Service* scope, const char* parameter,
                       bool domain_list, const std::set<std::string>& parent_style)
{
    DomainClass list{parameter, domain_list, parent_style.count(parameter) > 0, {}, nullptr};
    if (const auto value = config.lookup(parameter, scope))
        list.setting = value->setting;
    for (const ListToken& token : split_postfix_list(config.expand(parameter, scope)).tokens)
        if (const std::string_view text = strip_outer_braces(token.text); !text.empty())
            list.patterns.emplace_back(text);
    return list;
}

// Where to point: the domain's own text in the list whose listing is ignored, else that
// setting's value, else the winning list's setting.
std::optional<SourceLocation> location_for(const DomainClass& ignored, const DomainClass& winner,
                                           const std::string& domain)
{
    for (const DomainClass* list : {&ignored, &winner}) {
        if (!list->setting)
            continue;
        const std::string value = maps::folded(list->setting->value, false);
        for (std::size_t at = value.find(domain); at != std::string::npos;
             at = value.find(domain, at + 1)) {
            const bool starts = at == 0 || std::string_view(", \t\r\n{!").find(value[at - 1]) !=
                                               std::string_view::npos;
            const std::size_t end = at + domain.size();
            const bool ends = end == value.size() ||
                              std::string_view(", \t\r\n}").find(value[end]) != std::string_view::npos;
            if (starts && ends)
                return list->setting->location_of(at);
        }
    }
    if (ignored.setting)
        return ignored.setting->value_location;
    if (winner.setting)
        return winner.setting->value_location;
    return std::nullopt;
}

// Relay domains whose users smtpd does not know: without relay_recipient_maps, smtpd accepts
// every address of a relay-class domain, and the next hop's refusal of unknown users comes back
// as a bounce to a sender that is usually forged (backscatter). Postfix's documentation asks for
// the table; Postfix says nothing. A warning at relay_domains.
void check_relay_recipients(const Configuration& config, const DomainClass& relay,
                            const std::string& relay_class_domain, UniqueReporter& reporter)
{
    if (relay_class_domain.empty() || !relay.setting ||
        !trim_whitespace(config.expand("relay_recipient_maps")).empty() ||
        !config.is_yes("smtpd_reject_unlisted_recipient"))
        return;
    const std::string message =
        "relay_domains lists " + relay_class_domain + ", but relay_recipient_maps is empty: smtpd "
        "accepts every address there, and mail for unknown users bounces later to senders who "
        "are mostly forged (backscatter); list the valid recipients in relay_recipient_maps";
    reporter.report(Severity::warning, relay.setting->value_location, message,
                    code::relay_recipients_unknown);
}

void check_scope(const Configuration& config, const Service* scope, TableLookups& tables,
                 UniqueReporter& reporter)
{
    std::set<std::string> parent_style;
    const std::string parent_lists = config.expand("parent_domain_matches_subdomains", scope);
    for (std::string_view name : split_list(parent_lists))
        parent_style.emplace(name);
    const DomainClass local = read_class(config, scope, "mydestination", false, parent_style);
    const DomainClass alias = read_class(config, scope, "virtual_alias_domains", false, parent_style);
    const DomainClass mailbox = read_class(config, scope, "virtual_mailbox_domains", false, parent_style);
    const DomainClass relay = read_class(config, scope, "relay_domains", true, parent_style);

    std::set<std::string> probes;
    for (const DomainClass* list : {&local, &alias, &mailbox, &relay})
        for (const std::string& pattern : list->patterns)
            if (pattern.front() != '!' && pattern.front() != '.' && pattern.front() != '/' &&
                !is_table(pattern))
                probes.insert(maps::folded(pattern, false));

    auto report = [&](const std::string& domain, const DomainClass& winner,
                      const DomainClass& ignored) {
        const std::string message = "do not list domain " + domain + " in BOTH " +
                                    winner.parameter + " and " + ignored.parameter;
        const auto where = location_for(ignored, winner, domain);
        if (!where)
            return;
        reporter.report(Severity::warning, *where,
                    message + " (trivial-rewrite takes the first class that lists it, " +
                        winner.parameter + ", and ignores " + ignored.parameter +
                        "; Postfix warns so for each message to " + domain + ")",
                    code::domain_in_two_classes);
    };
    std::string relay_class_domain; // a domain trivial-rewrite puts in the relay class
    for (const std::string& domain : probes) {
        const Match in_local = list_matches(local, domain, tables);
        if (in_local == Match::unknown)
            continue;
        const Match in_alias = list_matches(alias, domain, tables);
        const Match in_mailbox = list_matches(mailbox, domain, tables);
        if (in_local == Match::yes) {
            if (in_alias == Match::yes)
                report(domain, local, alias);
            if (in_mailbox == Match::yes)
                report(domain, local, mailbox);
            continue;
        }
        const Match in_relay = list_matches(relay, domain, tables);
        if (in_alias == Match::yes) {
            if (in_mailbox == Match::yes)
                report(domain, alias, mailbox);
            if (in_relay == Match::yes)
                report(domain, alias, relay);
        }
        else if (in_alias == Match::no && in_mailbox == Match::yes && in_relay == Match::yes)
            report(domain, mailbox, relay);
        else if (in_alias == Match::no && in_mailbox == Match::no && in_relay == Match::yes &&
                 relay_class_domain.empty())
            relay_class_domain = domain;
    }
    check_relay_recipients(config, relay, relay_class_domain, reporter);
}

} // namespace

void check_address_classes(const Configuration& config, DiagnosticSink& sink,
                           const CheckOptions& options)
{
    TableLookups tables(options);
    UniqueReporter reporter(sink);
    // trivial-rewrite reads the lists, with the -o overrides of its own service.
    bool any_service = false;
    for (const Service& service : config.services())
        if (service.command_basename() == "trivial-rewrite") {
            any_service = true;
            check_scope(config, &service, tables, reporter);
        }
    if (!any_service)
        check_scope(config, nullptr, tables, reporter);
}

} // namespace mf::compiler
