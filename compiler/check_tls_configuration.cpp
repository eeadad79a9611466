// The TLS checks and the snapshot's TLS material, run over a loaded Configuration: main.cf's
// effective values first, then each smtpd/smtp/lmtp service of master.cf whose -o overrides
// touch TLS (a submission service that requires TLS, a client with its own certificate), whose
// findings are kept when they point into master.cf, so nothing is reported twice.
#include <unistd.h>

#include <ctime>
#include <set>
#include <tuple>

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
        }
        return setting;
    };
}

TlsCheckOptions tls_options(const CheckOptions& options)
{
    TlsCheckOptions tls;
    tls.now = static_cast<std::int64_t>(std::time(nullptr));
    tls.min_validity_seconds = options.min_validity_seconds;
    tls.file_checks = !options.no_file_checks;
    tls.running_as_root = ::geteuid() == 0;
    tls.resolve_path = [options](const std::string& path) { return options.resolve(path); };
    return tls;
}

bool touches_tls(std::string_view name)
{
    auto ends_with = [&](std::string_view suffix) {
        return name.size() >= suffix.size() && name.substr(name.size() - suffix.size()) == suffix;
    };
    return name.find("_tls_") != std::string_view::npos || ends_with("_use_tls") ||
           ends_with("_enforce_tls") || ends_with("_restrictions") ||
           name == "relay_clientcerts" || name == "myhostname";
}

bool is_tls_speaker(const Service& service)
{
    std::string_view command = service.command_basename();
    return command == "smtpd" || command == "smtp" || command == "lmtp";
}

} // namespace

void check_tls_configuration(const Configuration& config, DiagnosticSink& sink,
                             const CheckOptions& options)
{
    const TlsCheckOptions tls = tls_options(options);
    check_tls(lookup_in(config, nullptr), tls, sink);

    std::set<std::tuple<std::size_t, std::size_t, std::string, std::string>> reported;
    for (const Service& service : config.services()) {
        if (!is_tls_speaker(service))
            continue;
        bool overrides_tls = false;
        for (const Setting& setting : service.overrides)
            overrides_tls = overrides_tls || touches_tls(setting.name);
        if (!overrides_tls)
            continue;
        DiagnosticSink service_sink;
        check_tls(lookup_in(config, &service), tls, service_sink);
        for (const Diagnostic& diagnostic : service_sink.all()) {
            if (diagnostic.location.file != config.master_cf_path())
                continue;
            auto key = std::make_tuple(diagnostic.location.line, diagnostic.location.column,
                                       diagnostic.code, diagnostic.message);
            if (reported.insert(key).second)
                sink.report(diagnostic.severity, diagnostic.location, diagnostic.message,
                            diagnostic.code);
        }
    }
}

void add_tls_material(const Configuration& config, const CheckOptions& options,
                      Snapshot& snapshot)
{
    // The checks ran already and found no error (no snapshot is written otherwise); running
    // them again here reads the files once more and keeps only what validates again, so a
    // file replaced in between can never pair a certificate with the wrong key.
    DiagnosticSink ignored;
    TlsMaterial material;
    check_tls(lookup_in(config, nullptr), tls_options(options), ignored, &material);
    for (SnapshotTlsMaterial& entry : snapshot_tls_entries(material))
        snapshot.tls.push_back(std::move(entry));
}

} // namespace mf::compiler
