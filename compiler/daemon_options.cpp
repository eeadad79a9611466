// The two readings of master.cf daemon options (see daemon_options.hpp).
#include "compiler/daemon_options.hpp"

#include <algorithm>

namespace mf::compiler {

namespace {

bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}


} // namespace

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
    // The cutting looks at the words as written: a braced word ends it.
    std::vector<std::string> words(arguments.begin(), arguments.end());
    for (std::size_t i = 0; i < words.size();) {
        const std::string word = words[i];
        if (word.empty() || word.front() != '-' || word == "--")
            break;
        if (const std::size_t o = word.find('o', 2); o != std::string::npos) {
            words[i] = word.substr(0, o);
            words.insert(words.begin() + static_cast<std::ptrdiff_t>(i) + 1, "-" + word.substr(o));
        }
        if (words[i].size() > 2 && words[i].compare(0, 2, "-o") == 0) {
            std::string operand = words[i].substr(2);
            words[i] = "-o";
            words.insert(words.begin() + static_cast<std::ptrdiff_t>(i) + 1, std::move(operand));
        }
        i += words[i] == "-o" ? 2 : 1;
    }
    // Then every word loses its braces, and the options are read from the result.
    for (std::string& word : words)
        word = unbraced_argument(word);
    std::size_t i = 0;
    while (i < words.size() && !words[i].empty() && words[i].front() == '-' && words[i] != "--") {
        // An operand whose '}' a cut removed keeps no '{' either (postconf warns "missing '}'").
        if (words[i] == "-o" && i + 1 < words.size() && !words[i + 1].empty() &&
            words[i + 1].front() == '{') {
            std::string& operand = words[i + 1];
            const std::size_t text = operand.find_first_not_of(" \t\r\n\v\f", 1);
            operand = text == std::string::npos ? "" : operand.substr(text);
        }
        i += words[i] == "-o" ? 2 : 1;
    }
    option_count = std::min(i, words.size());
    return words;
}

void inside_braces(std::string_view argument, std::size_t& begin, std::size_t& end)
{
    begin = 0;
    end = argument.size();
    if (end >= 2 && argument.front() == '{' && argument.back() == '}') {
        ++begin;
        --end;
        while (begin < end && is_space(argument[begin]))
            ++begin;
        while (end > begin && is_space(argument[end - 1]))
            --end;
    }
}

} // namespace mf::compiler
