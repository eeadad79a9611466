// See map_settings.hpp. Type checks follow Postfix's mail_conf readers, which postmap runs at
// start-up: a boolean is "yes" or "no" (any case), a number is a plain decimal integer.
// Messages name the parameter and its expanded value, as postmap's do.
#include "compiler/map_settings.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <strings.h>

namespace mf::compiler {

namespace {

Result<bool> boolean_setting(const Configuration& configuration, std::string_view name)
{
    std::string value = configuration.expand(name);
    if (strcasecmp(value.c_str(), "yes") == 0)
        return true;
    if (strcasecmp(value.c_str(), "no") == 0)
        return false;
    return fail("bad boolean configuration: " + std::string(name) + " = " + value);
}

Result<std::size_t> number_setting(const Configuration& configuration, std::string_view name)
{
    std::string value = configuration.expand(name);
    long number = 0;
    auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), number);
    if (error != std::errc() || end != value.data() + value.size() || number < 0)
        return fail("bad numerical configuration: " + std::string(name) + " = " + value);
    return static_cast<std::size_t>(number);
}

std::string location_of(const Configuration& configuration, std::string_view name)
{
    const Setting* setting = configuration.main_cf_setting(name);
    if (setting == nullptr)
        return {};
    return setting->value_location.file + ":" + std::to_string(setting->value_location.line);
}

} // namespace

Result<maps::MapConfig> map_settings_of(const Configuration& configuration)
{
    maps::MapConfig settings;
    settings.config_directory = configuration.config_directory();
    settings.default_database_type = configuration.expand("default_database_type");
    auto utf8 = boolean_setting(configuration, "smtputf8_enable");
    if (!utf8)
        return tl::unexpected(utf8.error());
    settings.smtputf8_enable = *utf8;
    settings.myhostname = configuration.expand("myhostname");
    for (auto [name, field] : {std::pair{"header_size_limit", &settings.header_size_limit},
                               std::pair{"mime_nesting_limit", &settings.mime_nesting_limit},
                               std::pair{"mime_boundary_length_limit",
                                         &settings.mime_boundary_length_limit}}) {
        auto number = number_setting(configuration, name);
        if (!number)
            return tl::unexpected(number.error());
        *field = *number;
    }
    settings.fingerprint_digest = configuration.expand("smtpd_tls_fingerprint_digest");
    settings.fingerprint_digest_origin = location_of(configuration, "smtpd_tls_fingerprint_digest");
    return settings;
}

Result<maps::MapConfig> read_map_settings(const std::string& directory, bool required)
{
    DiagnosticSink ignored; // main.cf syntax is mfcc's business; Postfix skips bad lines too
    std::string main_cf = directory + "/main.cf";
    struct stat info {};
    if (::stat(main_cf.c_str(), &info) != 0) {
        if (required || errno != ENOENT)
            return fail("open " + main_cf + ": " + std::strerror(errno));
        return map_settings_of(configuration_from_text(main_cf, "", "", "", ignored));
    }
    LoadOptions options;
    options.path = directory;
    auto configuration = load_configuration(options, ignored);
    if (!configuration)
        return tl::unexpected(configuration.error());
    return map_settings_of(*configuration);
}

} // namespace mf::compiler
