// Loading a configuration and answering "what is this parameter's value here": main.cf, the
// service's -o overrides, built-in and per-transport defaults, host-dependent defaults. Also
// which names count as used, by postconf's rules (built in, derived from a master.cf delivery
// service, or user-defined: referenced as $name or listed in smtpd_restriction_classes).
#include "compiler/configuration.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <iterator>

#include "compiler/config_readers.hpp"
#include "compiler/daemon_options.hpp"
#include "compiler/dbms_parameters.hpp"
#include "compiler/diagnostic_codes.hpp"
#include "compiler/master_semantics.hpp"
#include "grammar/expansion.hpp"
#include "util/read_to_end.hpp"

namespace mf::compiler {

namespace {

bool is_directory(const std::string& path)
{
    struct stat info {};
    return stat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode);
}

// Far above any real main.cf or master.cf (a 200,000-line file is a few MB), and a bound when
// the path names a device or a pipe that never ends (/dev/zero).
constexpr std::size_t configuration_file_limit = 64 * 1024 * 1024;

Result<std::string> read_file(const std::string& path)
{
    auto text = mf::read_file(path, configuration_file_limit);
    if (!text)
        return fail("cannot read " + text.error().message);
    return text;
}

std::string parent_directory(const std::string& path)
{
    const auto slash = path.rfind('/');
    if (slash == std::string::npos)
        return ".";
    if (slash == 0)
        return "/";
    return path.substr(0, slash);
}

// The names are collected as postconf's scan (mac_expand in scan mode) meets them, left to
// right through both branches: a syntax error ends the scan, so names after it are not read
// (`${bar:{x} junk} $baz` references bar but not baz). Relational operands are scanned on their
// own, each to its own first error, and an error in either then ends the scan. `base` is the
// offset of `text` in the scanned value. Returns false once an error has ended the scan.
// Calls found(name, offset of its `$` in the text scanned first) for each reference.
template <typename Found>
bool scan_references(std::string_view text, std::size_t base, const Found& found,
                     std::optional<ExpansionProblem>& error, int depth)
{
    namespace ex = grammar::expansion;
    auto fail = [&error](const ex::SyntaxError& syntax, std::size_t at) {
        if (!error)
            error = ExpansionProblem{ExpansionProblem::Kind::syntax, syntax.message, at, {}};
        return false;
    };
    if (depth > 100)
        return fail({"unreasonable macro call nesting", 0}, base);
    if (text.find('$') == std::string_view::npos)
        return true;
    std::vector<ex::Segment> segments;
    const auto value_error = ex::parse_value(text, segments);
    for (const ex::Segment& segment : segments) {
        const std::string_view content = text.substr(segment.content.begin, segment.content.size());
        const std::size_t content_base = base + segment.content.begin;
        if (segment.kind == ex::Segment::Kind::name) {
            found(content, base + segment.text.begin);
            continue;
        }
        if (segment.kind != ex::Segment::Kind::braced)
            continue;
        ex::Body body;
        const auto body_error = ex::parse_body(content, body);
        auto scan = [&](const ex::Span& span) {
            return scan_references(content.substr(span.begin, span.size()),
                                   content_base + span.begin, found, error, depth + 1);
        };
        if (body.relational) {
            // Both operands are read only once the operator and the right operand are there.
            if (body.right.end == 0)
                return body_error ? fail(*body_error, content_base + body_error->offset) : false;
            const bool left_ok = scan(body.left);
            const bool right_ok = scan(body.right);
            if (!left_ok || !right_ok)
                return false;
        }
        else if (!body_error || body.test != ex::Body::Test::none) {
            found(content.substr(body.name.begin, body.name.size()), base + segment.text.begin);
        }
        if (body.when_true && !scan(*body.when_true))
            return false;
        if (body.when_false && !scan(*body.when_false))
            return false;
        if (body_error)
            return fail(*body_error, content_base + body_error->offset);
    }
    return value_error ? fail(*value_error, base + value_error->offset) : true;
}

} // namespace

void collect_references(std::string_view text, std::set<std::string, std::less<>>& out)
{
    std::optional<ExpansionProblem> error;
    scan_references(text, 0, [&out](std::string_view name, std::size_t) { out.emplace(name); },
                    error, 0);
}

void collect_reference_offsets(std::string_view text,
                               std::map<std::string, std::size_t, std::less<>>& out)
{
    std::optional<ExpansionProblem> error;
    scan_references(
        text, 0,
        [&out](std::string_view name, std::size_t offset) { out.emplace(name, offset); }, error,
        0);
}

