// The postconf views. -n lists the main.cf settings postconf considers used (known, derived
// from a service, or user-defined), sorted, with whitespace runs collapsed, and
// config_directory as given on the command line unless main.cf sets it. -M re-renders each
// entry in postconf's columns: `{...}` arguments lose their braces, each -o operand becomes
// `name=value`, braced again only when the value holds whitespace.
#include "compiler/postconf_views.hpp"

#include <algorithm>
#include <cstdio>

namespace mf::compiler {

namespace {

bool has_space(std::string_view text)
{
    return text.find_first_of(" \t\r\n\v\f") != std::string_view::npos;
}

std::string unbraced(std::string_view token)
{
    if (token.size() >= 2 && token.front() == '{' && token.back() == '}')
        return collapse_whitespace(token.substr(1, token.size() - 2));
    return std::string(token);
}

// postconf puts each field at its column, or one space after the previous field if that
// one ran past it.
void add_field(std::string& line, const std::string& text, std::size_t column)
{
    if (!line.empty())
        line += line.size() < column ? std::string(column - line.size(), ' ') : " ";
    line += text;
}

} // namespace

std::string postconf_non_default(const Configuration& config)
{
    std::vector<std::pair<std::string, std::string>> lines;
    for (const Setting& setting : config.main_cf_settings())
        if (!setting.overridden && config.is_known(setting.name))
            lines.emplace_back(setting.name, collapse_whitespace(setting.value));
    if (!config.main_cf_setting("config_directory"))
        lines.emplace_back("config_directory", config.config_directory());
    std::sort(lines.begin(), lines.end());
    std::string out;
    for (const auto& [name, value] : lines)
        out += value.empty() ? name + " =\n" : name + " = " + value + "\n";
    return out;
}

std::string postconf_values(const Configuration& config, const std::vector<std::string>& names,
                            std::string& warnings)
{
    std::string out;
    for (const std::string& name : names) {
        if (!config.lookup(name)) {
            warnings += "mfcc: warning: " + name + ": unknown parameter\n";
            continue;
        }
        out += collapse_whitespace(config.expand(name)) + "\n";
    }
    return out;
}

std::string postconf_services(const Configuration& config)
{
    std::string out;
    for (const Service& service : config.services()) {
        static constexpr std::size_t columns[] = {0, 11, 17, 25, 33, 41, 49, 57};
        const ServiceField* fields[] = {&service.name,   &service.type,         &service.private_field,
                                        &service.unprivileged, &service.chroot, &service.wakeup,
                                        &service.process_limit, &service.command};
        std::string line;
        for (std::size_t i = 0; i < 8; ++i)
            add_field(line, fields[i]->text, columns[i]);
        const auto& args = service.arguments;
        for (std::size_t i = 0; i < args.size(); ++i) {
            const std::string& token = args[i].text;
            std::string operand;
            bool is_override = false;
            if (i >= service.option_count) {
                line += " " + unbraced(token);
                continue;
            }
            if (token == "-o" && i + 1 < args.size()) {
                operand = args[++i].text;
                is_override = true;
            }
            else if (token.size() > 2 && token.compare(0, 2, "-o") == 0) {
                operand = token.substr(2);
                is_override = true;
            }
            if (!is_override) {
                line += " " + unbraced(token);
                continue;
            }
            std::string inner = unbraced(operand);
            const auto equals = inner.find('=');
            if (equals != std::string::npos) {
                std::string name = collapse_whitespace(inner.substr(0, equals));
                std::string value = collapse_whitespace(inner.substr(equals + 1));
                inner = name + "=" + value;
            }
            line += " -o " + (has_space(inner) ? "{" + inner + "}" : inner);
        }
        out += line + "\n";
    }
    return out;
}

} // namespace mf::compiler
