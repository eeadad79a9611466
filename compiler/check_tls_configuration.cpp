// The TLS checks and the snapshot's TLS material, run over a loaded Configuration: main.cf's
// effective values first, then each smtpd/smtp/lmtp service of master.cf whose -o overrides
// touch TLS (a submission service that requires TLS, a client with its own certificate), whose
// findings are kept unless main.cf's check made the same one, so nothing is reported twice. Checks and
// snapshot read the files through the compile's one TlsFileCache (CheckOptions::tls_files), so
// the snapshot carries exactly what was validated; a service whose material differs from
// main.cf's gets its own complete set in the snapshot.
#include <unistd.h>

#include <algorithm>
#include <ctime>
#include <iterator>
#include <memory>
#include <set>
#include <tuple>
#include <vector>

#include "compiler/check_tls.hpp"
#include "compiler/checks.hpp"
#include "compiler/snapshot.hpp"

namespace mf::compiler {

namespace {

TlsSettingLookup lookup_in(const Configuration& config, const Service* service)
{
    return [&config, service](std::string_view name) {
        TlsSetting setting;
        setting.location = SourceLocation{config.main_cf_path(), 0, 0};
        auto value = config.lookup(name, service);
        if (!value)
            return setting;
        setting.value = config.expand(name, service);
        if (value->setting != nullptr) {
            setting.location = value->setting->value_location;
            setting.explicitly_set = true;
            setting.locate = [&config, service, source = value->setting,
                              expanded = setting.value](std::size_t at) {
                return ExpansionLocator(*source, expanded, &config, service).at(at);
            };
        }
        return setting;
    };
}

// The compile's shared cache, or (for a caller that shares none) one of this call's own.
std::shared_ptr<TlsFileCache> files_of(const CheckOptions& options)
{
    if (options.tls_files)
        return options.tls_files;
    CheckOptions own = options;
    share_tls_files(own);
    return own.tls_files;
}

TlsCheckOptions tls_options(const CheckOptions& options, TlsFileCache& files)
{
    TlsCheckOptions tls;
    tls.now = static_cast<std::int64_t>(std::time(nullptr));
    tls.min_validity_seconds = options.min_validity_seconds;
    tls.file_checks = !options.no_file_checks;
    tls.running_as_root = ::geteuid() == 0;
    tls.files = &files;
    return tls;
}

bool touches_tls(std::string_view name)
{
    auto ends_with = [&](std::string_view suffix) {
        return name.size() >= suffix.size() && name.substr(name.size() - suffix.size()) == suffix;
    };
    // tls_server_sni_maps and the other tls_* parameters of the TLS library count too.
    return name.find("_tls_") != std::string_view::npos || name.substr(0, 4) == "tls_" ||
           ends_with("_use_tls") ||
           ends_with("_enforce_tls") || ends_with("_restrictions") ||
           name == "relay_clientcerts" || name == "myhostname";
}

bool is_tls_speaker(const Service& service)
{
    std::string_view command = service.command_basename();
    return command == "smtpd" || command == "smtp" || command == "lmtp";
}

// The services checked, and given material, in their own context.
std::vector<const Service*> services_overriding_tls(const Configuration& config)
{
    std::vector<const Service*> services;
    for (const Service& service : config.services()) {
        if (!is_tls_speaker(service))
            continue;
        bool overrides_tls = false;
        for (const Setting& setting : service.overrides)
            overrides_tls = overrides_tls || touches_tls(setting.name);
        if (overrides_tls)
            services.push_back(&service);
    }
    return services;
}

bool same_material(const std::vector<SnapshotTlsMaterial>& a,
                   const std::vector<SnapshotTlsMaterial>& b)
{
    auto same = [](const SnapshotTlsMaterial& x, const SnapshotTlsMaterial& y) {
        return x.kind == y.kind && x.parameter == y.parameter &&
               x.server_name == y.server_name && x.path == y.path && x.bytes == y.bytes;
    };
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), same);
}

} // namespace

void check_tls_configuration(const Configuration& config, DiagnosticSink& sink,
                             const CheckOptions& options)
{
    std::shared_ptr<TlsFileCache> files = files_of(options);
    const TlsCheckOptions tls = tls_options(options, *files);
    // A service's findings that main.cf's check made already are not repeated; the rest (at
    // its -o overrides, or in files only its overrides name, such as its own SNI table) are.
    std::set<std::tuple<std::string, std::size_t, std::size_t, std::string, std::string>> reported;
    auto report_new = [&](const DiagnosticSink& found) {
        for (const Diagnostic& diagnostic : found.all()) {
            auto key = std::make_tuple(diagnostic.location.file, diagnostic.location.line,
                                       diagnostic.location.column, diagnostic.code,
                                       diagnostic.message);
            if (reported.insert(key).second)
                sink.report(diagnostic.severity, diagnostic.location, diagnostic.message,
                            diagnostic.code);
        }
    };
    DiagnosticSink main_sink;
    check_tls(lookup_in(config, nullptr), tls, main_sink);
    report_new(main_sink);
    for (const Service* service : services_overriding_tls(config)) {
        DiagnosticSink service_sink;
        check_tls(lookup_in(config, service), tls, service_sink);
        report_new(service_sink);
    }
}

void add_tls_material(const Configuration& config, const CheckOptions& options,
                      Snapshot& snapshot)
{
    // The checks ran already and found no error (no snapshot is written otherwise). Running
    // them again over the same cache reads no file again: the material is what they validated,
    // and keeping only what validates leaves out anything a check refused.
    std::shared_ptr<TlsFileCache> files = files_of(options);
    const TlsCheckOptions tls = tls_options(options, *files);
    DiagnosticSink ignored;
    TlsMaterial material;
    check_tls(lookup_in(config, nullptr), tls, ignored, &material);
    std::vector<SnapshotTlsMaterial> main_entries = snapshot_tls_entries(material);
    for (const Service* service : services_overriding_tls(config)) {
        TlsMaterial own;
        check_tls(lookup_in(config, service), tls, ignored, &own);
        std::vector<SnapshotTlsMaterial> entries =
            snapshot_tls_entries(own, service->name.text + "/" + service->type.text);
        if (!same_material(entries, main_entries))
            snapshot.tls.insert(snapshot.tls.end(), std::make_move_iterator(entries.begin()),
                                std::make_move_iterator(entries.end()));
    }
    snapshot.tls.insert(snapshot.tls.begin(), std::make_move_iterator(main_entries.begin()),
                        std::make_move_iterator(main_entries.end()));
}

} // namespace mf::compiler
