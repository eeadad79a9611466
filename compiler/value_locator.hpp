// Maps the tokens of a list value back to FILE:LINE:COLUMN. The configuration model gives the
// location where a value starts; a value may continue over several lines, so each token is
// found again, in order, in the source text from that point. Used only for values that were not
// changed by $name expansion; otherwise every token is reported at the value's start.
#pragma once

#include <cstddef>
#include <functional>
#include <string_view>

#include "compiler/diagnostic.hpp"

namespace mf::compiler {

std::function<SourceLocation(std::size_t)> make_token_locator(std::string_view source_text,
                                                              const SourceLocation& value_start,
                                                              std::string_view value_text);

} // namespace mf::compiler
