// See cidr_pattern.hpp. The prefix length is read as Postfix 3.7 reads it: decimal digits
// converted as atoi() does on LP64 (saturating at LONG_MAX, then narrowed to int) and kept in
// one byte, so "/264" is "/8" and "/2147483648" is "/0"; tables that rely on this still load
// as they do under Postfix.
#include "postmap/cidr_pattern.hpp"
#include "util/ascii.hpp"

#include <arpa/inet.h>
#include <sys/socket.h>

#include <climits>
#include <cstdint>
#include <string>

namespace mf::maps {

namespace {

int family_of(std::string_view address)
{
    return address.find(':') == std::string_view::npos ? AF_INET : AF_INET6;
}

unsigned bits_of(int family)
{
    return family == AF_INET ? 32 : 128;
}

bool parse_as(int family, std::string_view text, IpAddress& out)
{
    // The longest text inet_pton accepts is an IPv6 address with an IPv4 tail (45 bytes).
    char terminated[64];
    if (text.size() >= sizeof terminated || text.find('\0') != std::string_view::npos)
        return false;
    text.copy(terminated, text.size());
    terminated[text.size()] = '\0';
    out.family = family;
    out.bytes.fill(0);
    return ::inet_pton(family, terminated, out.bytes.data()) == 1;
}

// atoi(text) stored in an unsigned char, for a string of digits.
unsigned prefix_byte(std::string_view digits)
{
    constexpr std::uint64_t long_max = static_cast<std::uint64_t>(LONG_MAX);
    std::uint64_t value = 0;
    for (char c : digits) {
        auto digit = static_cast<std::uint64_t>(c - '0');
        value = value > (long_max - digit) / 10 ? long_max : value * 10 + digit;
    }
    return static_cast<unsigned>(value & 0xff);
}

void clear_host_bits(IpAddress& address, unsigned prefix)
{
    for (std::size_t i = 0; i < address.size(); ++i) {
        unsigned first_bit = static_cast<unsigned>(i) * 8;
        if (first_bit >= prefix)
            address.bytes[i] = 0;
        else if (prefix - first_bit < 8)
            address.bytes[i] &= static_cast<unsigned char>(0xff << (8 - (prefix - first_bit)));
    }
}

std::string quoted(std::string_view address, std::string_view mask)
{
    return "\"" + std::string(address) + "/" + std::string(mask) + "\"";
}

} // namespace

std::size_t IpAddress::size() const
{
    return family == AF_INET ? 4 : 16;
}

std::optional<IpAddress> parse_ip_address(std::string_view text)
{
    text = text.substr(0, text.find('\0'));
    IpAddress address;
    if (!parse_as(family_of(text), text, address))
        return std::nullopt;
    return address;
}

bool CidrNetwork::contains(const IpAddress& address) const
{
    if (address.family != network.family)
        return false;
    unsigned whole = prefix / 8;
    for (unsigned i = 0; i < whole; ++i)
        if (address.bytes[i] != network.bytes[i])
            return false;
    unsigned rest = prefix % 8;
    if (rest == 0)
        return true;
    auto mask = static_cast<unsigned char>(0xff << (8 - rest));
    return (address.bytes[whole] & mask) == network.bytes[whole];
}

Result<CidrNetwork> parse_cidr_network(std::string_view pattern)
{
    std::string_view address = pattern;
    std::optional<std::string_view> mask;
    bool bracketed = !pattern.empty() && pattern.front() == '[';
    if (bracketed) {
        std::string_view inside = pattern.substr(1);
        std::size_t close = inside.find(']');
        if (close == std::string_view::npos)
            return fail("missing ']' character after \"[" + std::string(inside) + "\"");
        std::string_view after = inside.substr(close + 1);
        address = inside.substr(0, close);
        if (!after.empty() && after.front() != '/')
            return fail("garbage after \"[" + std::string(address) + "]\"");
        if (!after.empty())
            mask = after.substr(1);
    }
    if (!mask) {
        std::size_t slash = address.find('/');
        if (slash != std::string_view::npos) {
            mask = address.substr(slash + 1);
            address = address.substr(0, slash);
        }
    }

    CidrNetwork out;
    int family = family_of(address);
    if (!mask) {
        if (!parse_as(family, address, out.network))
            return fail("bad address pattern: \"" + std::string(address) + "\"");
        out.prefix = bits_of(family);
        return out;
    }
    if (!all_digits(*mask))
        return fail("bad mask value in " + quoted(address, *mask));
    out.prefix = prefix_byte(*mask);
    if (out.prefix > bits_of(family))
        return fail("bad mask length in " + quoted(address, *mask));
    if (!parse_as(family, address, out.network))
        return fail("bad network value in " + quoted(address, *mask));
    IpAddress masked = out.network;
    clear_host_bits(masked, out.prefix);
    if (masked.bytes != out.network.bytes) {
        char text[INET6_ADDRSTRLEN];
        ::inet_ntop(family, masked.bytes.data(), text, sizeof text);
        return fail("non-null host address bits in " + quoted(address, *mask) +
                    ", perhaps you should use \"" + text + "/" + std::to_string(out.prefix) +
                    "\" instead");
    }
    return out;
}

} // namespace mf::maps
