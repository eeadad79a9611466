// Filling a Snapshot from a checked Configuration: the sources with their hashes, every
// parameter (built-in, per-transport, user-defined) resolved and expanded, the master.cf
// services with Postfix's field defaults applied and their -o overrides expanded in the
// service's context. Then the contributors of check_registry.cpp add what they own (tables,
// TLS material, the compiled restriction lists).
#include <algorithm>
#include <cstdlib>
#include <optional>

#include "compiler/service_chroot.hpp"
#include "compiler/snapshot.hpp"

namespace mf::compiler {

namespace {

// Whether main.cf sets one of these space-separated names.
bool main_cf_sets_any(const Configuration& config, std::string_view names)
{
    while (!names.empty()) {
        const std::size_t space = std::min(names.find(' '), names.size());
        if (config.main_cf_setting(names.substr(0, space)))
            return true;
        names.remove_prefix(std::min(space + 1, names.size()));
    }
    return false;
}

// A built-in default's expansion when it is the one computed at build time, which holds while
// main.cf sets none of the names it reads (catalog.hpp); else nullopt.
std::optional<std::string_view> prepared_expansion(const Configuration& config,
                                                   const CatalogEntry& entry)
{
    const ExpandedDefault* expanded = expanded_default(entry);
    if (!expanded || main_cf_sets_any(config, expanded->depends_on))
        return std::nullopt;
    return expanded->expansion;
}

// One lookup serves the type, the raw value and the expansion (Configuration::expand would
// look the name up again). Texts are copied into the snapshot only when they are not the
// catalog's constants: a value that holds no `$` is its own expansion, so a default such as
// `postmaster` is recorded without any copy at all, and most defaults that hold one were
// expanded when mfcc was built.
SnapshotParameter resolve(const Configuration& config, std::string_view name, Snapshot& out)
{
    SnapshotParameter p;
    const auto value = config.lookup(name);
    const CatalogEntry* entry = value ? value->entry : nullptr;
    p.name = entry && entry->name.data() == name.data() ? name : out.keep(std::string(name));
    p.type = entry ? entry->type : ParamType::string;
    p.implemented = entry && entry->implemented();
    if (!value)
        return p;
    p.explicitly_set = value->explicitly_set();
    const bool constant = entry && value->raw.data() == entry->default_value.data();
    p.raw = constant ? value->raw : out.keep(std::string(value->raw));
    const bool unexpanded = (entry && entry->type == ParamType::raw_string) ||
                            p.raw.find('$') == std::string_view::npos;
    if (unexpanded) {
        p.value = p.raw;
        return p;
    }
    const auto prepared = constant ? prepared_expansion(config, *entry) : std::nullopt;
    p.value = prepared ? *prepared : out.keep(config.expand_text(p.raw));
    return p;
}

bool yes(const std::string& field, bool when_default)
{
    return field == "-" ? when_default : field == "y";
}

// `chroot_default`: what chroot `-` means here (spec C.1).
SnapshotService service_of(const Configuration& config, const Service& service,
                           bool chroot_default)
{
    SnapshotService out;
    out.name = service.name.text;
    out.type = service.type.text;
    out.private_service = yes(service.private_field.text, true);
    out.unprivileged = yes(service.unprivileged.text, true);
    out.chroot = runs_chrooted(service, chroot_default);
    std::string wakeup = service.wakeup.text;
    if (!wakeup.empty() && wakeup.back() == '?') {
        out.wakeup_if_used = true;
        wakeup.pop_back();
    }
    out.wakeup = wakeup == "-" ? 0 : static_cast<std::uint32_t>(std::strtoul(wakeup.c_str(), nullptr, 10));
    const std::string limit = service.process_limit.text == "-"
                                  ? config.expand("default_process_limit", &service)
                                  : service.process_limit.text;
    out.process_limit = static_cast<std::uint32_t>(std::strtoul(limit.c_str(), nullptr, 10));
    out.command = service.command.text;
    out.arguments = service.option_flags;
    for (std::size_t i = service.option_count; i < service.arguments.size(); ++i)
        out.arguments.push_back(service.arguments[i].text);
    for (const Setting& setting : service.overrides)
        out.overrides.push_back({setting.name, setting.value,
                                 config.expand_text(setting.value, &service)});
    return out;
}

} // namespace

Snapshot build_snapshot(const Configuration& config, const CheckOptions& options)
{
    Snapshot out;
    for (const std::string& path : {config.main_cf_path(), config.master_cf_path()}) {
        if (path == config.master_cf_path() && !config.has_master_cf())
            continue;
        const std::string_view text = config.source_text(path);
        out.sources.push_back({path, text.size(), sha256(text)});
    }
    // Built-in names are views into the catalog; derived names need storage of their own.
    std::vector<std::string> derived;
    for (const Service& service : config.services())
        if (is_delivery_agent(service.command_basename()))
            for (const CatalogEntry& suffix : transport_suffixes()) {
                std::string name = service.name.text + "_" + std::string(suffix.name);
                if (!find_parameter(name) && config.catalog_entry(name))
                    derived.push_back(std::move(name));
            }
    // The catalog is sorted already: sort the few other names and merge them in.
    std::vector<std::string_view> others(derived.begin(), derived.end());
    for (const Setting& setting : config.main_cf_settings())
        if (!find_parameter(setting.name) && config.is_known(setting.name))
            others.push_back(setting.name);
    std::sort(others.begin(), others.end());
    std::vector<std::string_view> names;
    names.reserve(all_parameters().size() + others.size());
    for (const CatalogEntry& entry : all_parameters())
        names.push_back(entry.name);
    names.insert(names.end(), others.begin(), others.end());
    std::inplace_merge(names.begin(), names.end() - static_cast<std::ptrdiff_t>(others.size()),
                       names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    out.parameters.reserve(names.size());
    for (std::string_view name : names)
        out.parameters.push_back(resolve(config, name, out));
    const bool chroot_default = chroot_by_default(config);
    for (const Service& service : config.services())
        out.services.push_back(service_of(config, service, chroot_default));
    for (SnapshotContributor contributor : snapshot_contributors())
        contributor(config, options, out);
    return out;
}

} // namespace mf::compiler
