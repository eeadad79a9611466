// Spamhaus lists used without a reply filter (dnsbl-unfiltered). A DNS list entry without
// =filter counts any A record as a listing. Spamhaus answers queries that reach it through
// public or unregistered resolvers (and over-quota ones) with the error codes
// 127.255.255.252..255 instead of NXDOMAIN, so an unfiltered entry reads every such answer as a
// listing: reject_rbl_client zen.spamhaus.org then refuses every client, and postscreen scores
// everyone. Checked in smtpd's lists (main.cf, each smtpd service's -o, restriction classes:
// reject_rbl_client, reject_rhsbl_*, permit_dnswl_client and the like) and in each postscreen
// service's postscreen_dnsbl_sites (entries of positive weight). A warning at the entry: with a
// local recursive resolver registered with Spamhaus the lists work unfiltered.
#include <set>
#include <tuple>

#include "compiler/checks.hpp"
#include "compiler/diagnostic_codes.hpp"
#include "compiler/dnsxl_syntax.hpp"
#include "compiler/postfix_list_split.hpp"
#include "compiler/restriction_inputs.hpp"
#include "util/ascii.hpp"

namespace mf::compiler {

namespace {

bool spamhaus_zone(std::string_view domain)
{
    const std::string name = ascii_lowercase(domain);
    for (std::string_view zone : {"spamhaus.org", "spamhaus.net"})
        if (name == zone || (name.size() > zone.size() && name.ends_with(zone) &&
                             name[name.size() - zone.size() - 1] == '.'))
            return true;
    return false;
}

// `rewrite` is the entry with a filter, as the fix to suggest.
std::string message(std::string_view what, std::string_view entry, std::string_view effect,
                    std::string_view rewrite)
{
    return std::string(what) + " " + std::string(entry) + " has no reply filter, so any "
           "answer counts as a listing, and Spamhaus answers queries through public or "
           "unregistered resolvers with the error codes 127.255.255.252..255: " +
           std::string(effect) + " (filter the codes the list documents, such as " +
           std::string(rewrite) + ")";
}

// The codes a Spamhaus zone lists with: domains (dbl) and zero-reputation domains (zrd) have
// their own ranges, the IP lists 127.0.0.x.
std::string documented_codes(std::string_view domain)
{
    const std::string name = ascii_lowercase(domain);
    if (name.starts_with("dbl.") || name.find(".dbl.") != std::string::npos)
        return "=127.0.1.[2..255]";
    if (name.starts_with("zrd.") || name.find(".zrd.") != std::string::npos)
        return "=127.0.2.[2..255]";
    return "=127.0.0.[2..255]";
}

using Place = std::tuple<std::string, std::size_t, std::size_t>;

void check_restrictions(const Configuration& config, DiagnosticSink& sink,
                        std::set<Place>& reported)
{
    for_each_restriction_scope(config, [&](const Service* service) {
        const RestrictionEnvironment env = restriction_environment(config, service);
        for_each_restriction_value(config, service, env, [&](const RestrictionValue& value) {
            for (const RestrictionEntry& entry : parse_restriction_entries(value.text, env)) {
                if (!entry.info || entry.info->argument != RestrictionArgument::dnsxl_domain ||
                    !entry.has_argument)
                    continue;
                const std::string_view domain = entry.argument.text;
                if (domain.find('=') != std::string_view::npos || !spamhaus_zone(domain))
                    continue;
                const SourceLocation where = value.at(entry.argument.offset);
                if (!reported.emplace(where.file, where.line, where.column).second)
                    continue;
                const bool permits = std::string_view(entry.info->name).starts_with("permit");
                sink.report(Severity::warning, where,
                            message(entry.info->name, domain,
                                    permits ? "smtpd then lets every client through"
                                            : "smtpd then refuses every client "
                                              "(\"blocked using " + std::string(domain) + "\")",
                                    std::string(domain) + documented_codes(domain)),
                            code::dnsbl_unfiltered);
            }
        });
    });
}

void check_postscreen(const Configuration& config, DiagnosticSink& sink,
                      std::set<Place>& reported)
{
    for (const Service& service : config.services()) {
        if (service.command_basename() != "postscreen")
            continue;
        const auto sites = config.lookup("postscreen_dnsbl_sites", &service);
        if (!sites || !sites->setting)
            continue;
        const std::string expanded = config.expand("postscreen_dnsbl_sites", &service);
        ExpansionLocator locate(*sites->setting, expanded, &config, &service);
        for (const ListToken& site : split_postfix_list(expanded).tokens) {
            const std::string_view text = site.text;
            const PostscreenSite read = read_postscreen_site(text);
            const std::string_view domain = read.domain;
            if (!read.problem.empty() || read.filtered || read.weight <= 0 ||
                !spamhaus_zone(domain))
                continue;
            const SourceLocation where =
                locate.at(site.offset);
            if (!reported.emplace(where.file, where.line, where.column).second)
                continue;
            sink.report(Severity::warning, where,
                        message("postscreen_dnsbl_sites entry", text,
                                "postscreen then scores every client with its weight",
                                std::string(domain) + documented_codes(domain) +
                                    std::string(text.substr(domain.size()))),
                        code::dnsbl_unfiltered);
        }
    }
}

} // namespace

void check_dnsbl_filters(const Configuration& config, DiagnosticSink& sink, const CheckOptions&)
{
    std::set<Place> reported;
    check_restrictions(config, sink, reported);
    check_postscreen(config, sink, reported);
}

} // namespace mf::compiler
