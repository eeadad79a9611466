// Restriction lists of main.cf and of every smtpd service after its -o overrides: unknown
// restrictions, missing arguments, restrictions with no effect in their list, unreachable
// entries, and the restriction classes (see restriction_analysis.hpp for each finding).
#include "compiler/checks.hpp"
#include "compiler/restriction_inputs.hpp"

namespace mf::compiler {

namespace {

void check_context(const Configuration& config, const Service* service, UniqueReporter& reporter)
{
    const RestrictionEnvironment env = restriction_environment(config, service);
    for (RestrictionList list : all_restriction_lists())
        check_restriction_list(list, restriction_value(config, restriction_list_parameter(list), service),
                               env, reporter);
    check_restriction_classes(env, reporter);
}

} // namespace

void check_restrictions(const Configuration& config, DiagnosticSink& sink, const CheckOptions&)
{
    UniqueReporter reporter(sink);
    for_each_restriction_scope(config,
                               [&](const Service* service) { check_context(config, service, reporter); });
}

} // namespace mf::compiler
