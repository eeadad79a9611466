// The two file readers behind load_configuration: logical lines (grammar/logical_lines.hpp),
// then the main.cf or master.cf entry grammar, into Settings and Services with locations.
// Syntax problems go to the sink with Postfix's wording; the bad line is skipped and reading
// goes on, so one run reports every bad line.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/configuration.hpp"
#include "compiler/diagnostic.hpp"

namespace mf::grammar {
class LogicalLine;
}

namespace mf::compiler {

void read_main_cf(const std::string& file, std::string_view text, std::vector<Setting>& out,
                  DiagnosticSink& sink);

void read_master_cf(const std::string& file, std::string_view text, std::vector<Service>& out,
                    DiagnosticSink& sink);

// Postfix's split_nameval on an `-o` operand whose outer braces are already removed: the name
// runs to whitespace or '=', then '=', then the value, trimmed. False when there is no '='.
// Records in setting.continued where the value, text [begin, end) of `line`, crosses into
// continuation lines, so that Setting::location_of is exact anywhere in the value.
void record_value_pieces(const grammar::LogicalLine& line, std::size_t begin, std::size_t end,
                         Setting& setting);

bool split_name_value(std::string_view text, std::size_t& name_begin, std::size_t& name_end,
                      std::size_t& value_begin, std::size_t& value_end);

} // namespace mf::compiler
