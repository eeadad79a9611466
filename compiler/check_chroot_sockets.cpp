// UNIX-domain sockets that a chrooted daemon names by their path outside the chroot
// (chroot-socket-path). master(8) runs a service whose master.cf chroot field is y inside
// queue_directory, so the daemon opens unix:/var/run/opendkim/opendkim.sock as
// /var/spool/postfix/var/run/opendkim/opendkim.sock ("connect to Milter service ...: No such
// file or directory"). Debian's master.cf chroots smtpd, cleanup and lmtp. Checked: the Milters
// of smtpd_milters (smtpd) and non_smtpd_milters (cleanup), check_policy_service unix:/path
// (smtpd), smtpd_sasl_path of Dovecot SASL (smtpd stops: "no SASL authentication mechanisms"),
// and the lmtp:unix:/path next hops of the transport parameters and transport_maps (lmtp defers
// the mail). A path that starts with queue_directory cannot be right, since the daemon looks
// for it below queue_directory a second time: an error. Any other absolute path works only where
// the same path exists inside the chroot (a bind mount, a socket the other program makes there,
// as guides do with unix:/opendkim/opendkim.sock): with --host-checks its directory is looked
// for there, an error when it is absent; without, a note, since only the host can tell. A path
// relative to queue_directory (unix:private/name) works chrooted or not.
#include <filesystem>
#include <set>
#include <tuple>

#include "compiler/checks.hpp"
#include "compiler/diagnostic_codes.hpp"
#include "compiler/milter_definition.hpp"
#include "compiler/policy_service.hpp"
#include "compiler/postfix_list_split.hpp"
#include "compiler/restriction_inputs.hpp"
#include "compiler/service_chroot.hpp"
#include "compiler/table_values.hpp"
#include "compiler/transport_services.hpp"
#include "util/ascii.hpp"

namespace mf::compiler {

namespace {

// A socket one daemon opens: `endpoint` as the configuration writes it, `path` the file name in
// it, `log` what the daemon logs when it is not there, `consequence` what that does to mail.
struct SocketUse {
    std::string endpoint;
    std::string_view path;
    std::string log;
    std::string consequence;
};

class ChrootSocketChecker {
public:
    ChrootSocketChecker(const Configuration& config, const CheckOptions& options,
                        DiagnosticSink& sink)
        : config_(config), options_(options), sink_(sink),
          queue_(config.expand("queue_directory")), chroot_default_(chroot_by_default(config))
    {
        while (queue_.size() > 1 && queue_.back() == '/')
            queue_.pop_back();
    }

    void check_services()
    {
        for (const Service& service : config_.services()) {
            if (!runs_chrooted(service, chroot_default_))
                continue;
            const std::string_view command = service.command_basename();
            if (command == "smtpd") {
                check_milters(service, "smtpd_milters", "smtpd");
                check_policy_servers(service);
                check_dovecot_sasl(service);
            }
            else if (command == "cleanup") {
                check_milters(service, "non_smtpd_milters", "cleanup");
            }
        }
    }

    void check_lmtp_next_hops()
    {
        for (const TransportParameter& parameter : transport_parameters()) {
            const auto value = config_.lookup(parameter.name);
            if (value && value->setting && transport_parameter_in_use(config_, parameter))
                check_next_hop(config_.expand(parameter.name), value->setting->value_location,
                               parameter.name);
        }
        for_each_table_answer_of(config_, options_,
                                 {"transport_maps", "sender_dependent_default_transport_maps"},
                                 [&](const NamedTableAnswer& named) {
                                     check_next_hop(named.answer.value, named.location(),
                                                    named.label());
                                 });
    }

private:
    void check_milters(const Service& service, const char* parameter, const char* program)
    {
        const auto milters = config_.lookup(parameter, &service);
        if (!milters || !milters->setting)
            return;
        const std::string expanded = config_.expand(parameter, &service);
        const std::string global_action(
            trim_whitespace(config_.expand("milter_default_action", &service)));
        const bool smtpd = std::string_view(program) == "smtpd";
        ExpansionLocator locate(*milters->setting, expanded, &config_, &service);
        for (const ListToken& element : split_postfix_list(expanded).tokens) {
            const MilterElement milter = read_milter_element(element.text);
            const std::string_view endpoint = milter.endpoint;
            const auto colon = endpoint.find(':');
            if (colon == std::string_view::npos ||
                (endpoint.substr(0, colon) != "unix" && endpoint.substr(0, colon) != "local"))
                continue;
            const std::string action = ascii_lowercase(
                milter.default_action.empty() ? global_action : milter.default_action);
            const std::string mail = smtpd ? "every client" : "mail from sendmail and pickup";
            std::string consequence =
                action == "accept" ? "the mail passes without this Milter"
                : action == "reject" ? mail + " gets \"550 5.7.1 Command rejected\""
                : action == "quarantine" ? "every message is put on hold"
                                         : mail + " gets \"451 4.7.1 Service unavailable - try "
                                                  "again later\"";
            report(service, program,
                   {milter.endpoint, endpoint.substr(colon + 1),
                    "connect to Milter service " + milter.endpoint +
                        ": No such file or directory",
                    consequence + " (" +
                        (milter.default_action.empty() ? "milter_default_action"
                                                       : "its default_action") +
                        " = " + action + ")"},
                   locate.at(element.offset + milter.endpoint_offset),
                   parameter);
        }
    }

