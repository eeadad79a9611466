// Checks of smtpd restriction lists over plain inputs: a list's expanded text with a way to map a
// byte offset back to FILE:LINE:COL, the restriction classes in force and the few parameters that
// change how smtpd reads a list. Nothing here knows main.cf or master.cf; check_restrictions.cpp
// and check_open_relay.cpp feed it from the configuration model. Findings go to a UniqueReporter
// so a list inherited by several smtpd services is reported once.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/diagnostic.hpp"
#include "compiler/postfix_list_split.hpp"
#include "compiler/restriction_catalog.hpp"
#include "compiler/unique_reporter.hpp"

namespace mf::compiler {

// One restriction list (or restriction class body) as smtpd will read it.
struct RestrictionValue {
    std::string name;        // parameter or class name, for messages
    std::string text;        // the value after $name expansion
    SourceLocation location; // where the value is written (the -o operand for overrides)
    bool explicitly_set = false; // false: the built-in default is in force
    // Maps a byte offset in `text` to its place in the file; unset when expansion means offsets
    // do not correspond to the file (then every token is reported at `location`).
    std::function<SourceLocation(std::size_t)> locate;

    SourceLocation at(std::size_t offset) const { return locate ? locate(offset) : location; }
};

struct RestrictionEnvironment {
    // Restriction classes declared in smtpd_restriction_classes, by exact name (smtpd looks
    // them up case-sensitively), with their bodies; a declared class without a body is kept
    // with an empty text, located at its name in smtpd_restriction_classes, so the checks can
    // say it needs a definition.
    std::map<std::string, RestrictionValue, std::less<>> classes;
    bool delay_reject = true;        // smtpd_delay_reject
    bool mynetworks_matches_everyone = false; // mynetworks holds 0.0.0.0/0 or ::/0
};

// One parsed entry of a list: a restriction with the argument token it consumes.
struct RestrictionEntry {
    ListToken token;
    const RestrictionInfo* info = nullptr;     // a built-in restriction
    const RestrictionValue* class_body = nullptr; // a restriction class
    bool bare_table = false;                   // `type:table` standing for check_*_access
    bool has_argument = false;
    ListToken argument;
};

std::vector<RestrictionEntry> parse_restriction_entries(std::string_view text,
                                                        const RestrictionEnvironment& env);

// Unknown names, missing or misread arguments, restrictions with no effect in this list, bare
// tables without a default access restriction, deprecated names, entries that can never run.
void check_restriction_list(RestrictionList list, const RestrictionValue& value,
                            const RestrictionEnvironment& env, UniqueReporter& reporter);

// smtpd_restriction_classes itself: classes without a definition, classes shadowed by a
// built-in name, classes that (indirectly) name themselves, and the bodies of classes no list
// uses (checked for names and arguments only).
void check_restriction_classes(const RestrictionEnvironment& env, UniqueReporter& reporter);

// How a list ends for a client that is neither trusted nor authenticated, sending to a
// destination this server does not serve: the question an open relay answers wrongly.
enum class RelayOutcome {
    refused,       // a reject_unauth_destination-like restriction (or reject/defer) runs first
    permitted,     // an unconditional permit runs first
    falls_through, // the list ends without a decision
};
RelayOutcome relay_outcome(const RestrictionValue& list, const RestrictionEnvironment& env);

// smtpd's own start-up test (smtpd_check.c has_required): the list names reject_unauth_destination,
// defer_unauth_destination, reject, defer, defer_if_permit or check_relay_domains before any
// `permit`, directly or through a restriction class. smtpd refuses to start when neither
// smtpd_relay_restrictions nor smtpd_recipient_restrictions passes it.
bool has_working_relay_guard(const RestrictionValue& list, const RestrictionEnvironment& env);

// The relay/recipient pair of one smtpd service. `service` names it in messages ("" for main.cf
// alone). Reports relay-restrictions-missing when smtpd would refuse to start, open-relay when it
// would start and accept mail for any destination.
void check_open_relay(const RestrictionValue& relay, const RestrictionValue& recipient,
                      const RestrictionEnvironment& env, std::string_view service,
                      UniqueReporter& reporter);

} // namespace mf::compiler
