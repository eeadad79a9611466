// DNS allow- and blocklist entries as Postfix's programs parse them, as pure functions returning
// what is wrong in Postfix's own words ("" when the text is fine). smtpd's restrictions
// (reject_rbl_client, permit_dnswl_client, reject_rhsbl_*...) take `domain[=filter]` and die
// with "RBL reply error" the first time they apply a filter they cannot parse; postscreen takes
// `domain[=filter][*weight]` in postscreen_dnsbl_sites and dies at start-up on any of the three.
#pragma once

#include <string>
#include <string_view>

namespace mf::compiler {

// An IPv4 reply filter (ip_match_parse): four fields separated by '.', each a number 0..255 or
// a "[...]" list of ';'-separated numbers and low..high ranges, as in 127.0.0.[2..11;99].
std::string reply_filter_problem(std::string_view pattern);

// One postscreen_dnsbl_sites entry, domain[=filter][*weight]: the weight after the first '*'
// (an integer, negative for an allowlist; 1 without one), the reply filter after the first '='
// before it, and the list's domain name; `problem` says what postscreen dies on ("" when
// nothing), and the other fields then mean nothing.
struct PostscreenSite {
    std::string_view domain;
    std::string_view filter; // empty: any reply counts
    bool filtered = false;
    int weight = 1;
    std::string problem;
};
PostscreenSite read_postscreen_site(std::string_view site);

std::string postscreen_site_problem(std::string_view site);

} // namespace mf::compiler
