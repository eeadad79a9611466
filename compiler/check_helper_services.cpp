// Features that work through a helper service master.cf must run (service-missing): the smtp and
// lmtp clients hand TLS to tlsproxy(8) when smtp_tls_connection_reuse (lmtp_) is on;
// postscreen(8) hands the clients it lets through to the pass service smtpd_service_name (an
// error without it: no mail is received) and asks dnsblog(8) for every DNSBL of
// postscreen_dnsbl_sites. Debian's master.cf ships these helpers commented out. Without
// tlsproxy every TLS delivery of that client is deferred ("connect to private/tlsproxy
// service: No such file or directory", then "Cannot start TLS: handshake failure"), even at
// level may: an error, unless that client never starts TLS. Without dnsblog postscreen logs
// the same failure per lookup and scores no DNSBL, so mail flows without that screening: a
// warning. Judged per client or postscreen service of master.cf, after its -o overrides, at
// the setting that turns the feature on.
#include "compiler/checks.hpp"
#include "compiler/tls_level.hpp"
#include "compiler/diagnostic_codes.hpp"
#include "compiler/unique_reporter.hpp"

namespace mf::compiler {

namespace {

// Whether master.cf runs `helper` as the private unix service of that name.
bool runs_helper(const Configuration& config, std::string_view helper)
{
    const Service* service = config.find_service(helper, "unix");
    return service && service->private_field.text != "n" && service->command_basename() == helper;
}

void check_connection_reuse(const Configuration& config, const Service& service,
                            std::string_view client, UniqueReporter& reporter)
{
    const std::string reuse = std::string(client) + "_tls_connection_reuse";
    if (!config.is_yes(reuse, &service) ||
        !client_can_use_tls(config, client, &service) || runs_helper(config, "tlsproxy"))
        return;
    reporter.report(Severity::error, config.where_in_force(reuse, service),
                    reuse + " = yes makes " + std::string(client) + " (master.cf service " +
                        service.key() + ") hand TLS to tlsproxy, which master.cf does not run "
                        "(no unix service tlsproxy): every TLS delivery is deferred (\"Cannot "
                        "start TLS: handshake failure\"), even at level may; uncomment tlsproxy "
                        "in master.cf",
                    code::service_missing);
}

// postscreen hands every client it lets through to the pass service smtpd_service_name
// ("smtpd pass ... smtpd" in master.cf, commented out in Debian's alongside postscreen).
void check_smtpd_handoff(const Configuration& config, const Service& service,
                         UniqueReporter& reporter)
{
    const std::string name(trim_whitespace(config.expand("smtpd_service_name", &service)));
    const Service* pass = config.find_service(name, "pass");
    if (pass && pass->private_field.text != "n")
        return;
    reporter.report(Severity::error, service.location,
                    "postscreen (master.cf service " + service.key() + ") hands the clients it "
                    "lets through to the pass service " + name + " (smtpd_service_name), which "
                    "master.cf does not run (no private pass service " + name + "): it logs "
                    "\"cannot connect to service private/" + name + "\" and answers every "
                    "client \"421 4.3.2 All server ports are busy\", so no mail is received; "
                    "add \"" + name +
                    "     pass  -       -       y       -       -       smtpd\"",
                    code::service_missing);
}

void check_dnsbl(const Configuration& config, const Service& service, UniqueReporter& reporter)
{
    if (trim_whitespace(config.expand("postscreen_dnsbl_sites", &service)).empty() ||
        runs_helper(config, "dnsblog"))
        return;
    reporter.report(Severity::warning, config.where_in_force("postscreen_dnsbl_sites", service),
                    "postscreen (master.cf service " + service.key() + ") asks dnsblog for the "
                    "postscreen_dnsbl_sites, but master.cf does not run it (no unix service "
                    "dnsblog): no DNSBL is scored and every lookup logs \"connect to "
                    "private/dnsblog service\"; uncomment dnsblog in master.cf",
                    code::service_missing);
}

} // namespace

void check_helper_services(const Configuration& config, DiagnosticSink& sink, const CheckOptions&)
{
    UniqueReporter reporter(sink);
    for (const Service& service : config.services()) {
        const std::string_view command = service.command_basename();
        if (command == "smtp" || command == "lmtp")
            check_connection_reuse(config, service, command, reporter);
        // A postscreen that listens; one behind a pass or unix socket gets no client itself.
        else if (command == "postscreen" && service.type.text == "inet") {
            check_smtpd_handoff(config, service, reporter);
            check_dnsbl(config, service, reporter);
        }
    }
}

} // namespace mf::compiler
