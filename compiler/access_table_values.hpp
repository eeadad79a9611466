// How smtpd reads one value of an access table (check_table_result in smtpd_check.c): a first
// word that is an action (any case: OK, REJECT, DUNNO, FILTER, ...), a value of digits only
// (OK), a 4xx/5xx code followed by text, or else a list of restrictions and restriction classes.
// This says what smtpd would misread in a value: a word that is none of these or a lookup table
// (451 4.3.5 Server configuration error for the mail that matches), a lone "554" (all digits:
// accepted), an action without the argument it needs (ignored with a warning).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "compiler/restriction_analysis.hpp"
#include "compiler/table_values.hpp"

namespace mf::compiler {

std::optional<AnswerProblem> access_value_problem(std::string_view value,
                                                       const RestrictionEnvironment& env);

} // namespace mf::compiler
