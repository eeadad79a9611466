// See map_config.hpp. smtputf8_enable's default depends on compatibility_level: Postfix 3.7's
// default is ${{$compatibility_level} <level {1} ? {no} : {yes}} (postconf -d), so yes from
// level 1 on, unless set explicitly.
#include "postmap/map_config.hpp"

#include <unistd.h>

#include <cstdlib>
#include <map>

#include "grammar/logical_lines.hpp"
#include "postmap/mapped_file.hpp"

namespace mf::maps {

namespace {

std::string_view trim(std::string_view text)
{
    const char* space = " \t\r\n\v\f";
    auto first = text.find_first_not_of(space);
    if (first == std::string_view::npos)
        return {};
    return text.substr(first, text.find_last_not_of(space) - first + 1);
}

// "3.6" >= "3.6", "3.10" > "3.6": compares dotted numbers field by field.
bool level_at_least(std::string_view level, int major, int minor)
{
    char* end = nullptr;
    std::string text(level);
    long got_major = std::strtol(text.c_str(), &end, 10);
    long got_minor = (*end == '.') ? std::strtol(end + 1, nullptr, 10) : 0;
    return got_major > major || (got_major == major && got_minor >= minor);
}

std::string host_name()
{
    char name[256] = {};
    if (::gethostname(name, sizeof name - 1) != 0)
        return "localhost";
    return name;
}

} // namespace

Result<MapConfig> read_map_config(const std::string& config_dir)
{
    MapConfig config;
    std::map<std::string, std::string, std::less<>> values;
    std::string path = config_dir + "/main.cf";
    if (::access(path.c_str(), F_OK) == 0) {
        auto file = MappedFile::open(path);
        if (!file)
            return tl::unexpected(file.error());
        grammar::read_logical_lines(
            file->text(),
            [&](const grammar::LogicalLine& line) {
                auto equals = line.text.find('=');
                if (equals == std::string_view::npos)
                    return;
                values[std::string(trim(line.text.substr(0, equals)))] =
                    std::string(trim(line.text.substr(equals + 1)));
            },
            [](grammar::Position, std::string_view) {});
    }
    auto literal = [&](std::string_view name) -> const std::string* {
        auto found = values.find(name);
        if (found == values.end() || found->second.find('$') != std::string::npos)
            return nullptr;
        return &found->second;
    };
    if (const std::string* type = literal("default_database_type"); type && !type->empty())
        config.default_database_type = *type;
    const std::string* level = literal("compatibility_level");
    config.smtputf8_enable = level && level_at_least(*level, 1, 0);
    if (const std::string* utf8 = literal("smtputf8_enable"))
        config.smtputf8_enable = *utf8 == "yes";
    // Postfix's default: the host name, completed with $mydomain (localdomain) when it has
    // no dot.
    const std::string* hostname = literal("myhostname");
    if (hostname && !hostname->empty()) {
        config.myhostname = *hostname;
    } else {
        config.myhostname = host_name();
        const std::string* domain = literal("mydomain");
        if (config.myhostname.find('.') == std::string::npos)
            config.myhostname += "." + (domain && !domain->empty() ? *domain : "localdomain");
    }
    return config;
}

} // namespace mf::maps
