// libFuzzer target: nsswitch.conf's hosts lines as --host-checks reads them
// (compiler/name_service.hpp) on arbitrary bytes. What comes back is a list of service names
// separated by single spaces, never files or dns, each a word of the input.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "compiler/name_service.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const std::string foreign = mf::compiler::foreign_hosts_services(input);
    std::string_view rest = foreign;
    while (!rest.empty()) {
        const std::size_t space = rest.find(' ');
        const std::string_view service = rest.substr(0, space);
        if (service.empty() || service == "files" || service == "dns" ||
            service.find_first_of("\t\r\n[#") != std::string_view::npos ||
            input.find(service) == std::string_view::npos)
            std::abort();
        rest.remove_prefix(space == std::string_view::npos ? rest.size() : space + 1);
    }
    return 0;
}
