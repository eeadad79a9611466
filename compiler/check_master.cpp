// master.cf beyond its syntax (the reader checks fields): duplicate services as master sees them
// (type plus canonical endpoint: `smtp` and `25` collide; master keeps the last entry), commands
// that are not Postfix daemons, inet services marked private (fatal in master), inet ports named
// by a name nothing maps to a port (fatal too), single-process daemons with another process
// limit, wakeup timers on daemons that ignore them, pipe/spawn without argv=, -o of parameters
// Postfix does not know (postconf's "unused parameter"), option words that postconf reads
// otherwise than the daemon's getopt (daemon_options.hpp), and an argument after the options
// of a daemon that takes none (a space inside an -o value).
#include <sys/stat.h>

#include "compiler/checks.hpp"
#include "compiler/closest_name.hpp"
#include "compiler/config_check_codes.hpp"
#include "compiler/daemon_options.hpp"
#include "compiler/diagnostic_codes.hpp"
#include "compiler/master_semantics.hpp"
#include "compiler/network_syntax.hpp"
#include "compiler/service_ports.hpp"
#include "util/ascii.hpp"

namespace mf::compiler {

namespace {

bool is_private(const Service& service) { return service.private_field.text != "n"; }

// The entries a later one for the same endpoint replaces (Configuration::index marks them).
void check_duplicates_of(const Configuration& config, DiagnosticSink& sink)
{
    for (const Service& service : config.services())
        if (service.superseded())
            sink.report(Severity::warning, service.location,
                        "duplicate master.cf entry for service \"" + service.name.text + "\" (" +
                            master_endpoint_name(service.name.text, service.type.text,
                                                 is_private(service),
                                                 config.known_tcp_ports()) +
                            ") -- using the last entry (line " +
                            std::to_string(service.superseded_by_line) +
                            "); this entry is ignored",
                        code::master_duplicate_service);
}

bool file_exists(const std::string& path)
{
    struct stat info {};
    return stat(path.c_str(), &info) == 0;
}

void check_command(const Configuration& config, const Service& service, DiagnosticSink& sink,
                   const CheckOptions& options)
{
    const std::string& command = service.command.text;
    if (is_postfix_daemon(command))
        return;
    const std::string daemon_directory = config.expand("daemon_directory");
    const std::string path = daemon_directory + "/" + command;
    if (file_exists(options.resolve(path)))
        return;
    const std::string suggestion = did_you_mean(command, postfix_daemons());
    // A repository checked with --no-file-checks has no daemon_directory: only a likely typo of
    // a Postfix daemon is worth an error there.
    if (options.no_file_checks && suggestion.empty())
        return;
    sink.report(Severity::error, service.command.location,
                "command \"" + command + "\" of service " + service.key() +
                    " is not a Postfix daemon and " + path + " does not exist" + suggestion +
                    "; master cannot start it",
                code::master_unknown_command);
}

// An inet service's port: master looks a name up in known_tcp_ports, then in the services
// database, and stops when neither lists it. Only where this host has a services database.
void check_inet_port(const Configuration& config, const Service& service, DiagnosticSink& sink)
{
    if (service.type.text != "inet")
        return;
    const std::string_view port = inet_service_host_port(service.name.text).second;
    if (port.empty() || all_digits(port) || config.known_tcp_ports().port_of(port) ||
        tcp_service_port(port) || !services_database_readable())
        return;
    sink.report(Severity::error, service.name.location,
                "the port \"" + std::string(port) + "\" of inet service " + service.key() +
                    " is neither a number nor a name that known_tcp_ports or /etc/services "
                    "lists; master stops at start-up (\"...:" + std::string(port) +
                    ": Servname not supported for ai_socktype\")",
                code::master_unknown_port);
}

bool has_argv(const Service& service)
{
    for (const ServiceField& argument : service.arguments)
        if (argument.text.rfind("argv=", 0) == 0)
            return true;
    return false;
}

std::string_view wakeup_seconds(std::string_view wakeup)
{
    if (!wakeup.empty() && wakeup.back() == '?')
        wakeup.remove_suffix(1);
    return wakeup;
}

std::string joined(const std::vector<std::string>& words)
{
    std::string out;
    for (const std::string& word : words)
        out += (out.empty() ? "" : " ") + word;
    return out;
}

// postconf -M, -P and postconf's warnings show what postconf reads; the daemon runs with what
// getopt reads. Where they differ, the administrator is misled about the settings in force.
void check_option_reading(const Service& service, DiagnosticSink& sink)
{
    const std::vector<std::string> texts = service.argument_texts();
    const std::vector<std::string> daemon = getopt_option_words(texts);
    std::size_t count = 0;
    std::vector<std::string> postconf = postconf_option_words(texts, count);
    postconf.resize(count);
    if (override_operands(daemon) == override_operands(postconf))
        return;
    SourceLocation where = service.command.location;
    for (const ServiceField& argument : service.arguments) {
        const std::string word = unbraced_argument(argument.text);
        if (word.size() > 2 && word.front() == '-' && word.find('o', 2) != std::string::npos) {
            where = argument.location;
            break;
        }
    }
    sink.report(Severity::warning, where,
                "postconf reads the options of service " + service.key() + " as `" +
                    joined(postconf) + "`, but the daemon reads `" + joined(daemon) +
                    "`: postconf -M and -P show, and postconf warns about, settings the daemon "
                    "does not have; write -o and its name=value as two words",
                code::master_joined_option);
}

// getopt stops at the first argument that is not an option; most daemons then refuse it (and
// the options after it were never read).
void check_extra_argument(const Service& service, DiagnosticSink& sink)
{
    const std::string_view command = service.command_basename();
    std::size_t first = service.option_count;
    // getopt takes "--" as the end of the options, not as an argument.
    if (first < service.arguments.size() &&
        unbraced_argument(service.arguments[first].text) == "--")
        ++first;
    if (!refuses_arguments(command) || first >= service.arguments.size())
        return;
    const ServiceField& extra = service.arguments[first];
    std::string message = std::string(command) + " service " + service.key() +
                          " gets the argument \"" + extra.text +
                          "\" after its options, and stops with \"fatal: unexpected command-line "
                          "argument: " + unbraced_argument(extra.text) +
                          "\" at every request it serves";
    for (std::size_t later = first + 1; later < service.arguments.size(); ++later)
        if (unbraced_argument(service.arguments[later].text).starts_with('-')) {
            message += " (the options after it are not read either)";
            break;
        }
    // The usual causes: a comment after the entry, or a space inside an -o value (the word
    // before is then an -o operand not in braces).
    const std::string_view before =
        first > 0 ? std::string_view(service.arguments[first - 1].text) : std::string_view();
    if (extra.text.starts_with('#'))
        message += "; master.cf has no comments after an entry ('#' starts one only at the "
                   "beginning of a line): move it to a line of its own";
    else if (const std::size_t equals = before.find('=');
             equals != std::string_view::npos && !before.starts_with('-') &&
             !before.starts_with('{')) {
        const std::string name = name_value_text(before.substr(0, equals));
        message += "; master.cf ends an -o value at white space, so it is not part of " + name +
                   ": write the value without spaces, or as -o { " + name + " = ... }";
    }
    sink.report(Severity::error, extra.location, std::move(message), code::master_extra_argument);
}

void check_entry(const Configuration& config, const Service& service, DiagnosticSink& sink,
                 const CheckOptions& options)
{
    if (service.type.text == "inet" && service.private_field.text != "n")
        sink.report(Severity::error, service.private_field.location,
                    "inet service cannot be private" +
                        std::string(service.private_field.text == "-"
                                        ? " (the private field defaults to y): write n"
                                        : ": write n") +
                        "; master will not start",
                    code::master_inet_private);
    check_inet_port(config, service, sink);
    check_command(config, service, sink, options);
    const std::string_view command = service.command_basename();
    if (needs_single_process(command) && service.process_limit.text != "1")
        sink.report(Severity::warning, service.process_limit.location,
                    std::string(command) + " must run as a single process, but service " +
                        service.key() + " allows " +
                        (service.process_limit.text == "-" ? "$default_process_limit"
                                                           : service.process_limit.text) +
                        "; set maxproc to 1",
                    code::master_process_limit);
    const std::string_view wakeup = wakeup_seconds(service.wakeup.text);
    if (wakeup != "-" && !wakeup.empty() && wakeup.find_first_not_of('0') != std::string_view::npos &&
        !acts_on_wakeup(command))
        sink.report(Severity::warning, service.wakeup.location,
                    std::string(command) + " does not act on wakeup events; master will still "
                                           "send service " + service.key() +
                        " one every " + std::string(wakeup) + " seconds; set wakeup to 0",
                    code::master_wakeup_ignored);
    // master(5): "The pickup(8), qmgr(8) and flush(8) daemons require a wake up timer."
    if ((command == "pickup" || command == "qmgr" || command == "flush") &&
        (wakeup == "-" || wakeup.empty() || wakeup.find_first_not_of('0') == std::string_view::npos))
        sink.report(Severity::warning, service.wakeup.location,
                    std::string(command) + " service " + service.key() +
                        " has no wakeup timer, which master(5) says " + std::string(command) +
                        " requires: " +
                        (command == "pickup" ? "mail dropped while a trigger was lost waits in maildrop"
                         : command == "qmgr" ? "deferred mail is retried only when new mail arrives"
                                             : "the fast flush logs are never refreshed") +
                        "; set wakeup to " +
                        (command == "pickup" ? "60" : command == "qmgr" ? "300" : "1000?"),
                    code::master_wakeup_missing);
    if (needs_argv_attribute(command) && !has_argv(service))
        sink.report(Severity::error, service.command.location,
                    std::string(command) + " service " + service.key() +
                        " has no argv=... attribute naming the program to run; " +
                        std::string(command) + " stops at start-up",
                    code::master_missing_argv);
    check_option_reading(service, sink);
    check_extra_argument(service, sink);
    for (const Setting& setting : service.overrides) {
        if (config.is_known(setting.name))
            continue;
        std::string message = "unused parameter: " + setting.name + "=" + setting.value;
        const std::string suggestion = suggest_parameter(config, setting.name);
        message += suggestion.empty()
                       ? " (unknown to Postfix and referenced nowhere)"
                       : " (unknown to Postfix; did you mean " + suggestion + "?)";
        sink.report(Severity::warning, setting.name_location, std::move(message),
                    code::unknown_parameter);
    }
}

} // namespace

void check_master(const Configuration& config, DiagnosticSink& sink, const CheckOptions& options)
{
    check_duplicates_of(config, sink);
    for (const Service& service : config.services())
        check_entry(config, service, sink, options);
}

} // namespace mf::compiler