std::optional<ExpansionProblem> first_syntax_error(std::string_view text)
{
    std::optional<ExpansionProblem> error;
    scan_references(text, 0, [](std::string_view, std::size_t) {}, error, 0);
    return error;
}

std::string_view Service::command_basename() const
{
    std::string_view command = this->command.text;
    const auto slash = command.rfind('/');
    return slash == std::string_view::npos ? command : command.substr(slash + 1);
}

const Setting* Service::override_for(std::string_view parameter) const
{
    for (auto it = overrides.rbegin(); it != overrides.rend(); ++it)
        if (it->name == parameter)
            return &*it;
    return nullptr;
}

std::string collapse_whitespace(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    bool pending_space = false;
    for (char c : text) {
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f') {
            pending_space = !out.empty();
            continue;
        }
        if (pending_space)
            out += ' ';
        pending_space = false;
        out += c;
    }
    return out;
}

std::string_view trim_whitespace(std::string_view text)
{
    constexpr std::string_view blanks = " \t\r\n\v\f";
    const std::size_t first = text.find_first_not_of(blanks);
    if (first == std::string_view::npos)
        return {};
    return text.substr(first, text.find_last_not_of(blanks) - first + 1);
}

std::vector<std::string_view> split_list(std::string_view text)
{
    std::vector<std::string_view> out;
    std::size_t i = 0;
    auto separator = [](char c) {
        return c == ',' || c == ' ' || c == '\t' || c == '\r' || c == '\n';
    };
    while (i < text.size()) {
        while (i < text.size() && separator(text[i]))
            ++i;
        if (i >= text.size())
            break;
        const std::size_t begin = i;
        int depth = 0;
        while (i < text.size() && (depth > 0 || !separator(text[i]))) {
            if (text[i] == '{')
                ++depth;
            else if (text[i] == '}' && depth > 0)
                --depth;
            ++i;
        }
        out.push_back(text.substr(begin, i - begin));
    }
    return out;
}

Result<Configuration> load_configuration(const LoadOptions& options, DiagnosticSink& sink)
{
    Configuration config;
    std::string path = options.path.empty() ? std::string("/etc/postfix") : options.path;
    if (is_directory(path)) {
        config.config_directory_ = path;
        config.main_cf_path_ = (path.back() == '/' ? path : path + "/") + "main.cf";
    }
    else {
        config.config_directory_ = parent_directory(path);
        config.main_cf_path_ = path;
    }
    auto main_text = read_file(config.main_cf_path_);
    if (!main_text)
        return tl::unexpected(main_text.error());
    config.main_text_ = std::move(*main_text);

    if (options.master) {
        config.master_cf_path_ = *options.master;
        auto master_text = read_file(config.master_cf_path_);
        if (!master_text)
            return tl::unexpected(master_text.error());
        config.master_text_ = std::move(*master_text);
        config.has_master_cf_ = true;
    }
    else {
        config.master_cf_path_ = config.config_directory_ + "/master.cf";
        if (auto master_text = read_file(config.master_cf_path_)) {
            config.master_text_ = std::move(*master_text);
            config.has_master_cf_ = true;
        }
        else {
            sink.report(Severity::note, {config.main_cf_path_, 0, 0},
                        "no master.cf beside main.cf (" + config.master_cf_path_ +
                            "): services are not checked",
                        code::missing_master_cf);
        }
    }
    config.process_id_ = options.process_id;
    config.read(sink);
    return config;
}

Configuration configuration_from_text(const std::string& main_cf_path, std::string main_text,
                                      const std::string& master_cf_path, std::string master_text,
                                      DiagnosticSink& sink)
{
    Configuration config;
    config.config_directory_ = parent_directory(main_cf_path);
    config.main_cf_path_ = main_cf_path;
    config.master_cf_path_ = master_cf_path;
    config.main_text_ = std::move(main_text);
    config.master_text_ = std::move(master_text);
    config.has_master_cf_ = !config.master_text_.empty();
    config.read(sink);
    return config;
}

namespace {

// A file has at most one setting (or service) per line. Reserving that much up front costs only
// address space (pages are touched when written), whereas growing the vector step by step
// touched, and faulted in, about twice the final size.
std::size_t line_bound(std::string_view text)
{
    return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
}

} // namespace

