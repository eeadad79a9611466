// Mailbox settings local(8) never reads. It delivers a mailbox through the first of these that
// is set: mailbox_transport (hands the message to that transport), mailbox_command, home_mailbox,
// mail_spool_directory (mailbox_command_maps and mailbox_transport_maps only for the users they
// list). So home_mailbox = Maildir/ does nothing while mailbox_command is set, a classic
// surprise on systems whose installer set mailbox_command to procmail. Postfix says nothing;
// mfcc warns at the ignored setting, for each local service with its -o overrides.
#include <set>
#include <vector>

#include "compiler/checks.hpp"
#include "compiler/diagnostic_codes.hpp"

namespace mf::compiler {

namespace {

void check_scope(const Configuration& config, const Service& service, DiagnosticSink& sink,
                 std::set<const Setting*>& reported)
{
    // Each parameter, with the ones it makes local(8) ignore when it is not empty.
    struct Precedence {
        const char* winner;
        std::vector<const char*> ignored;
    };
    const Precedence order[] = {
        {"mailbox_transport",
         {"mailbox_command_maps", "mailbox_command", "home_mailbox", "mail_spool_directory"}},
        {"mailbox_command", {"home_mailbox", "mail_spool_directory"}},
        {"home_mailbox", {"mail_spool_directory"}},
    };
    for (const Precedence& rule : order) {
        const std::string winner = config.expand(rule.winner, &service);
        if (winner.empty())
            continue;
        for (const char* name : rule.ignored) {
            const auto value = config.lookup(name, &service);
            if (!value || !value->setting || config.expand(name, &service).empty() ||
                !reported.insert(value->setting).second)
                continue;
            sink.report(Severity::warning, value->setting->value_location,
                        std::string(name) + " is ignored: " + rule.winner + " = " + winner +
                            " delivers every local mailbox (local(8) reads " + name +
                            " only when " + rule.winner + " is empty)",
                        code::mailbox_setting_ignored);
        }
        return;
    }
}

} // namespace

void check_local_delivery(const Configuration& config, DiagnosticSink& sink, const CheckOptions&)
{
    std::set<const Setting*> reported;
    for (const Service& service : config.services())
        if (service.command_basename() == "local")
            check_scope(config, service, sink, reported);
}

} // namespace mf::compiler
