// "Checked only when X is enabled": some parameters are read by their daemon only when another
// setting turns the feature on (smtpd reads smtpd_sasl_type only with smtpd_sasl_auth_enable =
// yes), so a bad value there is harmless until then. The condition is written in the catalog's
// enumerations.tsv (column "when"): alternatives separated by '|', each a conjunction of atoms
// separated by '&'; an atom is NAME (a boolean that is yes), NAME=W1/W2 (its value is one of the
// words, any case; "(empty)" is the empty value) or NAME!=W1/W2 (it is none of them). Values are
// taken as a service sees them: its -o overrides, else main.cf, else the default, expanded.
// A condition too long to read may start with its description and a ':'. The condition "never"
// never holds: Postfix ignores the parameter (its description says since when).
#pragma once

#include <string>
#include <string_view>

namespace mf::compiler {

class Configuration;
struct Service;

// Whether `condition` holds for `service` (nullptr: main.cf alone). An empty condition holds.
// Atoms are evaluated left to right, each expanding one parameter, only until the answer is
// known: callers ask only about values found bad.
bool condition_holds(std::string_view condition, const Configuration& config,
                     const Service* service);

// Whether `condition` is "never" (after its description).
bool condition_is_never(std::string_view condition);

// The condition in words: its description, else "smtpd_sasl_auth_enable = yes",
// "smtpd_milters is not empty or non_smtpd_milters is not empty".
std::string describe_condition(std::string_view condition);

} // namespace mf::compiler
