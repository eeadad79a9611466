// The options of a master.cf entry, read two ways that differ for some joined words.
// The daemon reads them with getopt(3) in POSIX mode: option words start with '-' (not "-" or
// "--"), each letter is a flag except o, whose operand is the rest of the word or else the next
// argument whatever it holds; reading stops at the first other argument, "--" included. So
// -vo name=value is -v and -o name=value, and -osyslog_name=postfix/x is one -o.
// postconf (-M, -P and its "unused parameter" warnings) instead cuts an option word before
// each letter o after its second character, one cut at a time: -vo x=y is -v -o x=y as for
// getopt, but -osyslog_name=postfix becomes -o sysl -o g_name=p -o stfix, and -ovo x=y
// becomes -o v -o x=y. mfcc checks what the daemon reads and prints -M as postconf does.
// Arguments wrapped in { } count without their braces, as master passes them.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace mf::compiler {

// One option as the daemon's getopt reads it.
struct DaemonOption {
    bool is_override = false; // -o OPERAND; otherwise flags
    std::size_t argument = 0; // the argument holding the flags, or the operand
    std::size_t offset = 0;   // where the flags or the operand start in that argument
    std::size_t length = 0;
    bool missing_operand = false; // -o as the last argument
};

struct DaemonOptions {
    std::vector<DaemonOption> options; // in order; flags of one word before its -o
    std::size_t option_count = 0;      // arguments[0, option_count) are options and operands
};

DaemonOptions read_daemon_options(std::span<const std::string> arguments);

// The options as the daemon reads them, in postconf's rendering ("-v -o name=value").
std::vector<std::string> getopt_option_words(std::span<const std::string> arguments);

// postconf's reading: the option words as written cut as postconf cuts them, a braced -o
// operand as name=value (a braced word ends the cutting), then every word without its braces.
// option_count is the number of leading words that are then options and operands (each -o, or
// lone "-", followed by its operand word, if any).
std::vector<std::string> postconf_option_words(std::span<const std::string> arguments,
                                               std::size_t& option_count);

// The name=value operands of the -o options in a list of option words ("" for an -o without
// one); with postconf_option_words cut to its option_count, the overrides postconf reads.
std::vector<std::string> override_operands(const std::vector<std::string>& words);

// The overrides postconf reads from a service's arguments (postconf -P, its scan for the
// user-defined parameters a configuration uses).
std::vector<std::string> postconf_overrides(std::span<const std::string> arguments);

// " name = value " -> "name=value", as postconf and the daemons read an -o operand (split_nameval);
// the text trimmed when it has no name or no '=' right after the name (postconf warns, a daemon
// stops).
std::string name_value_text(std::string_view text);

// "{ a  b }" -> "a  b" (as master's extpar: the braces and the whitespace inside them go);
// anything else as it is.
std::string unbraced_argument(std::string_view argument);

// The offsets of the part of `argument` inside its outer braces and the whitespace inside them
// ("{ text }" -> text); the whole argument when it is not braced. A group without its '}'
// runs to the end of the argument ("{ text" -> text).
void inside_braces(std::string_view argument, std::size_t& begin, std::size_t& end);

} // namespace mf::compiler
