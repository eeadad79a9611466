// What every Postfix program checks when it starts (mail_params_init), so that `postfix check`,
// postconf's daemons and the delivery agents all stop on it: myhostname and mydomain as
// valid_hostname() judges them (the values in effect, so a mydomain that makes myhostname's
// default invalid is reported at mydomain), syslog_facility, the privileged or shared
// accounts that are wrong on any host (root; default_privs = mail_owner), relayhost equal to
// myhostname, and myorigin holding one value (Debian: a /path names a file whose first line
// is used); default_verp_delimiters within verp_delimiter_filter; and the known_tcp_ports
// associations they all warn about and skip. Accounts that may exist on the mail server but
// not where mfcc runs are judged only with --host-checks (check_host.cpp).
#include <fcntl.h>
#include <strings.h>
#include <unistd.h>

#include <set>
#include <string>

#include "compiler/checks.hpp"
#include "compiler/diagnostic_codes.hpp"
#include "compiler/known_tcp_ports.hpp"
#include "compiler/network_syntax.hpp"
#include "util/unique_fd.hpp"

namespace mf::compiler {

namespace {

constexpr std::string_view facilities[] = {
    "auth", "authpriv", "cron",   "daemon", "ftp",    "kern",   "lpr",    "mail",  "news",
    "syslog", "user",   "uucp",   "local0", "local1", "local2", "local3", "local4", "local5",
    "local6", "local7",
};

class StartupChecker {
public:
    StartupChecker(const Configuration& config, DiagnosticSink& sink, const CheckOptions& options)
        : config_(config), sink_(sink), options_(options)
    {
    }

    void run()
    {
        host_names();
        syslog_facility();
        accounts();
        relayhost();
        myorigin();
        verp_delimiters();
        known_tcp_ports();
    }

private:
    void error(const Setting& setting, std::string message, const char* code)
    {
        sink_.report(Severity::error, setting.value_location, std::move(message), code);
    }

    void host_names()
    {
        const Setting* hostname = config_.main_cf_setting("myhostname");
        const Setting* domain = config_.main_cf_setting("mydomain");
        const std::string hostname_value = config_.expand("myhostname");
        const std::string domain_value = config_.expand("mydomain");
        // An empty one is refused before this check (empty-value), and nothing after it runs.
        if (hostname_value.empty())
            return;
        if (const std::string problem = postfix_hostname_problem(hostname_value); !problem.empty()) {
            if (hostname)
                error(*hostname, "bad parameter value: myhostname = " + hostname_value + ": " +
                                     problem + "; every Postfix program stops" +
                                     circular_domain_hint(*hostname, domain),
                      code::bad_hostname);
            else if (domain)
                error(*domain, "myhostname's default " + hostname_value + " (this host's name and "
                                   "mydomain) is not a valid host name: " + problem +
                                   "; every Postfix program stops (set myhostname)",
                      code::bad_hostname);
            return;
        }
        if (const std::string problem = postfix_hostname_problem(domain_value); !problem.empty()) {
            if (domain)
                error(*domain, "bad parameter value: mydomain = " + domain_value + ": " + problem +
                                   "; every Postfix program stops",
                      code::bad_hostname);
            else if (hostname)
                error(*hostname, "mydomain's default " + domain_value + " (myhostname without its "
                                     "first label) is not a valid host name: " + problem +
                                     "; every Postfix program stops (set mydomain)",
                      code::bad_hostname);
        }
    }

    // Postfix expands myhostname before mydomain has its default, which myhostname makes.
    static std::string circular_domain_hint(const Setting& hostname, const Setting* domain)
    {
        std::set<std::string, std::less<>> names;
        collect_references(hostname.value, names);
        if (domain || !names.count("mydomain"))
            return "";
        return " ($mydomain is empty there: its default comes from myhostname, so set mydomain "
               "in main.cf)";
    }

    void syslog_facility()
    {
        const Setting* setting = config_.main_cf_setting("syslog_facility");
        if (!setting)
            return;
        const std::string value = config_.expand("syslog_facility");
        for (std::string_view facility : facilities)
            if (value == facility)
                return;
        error(*setting, "parameter syslog_facility: unrecognized value: " + value +
                            " (a syslog facility in lower case: mail, daemon, local0...local7); "
                            "every Postfix program stops",
              code::bad_enumeration);
    }

