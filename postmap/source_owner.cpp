// See source_owner.hpp. The order matters: regain root first (allowed, the real and saved uid
// are 0), then set the groups and gid while still root, then give up the uid last.
#include "postmap/source_owner.hpp"

#include <grp.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace mf::maps {

bool needs_identity_switch(const struct stat& source)
{
    return ::getuid() == 0 && (source.st_uid != ::geteuid() || source.st_gid != ::getegid());
}

Result<void> become_source_owner(const struct stat& source)
{
    if (!needs_identity_switch(source))
        return {};
    auto failed = [](const char* what) {
        return fail(std::string(what) + ": " + std::strerror(errno));
    };
    if (::geteuid() != 0 && ::seteuid(0) != 0)
        return failed("seteuid 0");
    gid_t group = source.st_gid;
    if (::setgroups(1, &group) != 0)
        return failed("setgroups");
    if (::setegid(source.st_gid) != 0)
        return failed(("setegid " + std::to_string(source.st_gid)).c_str());
    if (::seteuid(source.st_uid) != 0)
        return failed(("seteuid " + std::to_string(source.st_uid)).c_str());
    return {};
}

std::string effective_identity()
{
    return "uid " + std::to_string(::geteuid()) + ", gid " + std::to_string(::getegid());
}

} // namespace mf::maps
