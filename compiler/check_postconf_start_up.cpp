// What postconf evaluates when it starts with only main.cf's settings defined (the restriction
// classes, the inputs of the host and network defaults), where that stops it although the same
// value expands cleanly with every parameter defined, as the daemons expand it:
// `postfix check` and `postfix start` run postconf, so the mail system does not start.
// The faults a full expansion meets are check_expansions's.
#include "compiler/checks.hpp"
#include "compiler/postconf_expansions.hpp"

namespace mf::compiler {

void check_postconf_start_up(const Configuration& config, DiagnosticSink& sink, const CheckOptions&)
{
    report_start_up_evaluation_faults(config, sink);
}

} // namespace mf::compiler