    void check_policy_servers(const Service& service)
    {
        const RestrictionEnvironment env = restriction_environment(config_, &service);
        for_each_restriction_value(config_, &service, env, [&](const RestrictionValue& value) {
            for_each_policy_service(value, env, [&](const RestrictionEntry& entry,
                                                    const PolicyService& policy) {
                constexpr std::string_view unix_prefix = "unix:";
                if (!policy.endpoint.starts_with(unix_prefix))
                    return;
                const std::string_view path =
                    std::string_view(policy.endpoint).substr(unix_prefix.size());
                report(service, "smtpd",
                       {policy.endpoint, path,
                        "problem talking to server " + std::string(path) +
                            ": No such file or directory",
                        "it answers each request that reaches check_policy_service with \"" +
                            config_.expand("smtpd_policy_service_default_action", &service) +
                            "\""},
                       value.at(entry.argument.offset), "check_policy_service");
            });
        });
    }

    // xsasl_dovecot connects to smtpd_sasl_path as a UNIX-domain socket unless it is inet:.
    void check_dovecot_sasl(const Service& service)
    {
        if (!config_.is_yes("smtpd_sasl_auth_enable", &service) ||
            trim_whitespace(config_.expand("smtpd_sasl_type", &service)) != "dovecot")
            return;
        const std::string path(trim_whitespace(config_.expand("smtpd_sasl_path", &service)));
        report(service, "smtpd",
               {path, path,
                "SASL: Connect to Dovecot auth socket '" + path +
                    "' failed: No such file or directory",
                "it stops (\"fatal: no SASL authentication mechanisms\") before it greets any "
                "client"},
               config_.where_in_force("smtpd_sasl_path", service), "smtpd_sasl_path");
    }

    // `next_hop` is transport:destination; lmtp(8) reaches unix:/path destinations itself.
    void check_next_hop(std::string_view next_hop, const SourceLocation& where,
                        const std::string& what)
    {
        next_hop = trim_whitespace(next_hop);
        const auto colon = next_hop.find(':');
        constexpr std::string_view unix_prefix = "unix:";
        if (colon == std::string_view::npos ||
            !next_hop.substr(colon + 1).starts_with(unix_prefix))
            return;
        const Service* service = config_.find_service(next_hop.substr(0, colon), "unix");
        if (!service || service->command_basename() != "lmtp" ||
            !runs_chrooted(*service, chroot_default_))
            return;
        const std::string destination(next_hop.substr(colon + 1));
        const std::string_view path = std::string_view(destination).substr(unix_prefix.size());
        report(*service, "lmtp",
               {std::string(next_hop), path,
                "connect to " + config_.expand("myhostname") + "[" + std::string(path) +
                    "]: No such file or directory",
                "it defers that mail until it expires"},
               where, what);
    }

    void report(const Service& service, const char* program, const SocketUse& use,
                const SourceLocation& where, const std::string& what)
    {
        if (use.path.empty() || use.path.front() != '/')
            return;
        const std::string inside = queue_ + std::string(use.path);
        const bool below_queue = use.path.starts_with(queue_ + "/");
        const std::string directory = inside.substr(0, inside.rfind('/'));
        Severity severity = below_queue ? Severity::error : Severity::note;
        if (options_.host_checks) {
            std::error_code ignored;
            if (std::filesystem::exists(options_.resolve(directory), ignored))
                return;
            severity = Severity::error;
        }
        if (!reported_.emplace(where.file, where.line, where.column, use.endpoint).second)
            return;
        std::string message = what + ": " + use.endpoint + " is opened by " + program +
                              " (master.cf service " + service.key() + ") chrooted in " +
                              queue_ + ", as " + inside;
        message += options_.host_checks ? ", and " + directory + " does not exist; "
                   : below_queue        ? "; "
                                        : "; unless it is there (a bind mount, or the socket "
                                          "made there), ";
        message += std::string(program) + " logs \"" + use.log + "\" and " + use.consequence;
        message += below_queue ? "; name it relative to queue_directory (" +
                                     use.endpoint.substr(0, use.endpoint.size() -
                                                                use.path.size()) +
                                     std::string(use.path.substr(queue_.size() + 1)) + ")"
                   : options_.host_checks
                       ? "; put the socket below " + queue_ +
                             " and name it relative to it, or set the service's chroot field to n"
                       : " (--host-checks looks there)";
        sink_.report(severity, where, std::move(message), code::chroot_socket_path);
    }

    const Configuration& config_;
    const CheckOptions& options_;
    DiagnosticSink& sink_;
    std::string queue_;
    bool chroot_default_; // what `-` in the chroot field means here
    std::set<std::tuple<std::string, std::size_t, std::size_t, std::string>> reported_;
};

} // namespace

void check_chroot_sockets(const Configuration& config, DiagnosticSink& sink,
                          const CheckOptions& options)
{
    if (trim_whitespace(config.expand("queue_directory")).empty())
        return; // empty-value reports it; every Postfix program stops without one
    ChrootSocketChecker checker(config, options, sink);
    checker.check_services();
    checker.check_lmtp_next_hops();
}

} // namespace mf::compiler
