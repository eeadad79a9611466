// DNS list reply filters and postscreen sites, as Postfix 3.7 parses them. The messages with a
// context were compared with what real smtpd logs ("fatal: RBL reply error: ...") in
// tests/integration/80_dnsxl_sites.sh.
#include <catch2/catch.hpp>

#include "compiler/dnsxl_syntax.hpp"

using mf::compiler::postscreen_site_problem;
using mf::compiler::read_postscreen_site;
using mf::compiler::reply_filter_problem;

TEST_CASE("reply filters Postfix accepts", "[compiler][dnsxl]")
{
    for (const char* filter : {"127.0.0.2", "127.0.0.[2..11]", "127.0.[0..255].[0;1]",
                               "127.0.0.[2;4;6..8]", "[127.0.0.2]", "[127.0.0.[2..11]]",
                               "0.0.0.0", "255.255.255.255", "127.0.0.[7..7]"})
        CHECK(reply_filter_problem(filter) == "");
}

TEST_CASE("reply filters Postfix refuses, in its words", "[compiler][dnsxl]")
{
    CHECK(reply_filter_problem("127.0.0.[2..300]") == "numeric range error at \"127.0.0.[2..>300<]\"");
    CHECK(reply_filter_problem("127.0.0.2*3") == "garbage after pattern at \"127.0.0.2>*<3\"");
    CHECK(reply_filter_problem("127.0.0") == "need \".\" at \"127.0.0><\"");
    CHECK(reply_filter_problem("127.0.0.[2;;3]") == "need decimal number 0..255 at \"127.0.0.[2;>;<3]\"");
    CHECK(reply_filter_problem("[127.0.0.2") == "missing \"]\" character");
    CHECK(reply_filter_problem("[127.0.0.2]]") == "numeric range error at \"[127.>0<.0.2]]\"");
    CHECK(reply_filter_problem("127.0.0.[5..4]") == "numeric range error at \"127.0.0.[5..>4<]\"");
    CHECK(reply_filter_problem("127.0.0.256") == "need decimal number 0..255 or \"[\" at \"127.0.0.>256<\"");
    CHECK(reply_filter_problem("127.0.0.[2 3]") == "need \";\" or \"]\" at \"127.0.0.[2> <3]\"");
    CHECK(reply_filter_problem("127.0.0.[2..11") == "need \";\" or \"]\" at \"127.0.0.[2..11><\"");
    CHECK(reply_filter_problem("") == "empty address pattern");
    CHECK(reply_filter_problem("[]") == "empty address pattern");
    CHECK(reply_filter_problem("a.b.c.d") == "need decimal number 0..255 or \"[\" at \">a<.b.c.d\"");
    CHECK(reply_filter_problem("99999999999999999999.0.0.1") ==
          "need decimal number 0..255 or \"[\" at \">99999999999999999999<.0.0.1\"");
}

TEST_CASE("postscreen sites: weight, filter, domain", "[compiler][dnsxl]")
{
    for (const char* site : {"zen.spamhaus.org", "zen.spamhaus.org*3", "bl.spamcop.net*-2",
                             "zen.spamhaus.org=127.0.0.[2..11]*3", "list.dnswl.org=127.0.[0..255].[0;1]*-2",
                             "b.barracudacentral.org=127.0.0.2*+2"})
        CHECK(postscreen_site_problem(site) == "");
    CHECK(postscreen_site_problem("zen.spamhaus.org*x") ==
          "bad DNSBL weight factor \"x\" in \"zen.spamhaus.org*x\"");
    CHECK(postscreen_site_problem("zen.spamhaus.org*") ==
          "bad DNSBL weight factor \"\" in \"zen.spamhaus.org*\"");
    CHECK(postscreen_site_problem("zen.spamhaus.org*2*3") ==
          "bad DNSBL weight factor \"2*3\" in \"zen.spamhaus.org*2*3\"");
    CHECK(postscreen_site_problem("zen.spamhaus.org=127.0.0.[2..11*3") ==
          "bad DNSBL filter syntax: need \";\" or \"]\" at \"127.0.0.[2..11><\"");
    CHECK(postscreen_site_problem("b..example") == "bad DNSBL domain name \"b..example\" in \"b..example\"");
    CHECK(postscreen_site_problem("=127.0.0.2") == "bad DNSBL domain name \"\" in \"=127.0.0.2\"");
}

TEST_CASE("postscreen sites: the weight of an entry", "[compiler][dnsxl]")
{
    CHECK(read_postscreen_site("zen.spamhaus.org").weight == 1);
    CHECK(read_postscreen_site("zen.spamhaus.org*3").weight == 3);
    CHECK(read_postscreen_site("list.dnswl.org=127.0.[0..255].[0;1]*-2").weight == -2);
    CHECK(read_postscreen_site("b.barracudacentral.org=127.0.0.2*+2").weight == 2);
    CHECK(read_postscreen_site("zen.spamhaus.org=127.0.0.[2..11]").weight == 1);
}
