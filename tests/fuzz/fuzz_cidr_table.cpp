// libFuzzer target: cidr: tables on arbitrary bytes. The line grammar (grammar/cidr_table.hpp)
// on the whole input must return parts lying inside it; every pattern it finds must parse into
// a network that contains itself, or be refused with a reason; the whole input opened as a
// table (postmap/dict_cidr.hpp) must warn only about lines it has, and answer lookups of its
// own lines and of fixed addresses with found or not found.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "grammar/cidr_table.hpp"
#include "postmap/cidr_pattern.hpp"
#include "postmap/dict_cidr.hpp"
#include "tests/fuzz/memory_file.hpp"

namespace {

void check_pattern(std::string_view pattern)
{
    auto network = mf::maps::parse_cidr_network(pattern);
    if (!network) {
        if (network.error().message.empty())
            std::abort();
        return;
    }
    std::size_t bits = network->network.size() * 8;
    if (network->prefix > bits || !network->contains(network->network))
        std::abort();
}

void check_line(std::string_view text)
{
    auto line = mf::grammar::parse_cidr_line(text);
    auto inside = [&](std::string_view part) {
        return part.empty() || (part.data() >= text.data() &&
                                part.data() + part.size() <= text.data() + text.size());
    };
    if (!inside(line.pattern) || !inside(line.result))
        std::abort();
    if (line.problem == mf::grammar::CidrLineProblem::none &&
        line.kind != mf::grammar::CidrLineKind::endif) {
        if (line.pattern.empty())
            std::abort();
        check_pattern(line.pattern);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    std::string_view input(reinterpret_cast<const char*>(data), size);
    check_line(input);
    std::size_t lines = 1;
    for (std::size_t start = 0; start <= input.size();) {
        std::size_t end = input.find('\n', start);
        check_line(input.substr(start, end == std::string_view::npos ? end : end - start));
        if (end == std::string_view::npos)
            break;
        ++lines;
        start = end + 1;
    }

    mf::UniqueFd file = mf::fuzz::memory_file("cidr", data, size);
    if (!file)
        return 0;
    std::string path = "/proc/self/fd/" + std::to_string(file.get());
    auto dict = mf::maps::open_cidr_dict("cidr:fuzz", path,
                                         [&](std::size_t line, const std::string& message) {
                                             if (line > lines || message.empty())
                                                 std::abort();
                                         });
    if (!dict)
        std::abort();
    auto answer = [&](std::string_view key) {
        auto result = (*dict)->lookup(key);
        if (result.status() != mf::maps::LookupStatus::found &&
            result.status() != mf::maps::LookupStatus::not_found)
            std::abort();
    };
    for (std::string_view key : {"10.1.2.3", "192.0.2.1", "0.0.0.0", "::1", "2001:db8::1"})
        answer(key);
    for (std::size_t start = 0, count = 0; start < input.size() && count < 64; ++count) {
        std::size_t end = input.find_first_of("\n/ ", start);
        answer(input.substr(start, end == std::string_view::npos ? end : end - start));
        if (end == std::string_view::npos)
            break;
        start = end + 1;
    }
    return 0;
}
