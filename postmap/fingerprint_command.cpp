// `mfmap fingerprint`; see fingerprint_command.hpp. Reads every certificate first (a table is
// built only from a complete, error-free set), then prints, writes or compares. Certificates
// met twice (the same file named twice, CApath hash links) yield one line. --check counts a
// certificate as listed when either of its fingerprints is a key, as smtpd looks up both.
#include "postmap/fingerprint_command.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "postmap/fingerprint.hpp"
#include "postmap/map_config.hpp"
#include "postmap/registry.hpp"
#include "postmap/table_build.hpp"
#include "util/atomic_file.hpp"
#include "util/directory_names.hpp"
#include "util/openssl.hpp"
#include "util/read_to_end.hpp"

namespace mf::maps {

namespace {

constexpr const char* usage_text =
    "usage: mfmap fingerprint [--digest md5|sha1|sha256|sha512] [--pubkey] [-c CONFIG_DIR]\n"
    "                         [--passin pass:TEXT|env:VAR|file:PATH]\n"
    "                         [-o TYPE:FILE | --check TYPE:FILE] CERT_OR_DIR...\n";

struct Options {
    std::optional<FingerprintDigest> digest;
    FingerprintKind kind = FingerprintKind::certificate;
    std::optional<std::string> config_directory;
    std::optional<std::string> passin;
    std::optional<std::string> output; // -o TYPE:FILE
    std::optional<std::string> check;  // --check TYPE:FILE
    std::vector<std::string> inputs;
    MapConfigReader read_config; // main.cf settings, from the mfmap command
};

// One certificate: its table key (of the kind asked for), the other kind's fingerprint,
// its label and the file it came from.
struct Entry {
    std::string fingerprint;
    std::string other_fingerprint;
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
        } else if (argument == "-o") {
            if (i + 1 >= argc)
                return usage("-o needs TYPE:FILE");
            options.output = argv[++i];
        } else if (is_option("--check")) {
            auto value = value_of("--check");
            if (!value)
                return usage("--check needs TYPE:FILE");
            options.check = *value;
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
    if (options.output && options.check)
        return usage("-o and --check do not go together");
    return std::nullopt;
}

// -c DIR, else $MAIL_CONFIG, else /etc/postfix; the flag says whether it was chosen.
std::pair<std::string, bool> config_directory(const Options& options)
{
    if (options.config_directory)
        return {*options.config_directory, true};
    if (const char* mail_config = std::getenv("MAIL_CONFIG"))
        return {mail_config, true};
    return {"/etc/postfix", false};
}

// The digest in force, from the configuration directory's main.cf; with no main.cf in the
// default place, Postfix's built-in default (compatibility_level 0: md5).
Result<FingerprintDigest> digest_in_force(const Options& options)
{
    auto [directory, explicit_directory] = config_directory(options);
    auto config = options.read_config(directory, explicit_directory);
    if (!config)
        return tl::unexpected(config.error());
    if (auto digest = parse_fingerprint_digest(config->fingerprint_digest))
        return *digest;
    std::string where = config->fingerprint_digest_origin.empty()
                            ? directory + "/main.cf"
                            : config->fingerprint_digest_origin;
    return fail(where + ": smtpd_tls_fingerprint_digest = " + config->fingerprint_digest +
                ": not one of md5, sha1, sha256, sha512");
}

// Plain files of a directory, sorted, hidden ones skipped.
Result<std::vector<std::string>> files_in(const std::string& directory)
{
    auto names = directory_names(directory);
    if (!names)
        return tl::unexpected(names.error());
    std::vector<std::string> files;
    for (const std::string& name : *names) {
        if (name.front() == '.')
            continue;
        std::string path = directory + "/" + name;
        struct stat status {};
        if (::stat(path.c_str(), &status) == 0 && S_ISREG(status.st_mode))
            files.push_back(std::move(path));
    }
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
        auto bytes = read_file(path);
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
            FingerprintKind other = kind_ == FingerprintKind::certificate
                                        ? FingerprintKind::public_key
                                        : FingerprintKind::certificate;
            auto print = fingerprint(*certificate, digest_, kind_);
            auto other_print = fingerprint(*certificate, digest_, other);
            if (!print || !other_print) {
                error(path + ": " + (print ? other_print : print).error().message);
                return false;
            }
            if (!seen_.insert(*print).second)
                continue;
            std::string label = fingerprint_label(*certificate);
            // postmap refuses a line without a value: fall back to the file's name.
            if (label.empty())
                label = base_name(path);
            entries_.push_back({*print, *other_print, label, path});
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

Result<TableRef> table_argument(const Options& options, const std::string& text)
{
    auto [directory, explicit_directory] = config_directory(options);
    std::string default_type = "hash";
    if (text.find(':') == std::string::npos) {
        auto config = options.read_config(directory, explicit_directory);
        if (!config)
            return tl::unexpected(config.error());
        default_type = config->default_database_type;
    }
    TableRef table = parse_table_ref(text, default_type);
    if (find_table_type(table.type) == nullptr)
        return fail(text + ": unsupported table type \"" + table.type + "\"");
    return table;
}

// Writes the source file (keeping an existing file's mode), then builds the table from the
// same entries; each step replaces its file atomically.
int write_table(const Options& options, const std::vector<Entry>& entries)
{
    auto table = table_argument(options, *options.output);
    if (!table) {
        error(table.error().message);
        return 2;
    }
    const TableType* type = find_table_type(table->type);
    // texthash: tables are read from their source, so the source is the whole job.
    bool source_only = table->type == "texthash";
    if (!type->buildable && !source_only) {
        error(*options.output + ": mfmap cannot build " + table->type + " tables");
        return 2;
    }
    mode_t mode = 0644;
    struct stat status {};
    if (::stat(table->name.c_str(), &status) == 0)
        mode = status.st_mode & 07777;
    if (auto written = replace_file(table->name, table_source(entries), mode); !written) {
        error(written.error().message);
        return 1;
    }
    if (source_only)
        return 0;
    std::vector<std::pair<std::string, std::string>> pairs;
    pairs.reserve(entries.size());
    for (const Entry& entry : entries)
        pairs.emplace_back(entry.fingerprint, entry.label);
    BuildOptions build;
    build.source_path = table->name;
    build.on_warning = [&](std::uint32_t line, const std::string& message) {
        error(table->name + (line ? ", line " + std::to_string(line) : "") + ": " + message);
    };
    auto report = build_table(table->spec(), pairs, build, table->type);
    if (!report) {
        error(report.error().message);
        return 1;
    }
    return 0;
}

// Compares the table's keys with the certificates' fingerprints; prints one line per
// difference and returns 1 when there is any.
int check_table(const Options& options, FingerprintDigest digest,
                const std::vector<Entry>& entries)
{
    auto table = table_argument(options, *options.check);
    if (!table) {
        error(table.error().message);
        return 2;
    }
    auto dict = open_table(*table, DictOptions{});
    if (!dict) {
        error(dict.error().message);
        return 2;
    }
    std::vector<std::pair<std::string, std::string>> keys;
    auto listed = (*dict)->sequence([&](std::string_view key, std::string_view value) {
        keys.emplace_back(normalize_fingerprint(key), std::string(value));
        return true;
    });
    if (!listed) {
        error(listed.error().message);
        return 2;
    }
    std::set<std::string> in_table;
    for (const auto& [key, value] : keys)
        in_table.insert(key);
    std::set<std::string> known;
    int status = 0;
    for (const Entry& entry : entries) {
        known.insert(entry.fingerprint);
        known.insert(entry.other_fingerprint);
        if (in_table.count(entry.fingerprint) == 0 &&
            in_table.count(entry.other_fingerprint) == 0) {
            std::printf("missing from %s: %s %s (%s)\n", table->spec().c_str(),
                        entry.fingerprint.c_str(), entry.label.c_str(), entry.source.c_str());
            status = 1;
        }
    }
    for (const auto& [key, value] : keys) {
        if (known.count(key) != 0)
            continue;
        std::string why = "matches no certificate";
        auto bytes = fingerprint_byte_count(key);
        if (!bytes)
            why = "is not a fingerprint";
        else if (*bytes != fingerprint_digest_bytes(digest) && !digests_of_size(*bytes).empty())
            why = std::string("matches no certificate (it looks like ") +
                  fingerprint_digest_name(digests_of_size(*bytes).front()) +
                  ", the digest in use is " + fingerprint_digest_name(digest) + ")";
        std::printf("entry of %s %s: %s %s\n", table->spec().c_str(), why.c_str(), key.c_str(),
                    value.c_str());
        status = 1;
    }
    return status;
}

} // namespace

int run_fingerprint_command(int argc, char** argv, const MapConfigReader& read_config)
{
    Options options;
    options.read_config = read_config;
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
    if (options.output) {
        if (!ok) {
            error(*options.output + ": not written, since a certificate could not be read");
            return 1;
        }
        return write_table(options, collector.entries());
    }
    if (options.check) {
        int status = check_table(options, digest, collector.entries());
        return ok ? status : std::max(status, 1);
    }
    std::fputs(table_source(collector.entries()).c_str(), stdout);
    return ok ? 0 : 1;
}

} // namespace mf::maps
