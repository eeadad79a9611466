// `mfmap fingerprint`; see fingerprint_command.hpp. Reads every certificate first (a table is
// built only from a complete, error-free set), then prints, writes or compares. Certificates
// met twice (the same file named twice, CApath hash links) yield one line.
#include "postmap/fingerprint_command.hpp"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "postmap/fingerprint.hpp"
#include "postmap/fingerprint_digest_setting.hpp"
#include "util/openssl.hpp"

namespace mf::maps {

namespace {

constexpr const char* usage_text =
    "usage: mfmap fingerprint [--digest md5|sha1|sha256|sha512] [--pubkey] [-c CONFIG_DIR]\n"
    "                         [--passin pass:TEXT|env:VAR|file:PATH] CERT_OR_DIR...\n";

struct Options {
    std::optional<FingerprintDigest> digest;
    FingerprintKind kind = FingerprintKind::certificate;
    std::optional<std::string> config_directory;
    std::optional<std::string> passin;
    std::vector<std::string> inputs;
};

// One certificate's table line and where it came from.
struct Entry {
    std::string fingerprint;
    std::string label;
    std::string source;
};

void error(const std::string& message) { std::fprintf(stderr, "mfmap: %s\n", message.c_str()); }

int usage(const std::string& message)
{
    error(message);
    std::fputs(usage_text, stderr);
    return 2;
}

// Parses the options; returns an exit status when the command must stop here.
std::optional<int> parse_options(int argc, char** argv, Options& options)
{
    for (int i = 1; i < argc; ++i) {
        std::string_view argument = argv[i];
        auto value_of = [&](std::string_view option) -> std::optional<std::string> {
            if (argument.size() > option.size() && argument.substr(0, option.size()) == option &&
                argument[option.size()] == '=')
                return std::string(argument.substr(option.size() + 1));
            if (argument == option && i + 1 < argc)
                return std::string(argv[++i]);
            return std::nullopt;
        };
        auto is_option = [&](std::string_view option) {
            return argument == option ||
                   (argument.size() > option.size() && argument.substr(0, option.size()) == option &&
                    argument[option.size()] == '=');
        };
        if (argument == "-h" || argument == "--help") {
            std::fputs(usage_text, stdout);
            return 0;
        }
        if (argument == "--pubkey") {
            options.kind = FingerprintKind::public_key;
        } else if (is_option("--digest")) {
            auto value = value_of("--digest");
            if (!value)
                return usage("--digest needs a digest name");
            options.digest = parse_fingerprint_digest(*value);
            if (!options.digest)
                return usage("unsupported digest \"" + *value + "\" (md5, sha1, sha256, sha512)");
        } else if (argument.substr(0, 2) == "-c") {
            if (argument.size() > 2)
                options.config_directory = std::string(argument.substr(2));
            else if (i + 1 < argc)
                options.config_directory = argv[++i];
            else
                return usage("-c needs a configuration directory");
        } else if (is_option("--passin")) {
            auto value = value_of("--passin");
            if (!value)
                return usage("--passin needs pass:TEXT, env:VAR or file:PATH");
            options.passin = *value;
        } else if (argument == "--") {
            for (++i; i < argc; ++i)
                options.inputs.emplace_back(argv[i]);
        } else if (argument.size() > 1 && argument[0] == '-') {
            return usage("unknown option " + std::string(argument));
        } else {
            options.inputs.emplace_back(argument);
        }
    }
    if (options.inputs.empty())
        return usage("no certificate file or directory given");
    return std::nullopt;
}

// The digest in force: -c DIR's main.cf, else $MAIL_CONFIG's, else /etc/postfix's; with no
// main.cf in the default place, Postfix's built-in default (compatibility_level 0: md5).
Result<FingerprintDigest> digest_in_force(const Options& options)
{
    std::string directory = "/etc/postfix";
    bool explicit_directory = false;
    if (options.config_directory) {
        directory = *options.config_directory;
        explicit_directory = true;
    } else if (const char* mail_config = std::getenv("MAIL_CONFIG")) {
        directory = mail_config;
        explicit_directory = true;
    }
    std::string main_cf = directory + "/main.cf";
    struct stat status {};
    if (!explicit_directory && ::stat(main_cf.c_str(), &status) != 0)
        return FingerprintDigest::md5;
    auto text = openssl::read_file(main_cf);
    if (!text)
        return tl::unexpected(text.error());
    return configured_fingerprint_digest(*text, main_cf);
}

// Plain files of a directory, sorted, hidden ones skipped.
Result<std::vector<std::string>> files_in(const std::string& directory)
{
    std::unique_ptr<DIR, int (*)(DIR*)> handle(::opendir(directory.c_str()), ::closedir);
    if (!handle)
        return fail(directory + ": " + std::strerror(errno));
    std::vector<std::string> files;
    while (const dirent* entry = ::readdir(handle.get())) {
        if (entry->d_name[0] == '.')
            continue;
        std::string path = directory + "/" + entry->d_name;
        struct stat status {};
        if (::stat(path.c_str(), &status) == 0 && S_ISREG(status.st_mode))
            files.push_back(path);
    }
    std::sort(files.begin(), files.end());
    return files;
}

// A file in a directory is skipped quietly unless it may hold a certificate: PEM with a
// certificate block, or DER/PKCS#12 (an ASN.1 SEQUENCE). Keys and notes sit beside certs.
bool may_hold_certificates(std::string_view bytes)
{
    if (openssl::looks_like_pem(bytes))
        return bytes.find("CERTIFICATE-----") != std::string_view::npos;
    return !bytes.empty() && static_cast<unsigned char>(bytes[0]) == 0x30;
}

std::string base_name(const std::string& path)
{
    auto slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

class Collector {
public:
    Collector(FingerprintDigest digest, FingerprintKind kind,
              std::optional<std::string> passphrase)
        : digest_(digest), kind_(kind), passphrase_(std::move(passphrase))
    {
    }

    // Adds the certificates of one file; `in_directory` makes non-certificate files quiet.
    bool add_file(const std::string& path, bool in_directory)
    {
        auto bytes = openssl::read_file(path);
        if (!bytes) {
            error(bytes.error().message);
            return false;
        }
        if (in_directory && !may_hold_certificates(*bytes))
            return true;
        auto bundle = openssl::read_certificates(*bytes, path, passphrase_);
        if (!bundle) {
            std::string message = bundle.error().message;
            if (!passphrase_ && message.find("passphrase") != std::string::npos)
                message += " (give it with --passin)";
            error(message);
            return false;
        }
        for (const openssl::X509Ptr& certificate : bundle->certificates) {
            auto print = fingerprint(*certificate, digest_, kind_);
            if (!print) {
                error(path + ": " + print.error().message);
                return false;
            }
            if (!seen_.insert(*print).second)
                continue;
            std::string label = fingerprint_label(*certificate);
            // postmap refuses a line without a value: fall back to the file's name.
            if (label.empty())
                label = base_name(path);
            entries_.push_back({*print, label, path});
        }
        return true;
    }

    bool add(const std::string& input)
    {
        struct stat status {};
        if (::stat(input.c_str(), &status) == 0 && S_ISDIR(status.st_mode)) {
            auto files = files_in(input);
            if (!files) {
                error(files.error().message);
                return false;
            }
            bool ok = true;
            for (const std::string& file : *files)
                ok = add_file(file, true) && ok;
            return ok;
        }
        return add_file(input, false);
    }

    const std::vector<Entry>& entries() const { return entries_; }

private:
    FingerprintDigest digest_;
    FingerprintKind kind_;
    std::optional<std::string> passphrase_;
    std::set<std::string> seen_;
    std::vector<Entry> entries_;
};

std::string table_source(const std::vector<Entry>& entries)
{
    std::string text;
    for (const Entry& entry : entries)
        text += entry.fingerprint + " " + entry.label + "\n";
    return text;
}

} // namespace

int run_fingerprint_command(int argc, char** argv)
{
    Options options;
    if (auto status = parse_options(argc, argv, options))
        return *status;

    FingerprintDigest digest;
    if (options.digest) {
        digest = *options.digest;
    } else {
        auto configured = digest_in_force(options);
        if (!configured) {
            error(configured.error().message);
            return 2;
        }
        digest = *configured;
    }
    std::optional<std::string> passphrase;
    if (options.passin) {
        auto resolved = openssl::resolve_passphrase(*options.passin);
        if (!resolved) {
            error(resolved.error().message);
            return 2;
        }
        passphrase = *resolved;
    }

    Collector collector(digest, options.kind, passphrase);
    bool ok = true;
    for (const std::string& input : options.inputs)
        ok = collector.add(input) && ok;
    std::fputs(table_source(collector.entries()).c_str(), stdout);
    return ok ? 0 : 1;
}

} // namespace mf::maps