void Configuration::read(DiagnosticSink& sink)
{
    main_settings_.reserve(line_bound(main_text_));
    read_main_cf(main_cf_path_, main_text_, main_settings_, sink);
    if (has_master_cf_) {
        services_.reserve(line_bound(master_text_));
        read_master_cf(master_cf_path_, master_text_, services_, sink);
    }
    index();
    complete_host_defaults();
    register_dbms_parameters();
}

// As Postfix's mail_params (and postconf): myhostname's default takes main.cf's mydomain when
// the system name has no dot, and mydomain's default is main.cf's myhostname after its first
// dot, each expanded while only main.cf's settings exist. So `myhostname = mail.$mydomain`
// without a mydomain makes myhostname "mail." and mydomain empty, which every program refuses.
void Configuration::complete_host_defaults()
{
    host_ = host_names();
    if (const Setting* domain = main_cf_setting("mydomain"))
        host_.host_name =
            default_host_name(host_.system_name, expand_in_main_cf_dictionary(domain->value));
    const Setting* host = main_cf_setting("myhostname");
    host_.domain_name =
        default_domain_name(host ? expand_in_main_cf_dictionary(host->value) : host_.host_name);
}

void Configuration::index()
{
    winning_.reserve(main_settings_.size());
    builtin_winning_.assign(all_parameters().size(), 0);
    for (std::size_t i = 0; i < main_settings_.size(); ++i) {
        auto [it, inserted] = winning_.emplace(main_settings_[i].name, i);
        if (!inserted) {
            main_settings_[it->second].overridden = true;
            it->second = i;
        }
        if (const CatalogEntry* builtin = find_parameter(main_settings_[i].name))
            builtin_winning_[static_cast<std::size_t>(builtin - all_parameters().data())] =
                static_cast<std::uint32_t>(i + 1);
    }
    for (const Service& service : services_) {
        const std::string_view agent = service.command_basename();
        if (is_delivery_agent(agent))
            transport_commands_[service.name.text] = std::string(agent);
    }
    known_tcp_ports_ = KnownTcpPorts(expand("known_tcp_ports"));
    std::map<std::string, Service*, std::less<>> last_for_endpoint;
    for (Service& service : services_) {
        auto [it, inserted] = last_for_endpoint.emplace(
            master_endpoint_key(service.name.text, service.type.text,
                                service.private_field.text != "n", known_tcp_ports_),
            &service);
        if (!inserted) {
            it->second->superseded_by_line = service.location.line;
            it->second = &service;
        }
    }
    // postconf's user-defined parameters: referenced from any value in effect (not from a
    // main.cf line that a later one overrides; in master.cf, the -o overrides as postconf reads
    // them, which stop at the first word after the options, a braced one included), or
    // restriction classes.
    for (const Setting& setting : main_settings_)
        if (!setting.overridden)
            collect_references(setting.value, referenced_);
    for (const Service& service : services_)
        for (const std::string& override_text : postconf_overrides(service.argument_texts()))
            collect_references(override_text, referenced_);
    std::set<std::string, std::less<>> classes;
    auto add_classes = [&](std::string_view value) {
        for (std::string_view item : split_list(value))
            classes.emplace(item);
    };
    if (const Setting* setting = main_cf_setting("smtpd_restriction_classes"))
        add_classes(setting->value);
    for (const Service& service : services_)
        if (const Setting* setting = service.override_for("smtpd_restriction_classes"))
            add_classes(setting->value);
    for (const auto* names : {&referenced_, &classes})
        for (const std::string& name : *names)
            if (!find_parameter(name) && defined_in_files(name))
                user_defined_.insert(name);
}

bool Configuration::defined_in_files(std::string_view name) const
{
    if (winning_.count(name))
        return true;
    for (const Service& service : services_)
        if (service.override_for(name))
            return true;
    return false;
}

// postconf's database parameters configured in main.cf (ldap:corp with corp_server_host...,
// see dbms_parameters.hpp), found in the expanded values. Looked for only when some setting
// is still unknown, so a configuration without such names pays nothing.
void Configuration::register_dbms_parameters()
{
    bool any_unknown = false;
    for_each_setting_in_force([&](const Setting& setting, const Service*) {
        any_unknown = any_unknown || !is_known(setting.name);
    });
    if (!any_unknown)
        return;
    std::set<std::string, std::less<>> found;
    for_each_setting_in_force([&](const Setting& setting, const Service* service) {
        for_each_dbms_parameter_candidate(
            expand_text(setting.value, service), [&](const std::string& name) {
                if (find_parameter(name))
                    return;
                dbms_names_.insert(name);
                if (defined_in_files(name))
                    found.insert(name);
            });
    });
    user_defined_.merge(found);
}

