// master.cf into Services: the eight fields with their locations, the arguments, and the `-o`
// overrides read as the daemons' getopt reads them (-vo name=value is -v and -o), each split as
// the daemons split it (outer braces removed, then name=value). Field
// errors use postconf's words ("invalid wakeup field"); a bad entry is reported and skipped.
#include <cstring>

#include "compiler/config_readers.hpp"
#include "compiler/daemon_options.hpp"
#include "compiler/diagnostic_codes.hpp"
#include "compiler/network_syntax.hpp"
#include "grammar/logical_lines.hpp"
#include "grammar/master_cf.hpp"

namespace mf::compiler {

namespace {

namespace mg = grammar::master_cf;

SourceLocation at(const std::string& file, const grammar::LogicalLine& line, std::size_t offset)
{
    const grammar::Position position = line.position_of(offset);
    return {file, position.line, position.column};
}

// What the brace error `message` in `word` does (master.cf's tokenizer has cut the line as
// Postfix's does), among `command`'s arguments.
std::string brace_error_consequence(std::string_view message, std::string_view word,
                                    std::string_view command)
{
    if (!word.empty() && word.front() == '{')
        return "master stops at start-up (\"fatal: ... " + std::string(message) + "\")";
    if (command == "pipe" && word.find("${") != std::string_view::npos)
        return "pipe warns \"truncated macro reference\" and defers every message (\"mail system "
               "configuration error\")";
    return "the word runs to the end of the entry, and the daemon gets the rest of the line as one "
           "argument";
}

class MasterReader {
public:
    MasterReader(const std::string& file, std::vector<Service>& out, DiagnosticSink& sink)
        : file_(file), out_(out), sink_(sink)
    {
    }

    void entry(const grammar::LogicalLine& line)
    {
        if (const void* nul = std::memchr(line.text.data(), '\0', line.text.size())) {
            error(line, static_cast<std::size_t>(static_cast<const char*>(nul) - line.text.data()),
                  "NUL byte in a master.cf line", code::nul_byte);
            return;
        }
        std::vector<mg::Token> tokens;
        if (auto failure = mg::parse_entry(line.text, tokens)) {
            if (!failure->tokens_read) {
                error(line, failure->offset, failure->message, code::master_cf_syntax);
                return;
            }
            // The entry is kept, as Postfix reads it, for -M and the other checks.
            const mg::Token& bad = tokens[failure->word];
            const std::string_view word = line.text.substr(bad.begin, bad.end - bad.begin);
            const std::string_view command =
                tokens.size() > 7 ? line.text.substr(tokens[7].begin, tokens[7].end - tokens[7].begin)
                                  : std::string_view();
            error(line, failure->offset,
                  failure->message + " in \"" + std::string(word) +
                      "\": " + brace_error_consequence(failure->message, word, command),
                  code::master_cf_syntax);
        }
        if (tokens.size() < 8) {
            error(line, 0, "bad field count (a master.cf entry has at least 8 fields)",
                  code::master_field_count);
            return;
        }
        Service service;
        service.location = at(file_, line, tokens[0].begin);
        ServiceField* fields[] = {&service.name,         &service.type,
                                  &service.private_field, &service.unprivileged,
                                  &service.chroot,       &service.wakeup,
                                  &service.process_limit, &service.command};
        for (std::size_t i = 0; i < 8; ++i)
            *fields[i] = field(line, tokens[i]);
        bool ok = check_field<mg::service_type>(line, service.type, "type", code::master_bad_type);
        ok &= check_field<mg::yes_no_default>(line, service.private_field, "private",
                                               code::master_bad_field);
        ok &= check_field<mg::yes_no_default>(line, service.unprivileged, "unprivileged",
                                               code::master_bad_field);
        ok &= check_field<mg::yes_no_default>(line, service.chroot, "chroot", code::master_bad_field);
        ok &= check_field<mg::wakeup>(line, service.wakeup, "wakeup", code::master_bad_wakeup);
        ok &= check_field<mg::process_limit>(line, service.process_limit, "process_limit",
                                              code::master_bad_process_limit);
        if (service.type.text == "inet")
            if (const std::string problem = inet_service_problem(service.name.text);
                !problem.empty()) {
                report(Severity::error, service.name.location,
                       "invalid inet service \"" + service.name.text + "\": " + problem +
                           " (expected port, host:port or [address]:port); master stops at "
                           "start-up (\"" + problem + " in \"" + service.name.text + "\"\")",
                       code::master_bad_service);
                ok = false;
            }
        for (std::size_t i = 8; i < tokens.size(); ++i)
            service.arguments.push_back(field(line, tokens[i]));
        read_overrides(line, tokens, service);
        if (ok)
            out_.push_back(std::move(service));
    }

