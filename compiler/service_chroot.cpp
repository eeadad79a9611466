// See service_chroot.hpp.
#include "compiler/service_chroot.hpp"

#include "compiler/compatibility_level.hpp"

namespace mf::compiler {

bool chroot_by_default(const Configuration& config)
{
    const auto level = compatibility_level_value(config.expand("compatibility_level"));
    return level && *level < *compatibility_level_value("1");
}

bool runs_chrooted(const Service& service, bool chroot_default)
{
    return service.chroot.text == "-" ? chroot_default : service.chroot.text == "y";
}

} // namespace mf::compiler
