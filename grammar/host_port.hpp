// host[:port] as Postfix's host_port() cuts it, for master.cf's inet services, SMTP and LMTP
// next hops and Milter addresses: "[host]", "[host]:port" (a '[' starts a bracketed host that
// runs to the first ']'), else "host:port" cut at the last ':' (so an IPv6 address before the
// port needs no brackets), else the text alone. Grammar only: whether the host is a valid name
// or address and what a missing port means is each caller's (compiler/network_syntax.cpp).
#pragma once

#include <string_view>

#include <tao/pegtl.hpp>

namespace mf::grammar::host_port {

namespace pegtl = tao::pegtl;

struct colon : pegtl::one<':'> {};
struct port : pegtl::star<pegtl::any> {};
struct port_after_colon : pegtl::seq<colon, port> {};

struct bracket_open : pegtl::one<'['> {};
struct bracket_host : pegtl::star<pegtl::not_one<']'>> {};
struct bracket_close : pegtl::one<']'> {};
struct unclosed : pegtl::eof {};                  // "[host" without its ']'
struct text_after_bracket : pegtl::plus<pegtl::any> {}; // "[host]x": not ':' after the ']'
struct bracketed
    : pegtl::seq<bracket_open, bracket_host,
                 pegtl::sor<pegtl::seq<bracket_close,
                                       pegtl::sor<port_after_colon, pegtl::eof, text_after_bracket>>,
                            unclosed>> {};

// Everything up to the last ':', then the port.
struct last_colon : pegtl::seq<colon, pegtl::star<pegtl::not_one<':'>>, pegtl::eof> {};
struct plain_host : pegtl::star<pegtl::not_at<last_colon>, pegtl::any> {};
struct host_and_port : pegtl::seq<plain_host, port_after_colon> {};
struct alone : pegtl::star<pegtl::any> {};
struct plain : pegtl::sor<host_and_port, alone> {};

struct grammar : pegtl::seq<pegtl::sor<bracketed, plain>, pegtl::eof> {};

struct Parts {
    std::string_view host; // without the brackets; the whole text when it has no ':'
    std::string_view port; // after the ':' that ends the host
    bool bracketed = false;
    bool has_colon = false;
    bool closed = true;              // a '[' has its ']'
    bool text_after_bracket = false; // something other than ":port" follows the ']'
};

template <typename Rule> struct action : pegtl::nothing<Rule> {};
template <> struct action<bracket_open> {
    template <typename Input> static void apply(const Input&, Parts& parts) { parts.bracketed = true; }
};
template <> struct action<bracket_host> {
    template <typename Input> static void apply(const Input& in, Parts& parts)
    {
        parts.host = std::string_view(in.begin(), in.size());
    }
};
template <> struct action<plain_host> : action<bracket_host> {};
template <> struct action<alone> : action<bracket_host> {};
template <> struct action<colon> {
    template <typename Input> static void apply(const Input&, Parts& parts) { parts.has_colon = true; }
};
template <> struct action<port> {
    template <typename Input> static void apply(const Input& in, Parts& parts)
    {
        parts.port = std::string_view(in.begin(), in.size());
    }
};
template <> struct action<unclosed> {
    template <typename Input> static void apply(const Input&, Parts& parts) { parts.closed = false; }
};
template <> struct action<text_after_bracket> {
    template <typename Input> static void apply(const Input&, Parts& parts)
    {
        parts.text_after_bracket = true;
    }
};

// The grammar matches every text; the parts say how it was cut.
inline Parts parse(std::string_view text)
{
    Parts parts;
    pegtl::memory_input<pegtl::tracking_mode::lazy> in(text.data(), text.size(), "");
    pegtl::parse<grammar, action>(in, parts);
    return parts;
}

} // namespace mf::grammar::host_port
