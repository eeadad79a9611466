// The two readings of master.cf daemon options. The postconf expectations are what postconf
// 3.7 -M printed for these words; the integration test 63 compares mfcc -M with postconf -M
// on them in each run.
#include <catch2/catch.hpp>

#include "compiler/daemon_options.hpp"

using namespace mf::compiler;

namespace {

std::string words_of(const std::vector<std::string>& words)
{
    std::string out;
    for (const std::string& word : words)
        out += (out.empty() ? "" : " ") + word;
    return out;
}

std::string getopt_reading(std::vector<std::string> arguments)
{
    return words_of(getopt_option_words(arguments));
}

std::string postconf_reading(std::vector<std::string> arguments)
{
    std::size_t count = 0;
    auto words = postconf_option_words(arguments, count);
    words.resize(count);
    return words_of(words);
}

} // namespace

TEST_CASE("daemon options: getopt splits joined flags before -o", "[master]")
{
    CHECK(getopt_reading({"-vo", "a=b"}) == "-v -o a=b");
    CHECK(getopt_reading({"-Do", "a=b", "-o", "c=d"}) == "-D -o a=b -o c=d");
    CHECK(getopt_reading({"-vosmtp_bind_address=127.0.0.1"}) == "-v -o smtp_bind_address=127.0.0.1");
    CHECK(getopt_reading({"-osyslog_name=postfix/x"}) == "-o syslog_name=postfix/x");
    CHECK(getopt_reading({"-vDo{ a = b }"}) == "-vD -o a = b");
    CHECK(getopt_reading({"-o", "-v", "x=y"}) == "-o -v");
    CHECK(getopt_reading({"-ovo", "a=b"}) == "-o vo");
    CHECK(getopt_reading({"-vo"}) == "-v -o");
    CHECK(getopt_reading({"{-v}", "-o", "a=b"}) == "-v -o a=b");
    CHECK(getopt_reading({"-", "-o", "a=b"}).empty());
    CHECK(getopt_reading({"--", "-o", "a=b"}).empty());
    CHECK(getopt_reading({"user=x", "argv=/bin/cat", "-oi"}).empty());
}

TEST_CASE("daemon options: where the two readings agree and where postconf cuts at each o",
          "[master]")
{
    CHECK(postconf_reading({"-vo", "a=b"}) == "-v -o a=b");
    CHECK(postconf_reading({"-vDo{ a = b }"}) == "-vD -o a=b");
    CHECK(postconf_reading({"-osyslog_name=postfix/sub"}) == "-o sysl -o g_name=p -o stfix/sub");
    CHECK(postconf_reading({"-ovo", "a=b"}) == "-o v -o a=b");
    CHECK(postconf_reading({"-ooxo=1"}) == "-o -oxo=1");
    CHECK(postconf_reading({"-oxooy=1"}) == "-o x -o -oy=1");
    CHECK(postconf_reading({"-xoo", "a=b"}) == "-x -o -o");
    CHECK(postconf_reading({"{-v}", "-vo", "a=b"}) == "-v -vo");
    CHECK(postconf_reading({"-v", "{-o}", "a=b"}) == "-v -o a=b");
}

TEST_CASE("daemon options: postconf reads braced words as extpar and split_nameval do",
          "[master]")
{
    // A braced -o operand becomes name=value; one that is not name=value stays as it is.
    CHECK(postconf_reading({"-o", "{ a =  b c }"}) == "-o a=b c");
    CHECK(postconf_reading({"-o", "{ a b = c }"}) == "-o a b = c");
    CHECK(postconf_reading({"-o", "{=x}"}) == "-o =x");
    // A braced word ends the cutting: what follows keeps its spaces and joined -oNAME=VALUE.
    CHECK(postconf_reading({"{-v}", "-o", "{a = b}"}) == "-v -o a = b");
    CHECK(postconf_reading({"{-o}", "{a = b}"}) == "-o a = b");
    CHECK(postconf_reading({"{-v}", "-oa=b", "c"}) == "-v -oa=b c");
    // A lone "-" takes the next word as its operand, braces gone but not made name=value.
    CHECK(postconf_reading({"-", "{a = b}", "{c d}"}) == "- a = b");
    // Only a word that starts with '{' loses braces; text after a '}' goes (postconf warns).
    std::size_t count = 0;
    CHECK(postconf_option_words(std::vector<std::string>{"x{a b}", "{c d}", "{e}f"}, count) ==
          std::vector<std::string>{"x{a b}", "c d", "e"});
    CHECK(count == 0);
}

TEST_CASE("daemon options: name_value_text", "[master]")
{
    CHECK(name_value_text("  name =  a value  ") == "name=a value");
    CHECK(name_value_text("name=") == "name=");
    CHECK(name_value_text(" two words = x ") == "two words = x");
    CHECK(name_value_text("= x") == "= x");
    CHECK(name_value_text("no-equals") == "no-equals");
}

TEST_CASE("daemon options: the positions of getopt's operands", "[master]")
{
    const std::vector<std::string> arguments = {"-vDo{ a = b }", "-o", "c=d", "rest"};
    const DaemonOptions options = read_daemon_options(arguments);
    CHECK(options.option_count == 3);
    REQUIRE(options.options.size() == 3);
    CHECK_FALSE(options.options[0].is_override);
    CHECK(arguments[0].substr(options.options[0].offset, options.options[0].length) == "-vD");
    CHECK(options.options[1].is_override);
    CHECK(arguments[0].substr(options.options[1].offset, options.options[1].length) == "{ a = b }");
    CHECK(options.options[2].argument == 2);
}
