// Restriction-analysis inputs from the configuration (see restriction_inputs.hpp).
#include "compiler/restriction_inputs.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <optional>

#include "compiler/network_syntax.hpp"

namespace mf::compiler {

namespace {

bool is_yes(std::string_view text)
{
    return text.size() == 3 && std::tolower(static_cast<unsigned char>(text[0])) == 'y' &&
           std::tolower(static_cast<unsigned char>(text[1])) == 'e' &&
           std::tolower(static_cast<unsigned char>(text[2])) == 's';
}

// An IPv4 entry of an address match list as the range [first, last] it matches.
std::optional<std::pair<std::uint32_t, std::uint32_t>> ipv4_range(std::string_view entry)
{
    const auto network = numeric_network(entry);
    if (!network || network->family != 4)
        return std::nullopt;
    const std::uint32_t first = std::uint32_t{network->bytes[0]} << 24 |
                                std::uint32_t{network->bytes[1]} << 16 |
                                std::uint32_t{network->bytes[2]} << 8 | network->bytes[3];
    const std::uint32_t host_bits =
        network->bits == 0 ? 0xffffffffu : (1u << (32 - network->bits)) - 1;
    return std::pair{first, first | host_bits};
}

// mynetworks entries that together match every client address: one that matches all of IPv4
// or IPv6, or IPv4 networks whose union is the whole IPv4 space (0.0.0.0/1 and 128.0.0.0/1).
// A list with a negated entry is judged by its whole-space entries alone.
bool matches_everyone(std::string_view mynetworks)
{
    std::vector<std::pair<std::uint32_t, std::uint32_t>> ranges;
    bool negated = false;
    for (const auto& token : split_postfix_list(mynetworks).tokens) {
        if (token.text == "0.0.0.0/0" || token.text == "0/0" || token.text == "[::]/0" ||
            token.text == "[::/0]" || token.text == "::/0")
            return true;
        negated = negated || token.text.front() == '!';
        if (const auto range = ipv4_range(token.text))
            ranges.push_back(*range);
    }
    if (negated)
        return false;
    std::sort(ranges.begin(), ranges.end());
    std::uint64_t covered_to = 0; // every address below this one is matched
    for (const auto& [first, last] : ranges) {
        if (first > covered_to)
            return false;
        covered_to = std::max<std::uint64_t>(covered_to, std::uint64_t{last} + 1);
    }
    return covered_to > 0xffffffffu;
}

// Where each token of an expanded list was written: a token the expansion left alone maps to
// itself, the tokens a `$name` produced map to that `$name` (a run of such raw tokens to the
// first of them). Empty when the two do not line up, e.g. a `$name` inside a longer token.
struct TokenOrigin {
    std::size_t expanded_offset, raw_offset;
    bool literal;
};

std::vector<TokenOrigin> token_origins(std::string_view raw, std::string_view expanded)
{
    const auto raw_tokens = split_postfix_list(raw).tokens;
    const auto out_tokens = split_postfix_list(expanded).tokens;
    auto is_literal = [](const ListToken& token) { return token.text.find('$') == std::string::npos; };
    std::vector<TokenOrigin> origins;
    std::size_t j = 0;
    for (std::size_t i = 0; i < raw_tokens.size(); ++i) {
        const ListToken& token = raw_tokens[i];
        if (is_literal(token)) {
            if (j >= out_tokens.size() || out_tokens[j].text != token.text)
                return {};
            origins.push_back({out_tokens[j++].offset, token.offset, true});
            continue;
        }
        while (i + 1 < raw_tokens.size() && !is_literal(raw_tokens[i + 1]))
            ++i;
        const ListToken* next = i + 1 < raw_tokens.size() ? &raw_tokens[i + 1] : nullptr;
        while (j < out_tokens.size() && (!next || out_tokens[j].text != next->text))
            origins.push_back({out_tokens[j++].offset, token.offset, false});
    }
    if (j != out_tokens.size())
        return {};
    return origins;
}

RestrictionValue value_from(const Configuration& config, std::string_view name,
                            const Setting* setting, std::string expanded)
{
    RestrictionValue value;
    value.name = std::string(name);
    value.text = std::move(expanded);
    if (setting) {
        value.explicitly_set = true;
        value.location = setting->value_location;
        if (value.text == setting->value) {
            value.locate = [setting](std::size_t offset) { return setting->location_of(offset); };
        } else if (auto origins = token_origins(setting->value, value.text); !origins.empty()) {
            value.locate = [setting, origins = std::move(origins)](std::size_t offset) {
                auto after = std::upper_bound(origins.begin(), origins.end(), offset,
                                              [](std::size_t at, const TokenOrigin& origin) {
                                                  return at < origin.expanded_offset;
                                              });
                if (after == origins.begin())
                    return setting->value_location;
                const TokenOrigin& origin = *std::prev(after);
                return setting->location_of(origin.literal ? origin.raw_offset + offset -
                                                                 origin.expanded_offset
                                                           : origin.raw_offset);
            };
        }
    } else {
        value.location = SourceLocation{config.main_cf_path(), 0, 0};
    }
    return value;
}

} // namespace

RestrictionValue restriction_value(const Configuration& config, std::string_view parameter,
                                   const Service* service)
{
    const auto found = config.lookup(parameter, service);
    return value_from(config, parameter, found ? found->setting : nullptr,
                      config.expand(parameter, service));
}

RestrictionEnvironment restriction_environment(const Configuration& config, const Service* service)
{
    RestrictionEnvironment env;
    env.delay_reject = is_yes(config.expand("smtpd_delay_reject", service));
    env.mynetworks_matches_everyone = matches_everyone(config.expand("mynetworks", service));
    const auto classes = config.lookup("smtpd_restriction_classes", service);
    const std::string names = config.expand("smtpd_restriction_classes", service);
    RestrictionValue list_value = value_from(config, "smtpd_restriction_classes",
                                             classes ? classes->setting : nullptr, names);
    for (const auto& token : split_postfix_list(names).tokens) {
        // smtpd reads a class body like any parameter: the service's -o, else main.cf.
        const Setting* setting = service ? service->override_for(token.text) : nullptr;
        if (!setting)
            setting = config.main_cf_setting(token.text);
        std::string body = setting ? config.expand_text(setting->value, service) : std::string();
        RestrictionValue value = value_from(config, token.text, setting, std::move(body));
        if (!setting)
            value.location = list_value.at(token.offset);
        env.classes.emplace(token.text, std::move(value));
    }
    return env;
}

std::vector<const Service*> running_smtpd_services(const Configuration& config)
{
    std::vector<const Service*> result;
    for (const Service& service : config.services())
        if (!service.superseded() && service.command_basename() == "smtpd")
            result.push_back(&service);
    return result;
}

bool overrides_restrictions(const Service& service)
{
    for (const Setting& setting : service.overrides) {
        const std::string_view name = setting.name;
        if (restriction_list_for_parameter(name) || name == "smtpd_restriction_classes" ||
            name == "smtpd_delay_reject" || name == "mynetworks" ||
            name == "mynetworks_style")
            return true;
    }
    return false;
}

void for_each_restriction_scope(const Configuration& config,
                                const std::function<void(const Service*)>& visit)
{
    visit(nullptr);
    for (const Service* service : running_smtpd_services(config))
        if (overrides_restrictions(*service))
            visit(service);
}

void for_each_restriction_value(const Configuration& config, const Service* service,
                                const RestrictionEnvironment& env,
                                const std::function<void(const RestrictionValue&)>& visit)
{
    for (RestrictionList list : all_restriction_lists())
        visit(restriction_value(config, restriction_list_parameter(list), service));
    for (const auto& [name, body] : env.classes)
        visit(body);
}

} // namespace mf::compiler