const Setting* Configuration::main_cf_setting(std::string_view name) const
{
    return winning_setting(name, find_parameter(name));
}

const Setting* Configuration::winning_setting(std::string_view name,
                                              const CatalogEntry* builtin) const
{
    if (builtin) {
        const std::uint32_t winner =
            builtin_winning_[static_cast<std::size_t>(builtin - all_parameters().data())];
        return winner ? &main_settings_[winner - 1] : nullptr;
    }
    auto it = winning_.find(name);
    return it == winning_.end() ? nullptr : &main_settings_[it->second];
}

const CatalogEntry* Configuration::catalog_entry(std::string_view name) const
{
    if (const CatalogEntry* entry = find_parameter(name))
        return entry;
    return transport_entry(name);
}

const CatalogEntry* Configuration::transport_entry(std::string_view name) const
{
    if (transport_commands_.empty())
        return nullptr;
    // <transport>_<suffix>: the longest transport name that matches wins.
    for (std::size_t underscore = name.rfind('_'); underscore != std::string_view::npos && underscore > 0;
         underscore = name.rfind('_', underscore - 1)) {
        auto it = transport_commands_.find(name.substr(0, underscore));
        if (it == transport_commands_.end())
            continue;
        const std::string_view suffix = name.substr(underscore + 1);
        // time_limit is pipe's and spawn's only; spawn has nothing else.
        const bool time_limit = suffix == "time_limit";
        if (it->second == "spawn" ? !time_limit : time_limit && it->second != "pipe")
            return nullptr;
        return find_transport_suffix(suffix);
    }
    return nullptr;
}

std::string_view Configuration::LazyNetworks::mynetworks(std::string_view style,
                                                         std::string_view inet_interfaces,
                                                         std::string_view inet_protocols)
{
    std::call_once(once, [&] { networks = host_networks(); });
    std::string key = std::string(style) + '\n' + std::string(inet_interfaces) + '\n' +
                      std::string(inet_protocols);
    const std::lock_guard<std::mutex> lock(mutex);
    auto it = defaults.find(key);
    if (it == defaults.end())
        it = defaults.emplace(std::move(key),
                              networks.mynetworks(style, inet_interfaces, inet_protocols)).first;
    return it->second;
}

const Service* Configuration::find_service(std::string_view name, std::string_view type) const
{
    for (const Service& service : services_)
        if (service.name.text == name && service.type.text == type)
            return &service;
    return nullptr;
}

bool Configuration::is_known(std::string_view name) const
{
    return catalog_entry(name) != nullptr || is_user_defined(name) || referenced_by_defaults(name);
}

std::optional<ParameterValue> Configuration::lookup(std::string_view name,
                                                    const Service* service) const
{
    ParameterValue value;
    value.name = name;
    const CatalogEntry* builtin = find_parameter(name);
    value.entry = builtin ? builtin : transport_entry(name);
    // Each program sets a read-only parameter itself, over any assignment.
    const bool assignable = !(builtin && builtin->read_only());
    if (service && assignable) {
        if (const Setting* setting = service->override_for(name)) {
            value.raw = setting->value;
            value.setting = setting;
            value.from_override = true;
            return value;
        }
    }
    if (const Setting* setting = assignable ? winning_setting(name, builtin) : nullptr) {
        value.raw = setting->value;
        value.setting = setting;
        return value;
    }
    if (!value.entry)
        return std::nullopt;
    if (name == "config_directory")
        value.raw = config_directory_;
    else if (name == "myhostname")
        value.raw = host_.host_name;
    else if (name == "mydomain")
        value.raw = host_.domain_name;
    else if (name == "mynetworks")
        value.raw = networks_->mynetworks(expand("mynetworks_style", service),
                                          expand("inet_interfaces", service),
                                          expand("inet_protocols", service));
    else if (name == "service_name")
        value.raw = service ? std::string_view(service->name.text) : std::string_view();
    else if (name == "process_name")
        value.raw = service ? service->command_basename() : std::string_view("postconf");
    else if (name == "process_id" && process_id_)
        value.raw = *process_id_;
    else
        value.raw = value.entry->default_value;
    return value;
}

