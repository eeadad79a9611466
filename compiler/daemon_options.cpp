// The two readings of master.cf daemon options (see daemon_options.hpp).
#include "compiler/daemon_options.hpp"

#include <algorithm>

#include "compiler/config_readers.hpp"
#include "compiler/configuration.hpp"

namespace mf::compiler {

namespace {

bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

// A word that starts with '{' as postconf's extpar reads it: the text up to the matching '}',
// without the braces and the whitespace inside them. postconf warns about a missing '}' (then
// only the '{' goes) and about text after the '}' (then that text goes).
std::string braced_group_text(std::string_view word)
{
    std::size_t depth = 0;
    for (std::size_t i = 0; i < word.size(); ++i) {
        if (word[i] == '{')
            ++depth;
        else if (word[i] == '}' && --depth == 0)
            return std::string(trim_whitespace(word.substr(1, i - 1)));
    }
    return std::string(trim_whitespace(word.substr(1)));
}

} // namespace

std::string name_value_text(std::string_view text)
{
    text = trim_whitespace(text);
    std::size_t name_begin = 0, name_end = 0, value_begin = 0, value_end = 0;
    if (!split_name_value(text, name_begin, name_end, value_begin, value_end))
        return std::string(text);
    return std::string(text.substr(name_begin, name_end - name_begin)) + "=" +
           std::string(text.substr(value_begin, value_end - value_begin));
}

std::string unbraced_argument(std::string_view argument)
{
    std::size_t begin = 0, end = 0;
    inside_braces(argument, begin, end);
    return std::string(argument.substr(begin, end - begin));
}

DaemonOptions read_daemon_options(std::span<const std::string> arguments)
{
    DaemonOptions out;
    std::size_t i = 0;
    for (; i < arguments.size(); ++i) {
        std::size_t begin = 0, end = 0;
        inside_braces(arguments[i], begin, end);
        const std::string_view word = std::string_view(arguments[i]).substr(begin, end - begin);
        if (word.size() < 2 || word.front() != '-' || word == "--")
            break;
        const std::size_t o = word.find('o', 1);
        const std::size_t flags = o == std::string_view::npos ? word.size() : o;
        if (flags > 1)
            out.options.push_back({false, i, begin, flags, false});
        if (o == std::string_view::npos)
            continue;
        if (o + 1 < word.size())
            out.options.push_back({true, i, begin + o + 1, word.size() - o - 1, false});
        else if (i + 1 < arguments.size()) {
            ++i;
            out.options.push_back({true, i, 0, arguments[i].size(), false});
        }
        else
            out.options.push_back({true, i, begin + o, 1, true});
    }
    out.option_count = std::min(i, arguments.size());
    return out;
}

std::vector<std::string> getopt_option_words(std::span<const std::string> arguments)
{
    std::vector<std::string> words;
    for (const DaemonOption& option : read_daemon_options(arguments).options) {
        const std::string text = arguments[option.argument].substr(option.offset, option.length);
        if (!option.is_override) {
            words.push_back(text);
            continue;
        }
        words.emplace_back("-o");
        if (!option.missing_operand)
            words.push_back(unbraced_argument(text));
    }
    return words;
}

std::vector<std::string> postconf_option_words(std::span<const std::string> arguments,
                                               std::size_t& option_count)
{
    std::vector<std::string> words(arguments.begin(), arguments.end());
    auto insert_after = [&words](std::size_t i, std::string word) {
        words.insert(words.begin() + static_cast<std::ptrdiff_t>(i) + 1, std::move(word));
    };
    // The option words as written: each cut before its first o after the second character,
    // then -oTEXT split in two; a braced operand loses its braces and, after an -o, becomes
    // name=value. A braced word ends this part (so {-v} is not cut, nor what follows it).
    std::size_t i = 0;
    for (; i < words.size(); ++i) {
        if (words[i].empty() || words[i].front() != '-' || words[i] == "--")
            break;
        if (const std::size_t o = words[i].find('o', 2); o != std::string::npos) {
            insert_after(i, "-" + words[i].substr(o));
            words[i].resize(o);
        }
        // postconf takes a lone "-" for an option with an operand too.
        if (words[i].size() > 1 && words[i][1] != 'o')
            continue;
        if (words[i].size() > 2) {
            insert_after(i, words[i].substr(2));
            words[i].resize(2);
        }
        else if (i + 1 == words.size())
            break;
        const bool after_o = words[i] == "-o";
        std::string& operand = words[++i];
        if (!operand.empty() && operand.front() == '{') {
            operand = braced_group_text(operand);
            if (after_o)
                operand = name_value_text(operand);
        }
    }
    for (; i < words.size(); ++i)
        if (!words[i].empty() && words[i].front() == '{')
            words[i] = braced_group_text(words[i]);
    // Then postconf -M, -P and its warnings take as options the leading words that start with
    // '-' (a braced "{-v}" among them now), each -o or lone "-" with the word after it.
    i = 0;
    while (i < words.size() && !words[i].empty() && words[i].front() == '-' && words[i] != "--")
        i += (words[i] == "-" || words[i][1] == 'o') && i + 1 < words.size() ? 2 : 1;
    option_count = std::min(i, words.size());
    return words;
}

std::vector<std::string> override_operands(const std::vector<std::string>& words)
{
    std::vector<std::string> operands;
    for (std::size_t i = 0; i < words.size(); ++i)
        if (words[i] == "-o")
            operands.push_back(i + 1 < words.size() ? name_value_text(words[++i]) : "");
    return operands;
}

std::vector<std::string> postconf_overrides(std::span<const std::string> arguments)
{
    std::size_t count = 0;
    std::vector<std::string> words = postconf_option_words(arguments, count);
    words.resize(count);
    return override_operands(words);
}

void inside_braces(std::string_view argument, std::size_t& begin, std::size_t& end)
{
    begin = 0;
    end = argument.size();
    // Without its '}' (master.cf cannot be read then: master stops) the group runs to the end,
    // as postconf reads it.
    if (!argument.empty() && argument.front() == '{') {
        ++begin;
        if (end >= 2 && argument.back() == '}')
            --end;
        while (begin < end && is_space(argument[begin]))
            ++begin;
        while (end > begin && is_space(argument[end - 1]))
            --end;
    }
}

} // namespace mf::compiler
