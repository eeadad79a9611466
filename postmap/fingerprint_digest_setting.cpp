// Reads the fingerprint digest in force from main.cf text; see fingerprint_digest_setting.hpp.
#include "postmap/fingerprint_digest_setting.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <vector>

#include "grammar/logical_lines.hpp"

namespace mf::maps {

namespace {

struct Setting {
    std::string value;
    std::size_t line = 0;
};

std::string_view trim(std::string_view text)
{
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
        text.remove_prefix(1);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
        text.remove_suffix(1);
    return text;
}

bool is_parameter_name(std::string_view name)
{
    if (name.empty())
        return false;
    for (char c : name)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_')
            return false;
    return true;
}

// "$name" or "${name}" as the whole value: the referenced name; else nullopt.
std::optional<std::string_view> whole_reference(std::string_view value)
{
    if (value.size() > 1 && value[0] == '$') {
        std::string_view rest = value.substr(1);
        if (rest.size() > 2 && rest.front() == '{' && rest.back() == '}')
            rest = rest.substr(1, rest.size() - 2);
        if (is_parameter_name(rest))
            return rest;
    }
    return std::nullopt;
}

Result<std::vector<unsigned long>> level_components(std::string_view level)
{
    std::vector<unsigned long> parts;
    std::size_t start = 0;
    for (;;) {
        std::size_t dot = level.find('.', start);
        std::string_view part = level.substr(start, dot == std::string_view::npos
                                                        ? std::string_view::npos
                                                        : dot - start);
        if (part.empty() || part.size() > 9)
            return fail("bad compatibility level \"" + std::string(level) + "\"");
        unsigned long number = 0;
        for (char c : part) {
            if (!std::isdigit(static_cast<unsigned char>(c)))
                return fail("bad compatibility level \"" + std::string(level) + "\"");
            number = number * 10 + static_cast<unsigned long>(c - '0');
        }
        parts.push_back(number);
        if (dot == std::string_view::npos)
            break;
        start = dot + 1;
    }
    return parts;
}

class SettingReader {
public:
    SettingReader(std::map<std::string, Setting, std::less<>> settings, std::string file)
        : settings_(std::move(settings)), file_(std::move(file))
    {
    }

    // The value of `name` after following whole-value references; `fallback` when unset.
    Result<std::string> value_of(std::string_view name, std::string_view fallback,
                                 int depth = 0) const
    {
        auto found = settings_.find(name);
        if (found == settings_.end())
            return std::string(fallback);
        std::string_view value = found->second.value;
        if (value.find('$') == std::string_view::npos)
            return std::string(value);
        auto reference = whole_reference(value);
        if (!reference || depth > 16)
            return fail(where(found->second) + ": cannot evaluate " + std::string(name) + " = " +
                        std::string(value) + " here; give the digest with --digest");
        // A reference to another parameter: its main.cf value; Postfix defaults of other
        // parameters are out of this reader's scope.
        if (settings_.find(*reference) == settings_.end())
            return fail(where(found->second) + ": cannot evaluate " + std::string(name) + " = " +
                        std::string(value) + " here; give the digest with --digest");
        return value_of(*reference, fallback, depth + 1);
    }

    std::optional<Setting> setting(std::string_view name) const
    {
        auto found = settings_.find(name);
        if (found == settings_.end())
            return std::nullopt;
        return found->second;
    }

    std::string where(const Setting& setting) const
    {
        return file_ + ":" + std::to_string(setting.line);
    }

private:
    std::map<std::string, Setting, std::less<>> settings_;
    std::string file_;
};

} // namespace

Result<bool> compatibility_level_below(std::string_view level, std::string_view than)
{
    auto left = level_components(level);
    if (!left)
        return tl::unexpected(left.error());
    auto right = level_components(than);
    if (!right)
        return tl::unexpected(right.error());
    std::size_t count = std::max(left->size(), right->size());
    left->resize(count, 0);
    right->resize(count, 0);
    return *left < *right;
}

Result<FingerprintDigest> configured_fingerprint_digest(std::string_view main_cf,
                                                        const std::string& file_name)
{
    std::map<std::string, Setting, std::less<>> settings;
    grammar::read_logical_lines(
        main_cf,
        [&](const grammar::LogicalLine& line) {
            auto equals = line.text.find('=');
            if (equals == std::string_view::npos)
                return;
            std::string_view name = trim(line.text.substr(0, equals));
            if (!is_parameter_name(name))
                return;
            // The last definition wins, as in Postfix.
            settings[std::string(name)] =
                Setting{std::string(trim(line.text.substr(equals + 1))), line.start().line};
        },
        [](grammar::Position, std::string_view) {});
    SettingReader reader(std::move(settings), file_name);

    constexpr std::string_view digest_parameter = "smtpd_tls_fingerprint_digest";
    if (auto explicit_setting = reader.setting(digest_parameter)) {
        auto value = reader.value_of(digest_parameter, "");
        if (!value)
            return tl::unexpected(value.error());
        auto digest = parse_fingerprint_digest(*value);
        if (!digest)
            return fail(reader.where(*explicit_setting) + ": smtpd_tls_fingerprint_digest = " +
                        *value + ": not one of md5, sha1, sha256, sha512");
        return *digest;
    }
    auto level = reader.value_of("compatibility_level", "0");
    if (!level)
        return tl::unexpected(level.error());
    auto below = compatibility_level_below(*level, "3.6");
    if (!below) {
        auto setting = reader.setting("compatibility_level");
        return fail((setting ? reader.where(*setting) + ": " : file_name + ": ") +
                    below.error().message);
    }
    return *below ? FingerprintDigest::md5 : FingerprintDigest::sha256;
}

} // namespace mf::maps
