// Milter definitions Postfix cannot use (milter-definition). smtpd reads smtpd_milters and
// cleanup non_smtpd_milters (mail from sendmail and pickup); each element is transport:endpoint
// or a braced definition with per-Milter settings (milter_definition.hpp). Some mistakes stop
// the program ("fatal: ... garbage after numerical service", "unknown option"): smtpd then
// greets no client, cleanup queues no mail at all. The others make it skip that Milter with a
// warning; at the default milter_default_action = tempfail every client then gets "451 4.3.5
// Server configuration problem", and at accept the mail passes unfiltered. Postfix says nothing
// before mail arrives. Judged for each smtpd and cleanup service with its -o overrides.
#include "compiler/checks.hpp"
#include "compiler/diagnostic_codes.hpp"
#include "compiler/milter_definition.hpp"
#include "compiler/postfix_list_split.hpp"
#include "compiler/unique_reporter.hpp"

namespace mf::compiler {

namespace {

void check_list(const Configuration& config, const Service& service, const char* parameter,
                const char* program, UniqueReporter& reporter)
{
    const auto milters = config.lookup(parameter, &service);
    if (!milters || !milters->setting)
        return;
    const std::string expanded = config.expand(parameter, &service);
    ExpansionLocator locate(*milters->setting, expanded, &config, &service);
    for (const ListToken& element : split_postfix_list(expanded).tokens)
        for (const MilterProblem& problem : milter_problems(element.text)) {
            const std::string consequence =
                problem.fatal
                    ? std::string(program) + " dies (\"fatal: " + problem.message + "\")" +
                          (std::string(program) == "smtpd" ? " before it greets any client"
                                                           : " and no mail is queued")
                    : std::string(program) + " never uses this Milter (\"warning: " +
                          problem.message + "\"); at milter_default_action = tempfail, the "
                          "default, it answers \"451 4.3.5 Server configuration problem\" "
                          "instead, and at accept the mail passes unfiltered";
            const std::string hint = problem.hint.empty() ? "" : " (" + problem.hint + ")";
            reporter.report(Severity::error,
                            locate.at(element.offset + problem.offset),
                            std::string(parameter) + ": " + consequence + hint,
                            code::milter_definition);
        }
}

} // namespace

void check_milters(const Configuration& config, DiagnosticSink& sink, const CheckOptions&)
{
    UniqueReporter reporter(sink);
    for (const Service& service : config.services()) {
        const std::string_view command = service.command_basename();
        if (command == "smtpd")
            check_list(config, service, "smtpd_milters", "smtpd", reporter);
        else if (command == "cleanup")
            check_list(config, service, "non_smtpd_milters", "cleanup", reporter);
    }
}

} // namespace mf::compiler