    void warning(grammar::Position position, std::string_view message)
    {
        report(Severity::warning, {file_, position.line, position.column},
               std::string(message) + " (the line is ignored)", code::leading_whitespace);
    }

private:
    ServiceField field(const grammar::LogicalLine& line, const mg::Token& token)
    {
        return {std::string(line.text.substr(token.begin, token.end - token.begin)),
                at(file_, line, token.begin)};
    }

    template <typename Rule>
    bool check_field(const grammar::LogicalLine&, const ServiceField& field, const char* what,
                     const char* code)
    {
        if (mg::matches<Rule>(field.text))
            return true;
        report(Severity::error, field.location,
               std::string("invalid ") + what + " field \"" + field.text + "\"", code);
        return false;
    }

    // The daemon options as getopt reads them (daemon_options.hpp): the flags, kept for the
    // snapshot, and each -o operand split into a Setting at its exact position.
    void read_overrides(const grammar::LogicalLine& line, const std::vector<mg::Token>& tokens,
                        Service& service)
    {
        const std::vector<std::string> texts = service.argument_texts();
        const DaemonOptions options = read_daemon_options(texts);
        service.option_count = options.option_count;
        for (const DaemonOption& option : options.options) {
            const std::size_t token_begin = tokens[8 + option.argument].begin;
            if (!option.is_override) {
                service.option_flags.push_back(texts[option.argument].substr(option.offset, option.length));
                continue;
            }
            if (option.missing_operand) {
                report(Severity::error, at(file_, line, token_begin + option.offset),
                       "-o without a name=value operand: the daemon would stop at start-up",
                       code::master_bad_override);
                continue;
            }
            const std::string_view operand =
                std::string_view(texts[option.argument]).substr(option.offset, option.length);
            std::size_t inner_begin = 0, inner_end = 0;
            inside_braces(operand, inner_begin, inner_end);
            const std::string_view inner = operand.substr(inner_begin, inner_end - inner_begin);
            std::size_t name_begin = 0, name_end = 0, value_begin = 0, value_end = 0;
            const std::size_t base = token_begin + option.offset + inner_begin;
            if (!split_name_value(inner, name_begin, name_end, value_begin, value_end)) {
                report(Severity::error, at(file_, line, base),
                       "-o operand \"" + std::string(operand) +
                           "\" is not name=value: the daemon would stop at start-up",
                       code::master_bad_override);
                continue;
            }
            Setting setting;
            setting.name.assign(inner.substr(name_begin, name_end - name_begin));
            setting.value.assign(inner.substr(value_begin, value_end - value_begin));
            setting.name_location = at(file_, line, base + name_begin);
            setting.value_location = at(file_, line, base + value_begin);
            record_value_pieces(line, base + value_begin, base + value_end, setting);
            service.overrides.push_back(std::move(setting));
        }
    }

    void error(const grammar::LogicalLine& line, std::size_t offset, std::string message,
               const char* code)
    {
        report(Severity::error, at(file_, line, offset), std::move(message), code);
    }

    void report(Severity severity, SourceLocation location, std::string message, const char* code)
    {
        sink_.report(severity, std::move(location), std::move(message), code);
    }

    const std::string& file_;
    std::vector<Service>& out_;
    DiagnosticSink& sink_;
};

} // namespace

void read_master_cf(const std::string& file, std::string_view text, std::vector<Service>& out,
                    DiagnosticSink& sink)
{
    MasterReader reader(file, out, sink);
    grammar::read_logical_lines(
        text, [&](const grammar::LogicalLine& line) { reader.entry(line); },
        [&](grammar::Position position, std::string_view message) {
            reader.warning(position, message);
        });
}

} // namespace mf::compiler
