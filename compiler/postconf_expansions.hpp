// What postconf expands after reading the files and before printing anything, and how that
// kills it: a syntax error on the path an expansion takes, or nesting past 100 levels, stops
// it with "macro processing error". Its views then print nothing, and `postfix check` and
// `postfix start`, which run postconf, stop too.
//   - the value of every Postfix parameter (built-in or per-service, neither RAW nor
//     read-only) set in main.cf or by an -o, in its own scope, to find the legacy database
//     parameters it names;
//   - smtpd_restriction_classes, and what the defaults it computes read (mydomain for
//     myhostname's when the system name has no dot, myhostname for mydomain's, the interfaces,
//     protocols and style for mynetworks's): main.cf's value with only main.cf's settings
//     defined, else the default in full;
//   - with -x, each name shown.
// Computing mynetworks's default also stops it on a word inet_protocols or mynetworks_style
// does not know.
#pragma once

#include <string>
#include <vector>

#include "compiler/configuration.hpp"

namespace mf::compiler {

// Every expansion postconf makes when it starts (and, for `postconf -x -h NAME...`, of the
// names shown) that stops it: each reported to `fatal` as an error at the faulty text.
void report_expansions_postconf_dies_on(const Configuration& config,
                                        const std::vector<std::string>& shown,
                                        DiagnosticSink& fatal);

// Only the faults of the evaluations with main.cf's settings alone that expanding the same
// value with every parameter defined does not meet: the faults check_expansions cannot see.
void report_start_up_evaluation_faults(const Configuration& config, DiagnosticSink& sink);

} // namespace mf::compiler
