// postscreen_dnsbl_sites entries postscreen cannot parse (dnsxl-site). postscreen reads its
// DNSBL sites once at start-up, domain[=filter][*weight] each, and dies on a weight that is not
// an integer, a reply filter it cannot parse or a bad domain name; master then restarts it
// every few seconds and no client is served on that port. Judged for each postscreen service of
// master.cf with its -o overrides, at the entry.
#include "compiler/checks.hpp"
#include "compiler/config_check_codes.hpp"
#include "compiler/dnsxl_syntax.hpp"
#include "compiler/postfix_list_split.hpp"
#include "compiler/unique_reporter.hpp"

namespace mf::compiler {

void check_postscreen_sites(const Configuration& config, DiagnosticSink& sink, const CheckOptions&)
{
    UniqueReporter reporter(sink);
    for (const Service& service : config.services()) {
        if (service.command_basename() != "postscreen")
            continue;
        const auto sites = config.lookup("postscreen_dnsbl_sites", &service);
        if (!sites || !sites->setting)
            continue;
        const std::string expanded = config.expand("postscreen_dnsbl_sites", &service);
        for (const ListToken& site : split_postfix_list(expanded).tokens) {
            const std::string problem = postscreen_site_problem(site.text);
            if (problem.empty())
                continue;
            reporter.report(Severity::error,
                            sites->setting->location_in_expansion(expanded, site.offset),
                            "postscreen will not start: \"fatal: " + problem +
                                "\"; no client is served on " + service.name.text,
                            code::dnsxl_site);
        }
    }
}

} // namespace mf::compiler