void ExpansionLocator::add_elements(const Setting& setting, Index& index)
{
    const std::string_view written = setting.value;
    for (const std::string_view element : split_list(written)) {
        const auto offset = static_cast<std::size_t>(element.data() - written.data());
        record(index, element, {&setting, offset});
    }
}

void ExpansionLocator::record(Index& index, std::string_view element, Place place)
{
    const auto [it, first] = index.emplace(element, place);
    if (!first)
        it->second.setting = nullptr; // written twice: no one place
}

// An element such as ${db_driver}:/etc/postfix/sql-transport.cf, which the expanded value holds
// as pgsql:/etc/postfix/sql-transport.cf: indexed by its expansion on its own, which is what the
// whole value's expansion holds when the names it refers to expand to one element each.
void ExpansionLocator::add_expanded_elements()
{
    const std::string_view written = setting_.value;
    for (const std::string_view element : split_list(written)) {
        if (element.find('$') == std::string_view::npos)
            continue;
        const auto offset = static_cast<std::size_t>(element.data() - written.data());
        record(expanded_elements_, texts_.emplace_back(config_->expand_text(element, service_)),
               {&setting_, offset});
    }
}

// The user-defined parameters `setting` refers to, each once, to a bounded depth (Postfix
// stops nesting deeper than that anyway): the service's -o override of a name first, as in
// Postfix. Built-in parameters are left out: their values are checked, and placed, where
// they are set, so that an element from $virtual_alias_maps in relay_recipient_maps stays a
// finding of relay_recipient_maps, not a second one at virtual_alias_maps' line.
void ExpansionLocator::add_referenced(const Setting& setting, int depth,
                                      std::set<const Setting*>& seen)
{
    constexpr int deepest = 10;
    std::map<std::string, std::size_t, std::less<>> names;
    collect_reference_offsets(setting.value, names);
    for (const auto& entry : names) {
        if (config_->catalog_entry(entry.first))
            continue;
        const Setting* referenced = service_ ? service_->override_for(entry.first) : nullptr;
        if (!referenced)
            referenced = config_->main_cf_setting(entry.first);
        if (!referenced || !seen.insert(referenced).second)
            continue;
        add_elements(*referenced, referenced_);
        if (depth < deepest)
            add_referenced(*referenced, depth + 1, seen);
    }
}

SourceLocation ExpansionLocator::at(std::size_t offset)
{
    if (as_written_)
        return setting_.location_of(offset);
    if (offset >= expanded_.size())
        return setting_.value_location;
    if (!indexed_) {
        indexed_ = true;
        add_elements(setting_, written_);
        if (config_) {
            add_expanded_elements();
            std::set<const Setting*> seen{&setting_};
            add_referenced(setting_, 0, seen);
        }
    }
    const std::string_view rest = expanded_.substr(offset);
    const std::string_view element = rest.substr(0, rest.find_first_of(", \t\r\n"));
    for (const Index* index : {&written_, &referenced_, &expanded_elements_}) {
        const auto found = index->find(element);
        if (found == index->end())
            continue;
        if (!found->second.setting)
            break; // written twice: no one place
        return found->second.setting->location_of(found->second.offset);
    }
    return setting_.value_location;
}

SourceLocation Setting::location_of(std::size_t offset) const
{
    SourceLocation where = value_location;
    std::size_t start = 0;
    // The last piece that starts at or before `offset` (pieces are in offset order): a binary
    // search, so that locating every element of a value of 200,000 lines stays linear.
    const auto after = std::upper_bound(
        continued.begin(), continued.end(), offset,
        [](std::size_t at, const ValuePiece& piece) { return at < piece.offset; });
    if (after != continued.begin()) {
        const ValuePiece& piece = *std::prev(after);
        where.line = piece.line;
        where.column = piece.column;
        start = piece.offset;
    }
    where.column += offset - start;
    return where;
}

std::vector<std::string> Service::argument_texts() const
{
    std::vector<std::string> texts;
    texts.reserve(arguments.size());
    for (const ServiceField& argument : arguments)
        texts.push_back(argument.text);
    return texts;
}

SourceLocation Configuration::where_in_force(std::string_view name, const Service& service) const
{
    const auto value = lookup(name, &service);
    return value && value->setting ? value->setting->value_location : service.location;
}

std::string_view Configuration::source_text(std::string_view file) const
{
    if (file == main_cf_path_)
        return main_text_;
    if (file == master_cf_path_)
        return master_text_;
    return {};
}

} // namespace mf::compiler