    // Names that are wrong on every host: root has user and group ID 0 everywhere.
    void accounts()
    {
        for (const char* name : {"mail_owner", "default_privs"}) {
            const Setting* setting = config_.main_cf_setting(name);
            if (setting && config_.expand(name) == "root")
                error(*setting, std::string("parameter ") + name + ": user root has privileged "
                                    "user ID; every Postfix program stops",
                      code::startup_refused);
        }
        if (const Setting* setting = config_.main_cf_setting("setgid_group");
            setting && config_.expand("setgid_group") == "root")
            error(*setting, "parameter setgid_group: group root has privileged group ID; every "
                            "Postfix program stops",
                  code::startup_refused);
        const std::string privs = config_.expand("default_privs");
        if (privs == config_.expand("mail_owner")) {
            const Setting* setting = config_.main_cf_setting("default_privs");
            if (!setting)
                setting = config_.main_cf_setting("mail_owner");
            if (setting)
                error(*setting, "parameters default_privs and mail_owner specify the same user " +
                                    privs + "; every Postfix program stops (default_privs is "
                                    "for deliveries to commands and files, and must not own "
                                    "the queue)",
                      code::startup_refused);
        }
    }

    void relayhost()
    {
        const Setting* setting = config_.main_cf_setting("relayhost");
        const std::string hostname = config_.expand("myhostname");
        if (setting && !hostname.empty() &&
            strcasecmp(config_.expand("relayhost").c_str(), hostname.c_str()) == 0)
            error(*setting, "myhostname and relayhost parameter settings must not be identical: " +
                                hostname + "; every Postfix program stops (mail would loop)",
                  code::startup_refused);
    }

    void myorigin()
    {
        const Setting* setting = config_.main_cf_setting("myorigin");
        if (!setting)
            return;
        std::string value = config_.expand("myorigin");
        std::string from;
        // Debian's Postfix reads the first line of a file named by an absolute path.
        if (!value.empty() && value.front() == '/') {
            const UniqueFd file(::open(options_.resolve(value).c_str(), O_RDONLY | O_CLOEXEC));
            if (!file) {
                if (!options_.no_file_checks)
                    error(*setting, value + ": cannot open file: myorigin names a file (Debian "
                                        "reads its first line) that does not exist; every "
                                        "Postfix program stops",
                          code::startup_refused);
                return;
            }
            from = " (the first line of " + value + ")";
            // Bounded: a domain is at most 255 bytes, and a file without newlines (a device,
            // a binary) must not be read whole.
            char start[1024];
            const ssize_t got = ::read(file.get(), start, sizeof start);
            const std::string_view text(start, got > 0 ? static_cast<std::size_t>(got) : 0);
            value = text.substr(0, text.find('\n'));
        }
        if (value.find_first_of(", \t\r\n") != std::string::npos)
            error(*setting, "myorigin parameter setting must not contain multiple values: " +
                                value + from + "; every Postfix program stops",
                  code::startup_refused);
    }

    // Both default_verp_delimiters characters must be ones verp_delimiter_filter allows. Their
    // lengths (2, and at least 1) are the parameter checks'.
    void verp_delimiters()
    {
        const Setting* delimiters_setting = config_.main_cf_setting("default_verp_delimiters");
        const Setting* filter_setting = config_.main_cf_setting("verp_delimiter_filter");
        if (!delimiters_setting && !filter_setting)
            return;
        const std::string delimiters = config_.expand("default_verp_delimiters");
        const std::string filter = config_.expand("verp_delimiter_filter");
        if (delimiters.size() != 2 || filter.empty())
            return;
        const bool first_allowed = filter.find(delimiters[0]) != std::string::npos;
        if (first_allowed && filter.find(delimiters[1]) != std::string::npos)
            return;
        const char refused = first_allowed ? delimiters[1] : delimiters[0];
        error(delimiters_setting ? *delimiters_setting : *filter_setting,
              std::string("parameters default_verp_delimiters and verp_delimiter_filter: bad ") +
                  (first_allowed ? "second" : "first") + " VERP delimiter character ('" +
                  refused + "' of default_verp_delimiters = " + delimiters +
                  " is not among verp_delimiter_filter = " + filter +
                  "); every Postfix program stops",
              code::startup_refused);
    }

    // Warnings, not errors: Postfix skips the association and goes on.
    void known_tcp_ports()
    {
        const Setting* setting = config_.main_cf_setting("known_tcp_ports");
        if (!setting)
            return;
        const std::string value = config_.expand("known_tcp_ports");
        std::vector<KnownTcpPortProblem> problems;
        const KnownTcpPorts read(value, &problems);
        for (const KnownTcpPortProblem& problem : problems)
            sink_.report(Severity::warning,
                         value == setting->value ? setting->location_of(problem.offset)
                                                 : setting->value_location,
                         problem.message + "; every Postfix program skips it",
                         code::known_tcp_ports);
    }

    const Configuration& config_;
    DiagnosticSink& sink_;
    const CheckOptions& options_;
};

} // namespace

void check_startup(const Configuration& config, DiagnosticSink& sink, const CheckOptions& options)
{
    StartupChecker(config, sink, options).run();
}

} // namespace mf::compiler
