// See interface_addresses.hpp. One RTM_GETADDR dump request for every family; each reply
// message is an ifaddrmsg (family, prefix length) and attributes, of which an address takes
// IFA_LOCAL when present (the local end of a point-to-point link) and IFA_ADDRESS otherwise,
// as getifaddrs(3) does. Messages are parsed with explicit bounds and memcpy (the buffer gives
// no alignment guarantee to rely on), and a reply that does not fit is treated as a failure.
#include "compiler/interface_addresses.hpp"

#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string_view>

#include "util/unique_fd.hpp"

namespace mf::compiler {

namespace {

constexpr std::size_t align(std::size_t length) { return (length + 3) & ~std::size_t{3}; }

bool request_addresses(int fd)
{
    struct {
        nlmsghdr header;
        ifaddrmsg body;
    } request{};
    request.header.nlmsg_len = sizeof request;
    request.header.nlmsg_type = RTM_GETADDR;
    request.header.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
    request.header.nlmsg_seq = 1;
    request.body.ifa_family = AF_UNSPEC;
    sockaddr_nl kernel{};
    kernel.nl_family = AF_NETLINK;
    return ::sendto(fd, &request, sizeof request, 0, reinterpret_cast<const sockaddr*>(&kernel),
                    sizeof kernel) == static_cast<ssize_t>(sizeof request);
}

// The address of one RTM_NEWADDR message (`payload` is what follows its nlmsghdr).
void add_address(std::string_view payload, std::vector<InterfaceAddress>& out)
{
    ifaddrmsg info;
    if (payload.size() < sizeof info)
        return;
    std::memcpy(&info, payload.data(), sizeof info);
    if (info.ifa_family != AF_INET && info.ifa_family != AF_INET6)
        return;
    const std::size_t length = info.ifa_family == AF_INET ? 4 : 16;
    std::string_view local, address;
    for (std::size_t at = align(sizeof info); at + sizeof(rtattr) <= payload.size();) {
        rtattr attribute;
        std::memcpy(&attribute, payload.data() + at, sizeof attribute);
        if (attribute.rta_len < sizeof attribute || attribute.rta_len > payload.size() - at)
            return;
        const std::string_view value =
            payload.substr(at + sizeof attribute, attribute.rta_len - sizeof attribute);
        if (attribute.rta_type == IFA_LOCAL)
            local = value;
        else if (attribute.rta_type == IFA_ADDRESS)
            address = value;
        at += align(attribute.rta_len);
    }
    const std::string_view chosen = local.size() == length ? local : address;
    if (chosen.size() != length)
        return;
    InterfaceAddress entry;
    entry.family = info.ifa_family;
    std::memcpy(entry.bytes.data(), chosen.data(), length);
    entry.prefix_length = info.ifa_prefixlen;
    out.push_back(entry);
}

} // namespace

std::vector<InterfaceAddress> interface_addresses()
{
    std::vector<InterfaceAddress> out;
    UniqueFd fd(::socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE));
    if (!fd || !request_addresses(fd.get()))
        return {};
    // The kernel sends a dump in messages of at most 32 KiB.
    std::vector<char> buffer(65536);
    for (;;) {
        const ssize_t got = ::recv(fd.get(), buffer.data(), buffer.size(), MSG_TRUNC);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0 || static_cast<std::size_t>(got) > buffer.size())
            return {};
        std::string_view reply(buffer.data(), static_cast<std::size_t>(got));
        while (reply.size() >= sizeof(nlmsghdr)) {
            nlmsghdr header;
            std::memcpy(&header, reply.data(), sizeof header);
            if (header.nlmsg_len < sizeof header || header.nlmsg_len > reply.size())
                return {};
            if (header.nlmsg_type == NLMSG_DONE)
                return out;
            if (header.nlmsg_type == NLMSG_ERROR)
                return {};
            if (header.nlmsg_type == RTM_NEWADDR)
                add_address(reply.substr(sizeof header, header.nlmsg_len - sizeof header), out);
            reply.remove_prefix(std::min<std::size_t>(align(header.nlmsg_len), reply.size()));
        }
    }
}

} // namespace mf::compiler
