// main.cf into Settings: one per `name = value` logical line, with the location of the name
// and of the value. Lines Postfix would die on (no '=', no name) and lines holding a NUL byte
// (Postfix would silently cut the value there) are reported as errors and skipped.
#include <cstring>

#include "compiler/config_readers.hpp"
#include "compiler/diagnostic_codes.hpp"
#include "grammar/logical_lines.hpp"
#include "grammar/main_cf.hpp"

namespace mf::compiler {

namespace {

SourceLocation at(const std::string& file, const grammar::LogicalLine& line, std::size_t offset)
{
    const grammar::Position position = line.position_of(offset);
    return {file, position.line, position.column};
}

} // namespace

void read_main_cf(const std::string& file, std::string_view text, std::vector<Setting>& out,
                  DiagnosticSink& sink)
{
    grammar::read_logical_lines(
        text,
        [&](const grammar::LogicalLine& line) {
            if (const void* nul = std::memchr(line.text.data(), '\0', line.text.size())) {
                const std::size_t offset =
                    static_cast<std::size_t>(static_cast<const char*>(nul) - line.text.data());
                sink.report(Severity::error, at(file, line, offset),
                            "NUL byte in a main.cf line; Postfix would cut the line here",
                            code::nul_byte);
                return;
            }
            grammar::main_cf::Entry entry;
            if (auto error = grammar::main_cf::parse_entry(line.text, entry)) {
                const grammar::Position position = error->after
                                                       ? line.position_after(error->offset)
                                                       : line.position_of(error->offset);
                sink.report(Severity::error, {file, position.line, position.column},
                            error->message, code::main_cf_syntax);
                return;
            }
            Setting setting;
            setting.name.assign(line.text.substr(entry.name_begin, entry.name_end - entry.name_begin));
            setting.value.assign(
                line.text.substr(entry.value_begin, entry.value_end - entry.value_begin));
            setting.name_location = at(file, line, entry.name_begin);
            setting.value_location = at(file, line, entry.value_begin);
            record_value_pieces(line, entry.value_begin, entry.value_end, setting);
            out.push_back(std::move(setting));
        },
        [&](grammar::Position position, std::string_view message) {
            sink.report(Severity::warning, {file, position.line, position.column},
                        std::string(message) + " (the line is ignored)",
                        code::leading_whitespace);
        });
}

void record_value_pieces(const grammar::LogicalLine& line, std::size_t begin, std::size_t end,
                         Setting& setting)
{
    if (line.physical_lines() < 2)
        return;
    line.for_each_piece(begin, end, [&](std::size_t offset, grammar::Position position) {
        if (offset != begin)
            setting.continued.push_back({offset - begin, position.line, position.column});
    });
}

bool split_name_value(std::string_view text, std::size_t& name_begin, std::size_t& name_end,
                      std::size_t& value_begin, std::size_t& value_end)
{
    grammar::main_cf::Entry entry;
    if (grammar::main_cf::parse_entry(text, entry))
        return false;
    name_begin = entry.name_begin;
    name_end = entry.name_end;
    value_begin = entry.value_begin;
    value_end = entry.value_end;
    return true;
}

} // namespace mf::compiler
