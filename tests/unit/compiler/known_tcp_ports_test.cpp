// known_tcp_ports read as Postfix's programs read it at start-up: the warnings are the ones
// real postqueue printed for these values (Postfix 3.7.11), and the associations that count.
#include <catch2/catch.hpp>

#include "compiler/known_tcp_ports.hpp"

using namespace mf::compiler;

namespace {

std::vector<std::string> warnings_for(std::string_view value)
{
    std::vector<KnownTcpPortProblem> problems;
    const KnownTcpPorts known(value, &problems);
    std::vector<std::string> messages;
    for (const KnownTcpPortProblem& problem : problems)
        messages.push_back(problem.message);
    return messages;
}

} // namespace

TEST_CASE("known_tcp_ports: the default and its names", "[known_tcp_ports]")
{
    const KnownTcpPorts known("lmtp=24, smtp=25, smtps=submissions=465, submission=587");
    CHECK(known.port_of("smtps") == "465");
    CHECK(known.port_of("submissions") == "465");
    CHECK(known.port_of("submission") == "587");
    CHECK_FALSE(known.port_of("imap"));
    CHECK_FALSE(known.port_of("25"));
    CHECK(known.filter("lmtp") == "24");
    CHECK(known.filter("2525") == "2525");
    CHECK(known.filter("imap") == "imap");
    CHECK(warnings_for("lmtp=24, smtp=25, smtps=submissions=465, submission=587").empty());
}

TEST_CASE("known_tcp_ports: Postfix's warnings, word for word", "[known_tcp_ports]")
{
    using list = std::vector<std::string>;
    CHECK(warnings_for("smtp=25, smtp=26") ==
          list{"known_tcp_ports: in \" smtp=26\": duplicate service name"});
    CHECK(warnings_for("=25") ==
          list{"known_tcp_ports: in \"=25\": missing service name before \"=\""});
    CHECK(warnings_for("smtps == submissions = 465") ==
          list{"known_tcp_ports: in \"smtps == submissions = 465\": missing service name "
               "before \"=\""});
    CHECK(warnings_for("foo") == list{"known_tcp_ports: in \"foo\" is not in \"name = value\" form"});
    CHECK(warnings_for("smtp=25, ,lmtp=24") ==
          list{"known_tcp_ports: in \" \" is not in \"name = value\" form"});
    CHECK(warnings_for("smtp=25 lmtp=24") ==
          list{"known_tcp_ports: in \"smtp=25 lmtp=24\": whitespace in service name"});
    CHECK(warnings_for("smtp = 2 5") ==
          list{"known_tcp_ports: in \"smtp = 2 5\": whitespace in port number"});
    CHECK(warnings_for("x=") == list{"known_tcp_ports: in \"x=\": missing port value after \"=\""});
    CHECK(warnings_for("a = 1 = x, b=2") ==
          list{"known_tcp_ports: in \"a = 1 = x\": non-numerical service port"});
    CHECK(warnings_for(" 1234=465") ==
          list{"known_tcp_ports: in \" 1234=465\": numerical service name"});
    CHECK(warnings_for("smtp=25,,lmtp=24, a=b=25, x = 99999").empty());
}

TEST_CASE("known_tcp_ports: what a bad association leaves", "[known_tcp_ports]")
{
    // The first port of a name counts; the other names of a bad association still count
    // when only one of them is bad; a bad port drops the whole association.
    const KnownTcpPorts known("smtp=25, smtp=26, 1234 = alt = 2599, x = y = 5x, b=2");
    CHECK(known.port_of("smtp") == "25");
    CHECK(known.port_of("alt") == "2599");
    CHECK_FALSE(known.port_of("x"));
    CHECK_FALSE(known.port_of("y"));
    CHECK(known.port_of("b") == "2");
}

TEST_CASE("known_tcp_ports: warnings name where each association starts", "[known_tcp_ports]")
{
    std::vector<KnownTcpPortProblem> problems;
    const KnownTcpPorts known("smtp=25, foo, bar=x", &problems);
    REQUIRE(problems.size() == 2);
    CHECK(problems[0].offset == 8);
    CHECK(problems[1].offset == 13);
}
