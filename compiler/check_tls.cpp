// The TLS checks; see check_tls.hpp. Each role (smtpd, smtp, lmtp) is checked only when its
// TLS is turned on, because Postfix reads the files only then: a leftover cert_file on a
// server without TLS is no error. Every diagnostic is reported at the parameter that names the
// file (or, for table entries, at the table source line; for a built tls_server_sni_maps table
// whose source is gone, at the built file), with the file and the fix in the text.
#include "compiler/check_tls.hpp"

#include <openssl/x509v3.h>

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <map>
#include <set>
#include <vector>

#include "compiler/postfix_list_split.hpp"
#include "compiler/tls_codes.hpp"
#include "grammar/logical_lines.hpp"
#include "postmap/fingerprint.hpp"
#include "postmap/registry.hpp"

namespace mf::compiler {

namespace {

using openssl::PemKind;
using openssl::PemObject;

constexpr std::int64_t day = 86400;

std::string lower(std::string_view text)
{
    std::string out(text);
    for (char& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

bool is_yes(std::string_view value) { return lower(value) == "yes"; }

// Postfix's list separators; { } grouping is not needed for file and table lists.
std::vector<std::string> split_words(std::string_view text)
{
    std::vector<std::string> words;
    std::string current;
    for (char c : text) {
        if (c == ',' || c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            if (!current.empty())
                words.push_back(std::move(current));
            current.clear();
        } else {
            current += c;
        }
    }
    if (!current.empty())
        words.push_back(std::move(current));
    return words;
}

// Where the first word of the list `text` that is `word` in any case starts; npos if none.
std::size_t word_offset(std::string_view text, std::string_view word)
{
    for (const ListToken& token : split_postfix_list(text).tokens)
        if (lower(token.text) == word)
            return token.offset;
    return std::string_view::npos;
}

// The names a certificate is valid for, as a message shows them: its DNS names, else its CN.
std::string names_in(const X509& certificate)
{
    std::string names;
    for (const std::string& dns : openssl::dns_names(certificate))
        names += (names.empty() ? "" : ", ") + dns;
    if (names.empty())
        names = "CN=" + openssl::subject_common_name(certificate).value_or("");
    return names;
}

std::string format_time(std::int64_t seconds)
{
    std::time_t time = static_cast<std::time_t>(seconds);
    std::tm broken{};
    ::gmtime_r(&time, &broken);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%d %H:%M UTC", &broken);
    return text;
}

std::string mode_text(mode_t mode)
{
    char text[8];
    std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode & 07777));
    return text;
}

std::string subject_of(const X509& certificate)
{
    std::string subject = openssl::subject_line(certificate);
    return subject.empty() ? "(empty subject)" : subject;
}

SourceLocation at_line(const std::string& file, std::size_t line)
{
    return SourceLocation{file, line, 1};
}

// A line of a tls_server_sni_maps source: where it is and the files it names.
struct SniSourceEntry {
    std::size_t line;
    std::string value;
};

// A certificate of a chain, with where it was read.
struct PlacedCertificate {
    const X509* certificate;
    std::string where; // FILE:LINE, for messages
    std::string file;
};

class TlsChecker {
public:
    TlsChecker(const TlsSettingLookup& lookup, const TlsCheckOptions& options,
               DiagnosticSink& sink, TlsMaterial* material)
        : lookup_(lookup), options_(options), sink_(sink), material_(material),
          own_files_(options.files ? nullptr
                                   : std::make_unique<TlsFileCache>(options.resolve_path)),
          files_(options.files ? *options.files : *own_files_)
    {
    }

    void run()
    {
        check_role("smtpd", material_ ? &material_->smtpd : nullptr);
        check_role("smtp", material_ ? &material_->smtp : nullptr);
        check_role("lmtp", material_ ? &material_->lmtp : nullptr);
        check_client_certificate_requests();
        check_fingerprint_tables();
    }

private:
    // --- reporting -----------------------------------------------------------------------

    void error(const SourceLocation& at, std::string message, const char* code)
    {
        sink_.report(Severity::error, at, std::move(message), code);
    }
    void warning(const SourceLocation& at, std::string message, const char* code)
    {
        sink_.report(Severity::warning, at, std::move(message), code);
    }
    void note(const SourceLocation& at, std::string message, const char* code)
    {
        sink_.report(Severity::note, at, std::move(message), code);
    }

    TlsSetting get(const std::string& name) const { return lookup_(name); }

    // --- reading files ---------------------------------------------------------------------

    // The file when it can be read and holds PEM; otherwise reports why and returns null.
    const TlsFile* read_pem_file(const std::string& path, const std::string& parameter,
                                 const SourceLocation& at)
    {
        const TlsFile& file = files_.get(path);
        // A file named twice (a key file defaulting to the certificate file) is reported once.
        bool first_report = reported_files_.insert(path).second;
        if (!first_report && (file.is_directory || file.error_number != 0 || file.objects.empty()))
            return nullptr;
        if (file.is_directory) {
            error(at, parameter + " = " + path + ": is a directory, not a file",
                  code::tls_file_unreadable);
            return nullptr;
        }
        if (file.error_number != 0) {
            if (file.error_number == ENOENT && !options_.file_checks)
                return nullptr;
            error(at, parameter + " = " + path + ": cannot read: " +
                          std::strerror(file.error_number),
                  code::tls_file_unreadable);
            return nullptr;
        }
        if (file.objects.empty()) {
            error(at, parameter + " = " + path +
                          ": not in PEM format (Postfix reads only PEM: -----BEGIN ...----- "
                          "blocks)",
                  code::tls_not_pem);
            return nullptr;
        }
        if (first_report)
            for (const PemObject& object : file.objects)
                if (object.kind == PemKind::malformed)
                    error(at, parameter + ": " + path + ":" + std::to_string(object.line) +
                                  ": damaged " + object.label + " block: " + object.problem,
                          code::tls_malformed_pem);
        return &file;
    }

    void check_key_file_access(const TlsFile& file, const std::string& parameter,
                               const SourceLocation& at)
    {
        if (!reported_access_.insert(file.path).second)
            return;
        mode_t mode = file.status.st_mode;
        if ((mode & (S_IRWXG | S_IRWXO)) != 0)
            warning(at, parameter + ": private key " + file.path +
                            " is accessible by group or others (mode " + mode_text(mode) +
                            "): chmod 600 " + file.path,
                    code::tls_key_permissions);
        if (options_.running_as_root && file.status.st_uid != 0)
            warning(at, parameter + ": private key " + file.path + " is owned by uid " +
                            std::to_string(file.status.st_uid) + ", not root: chown root " +
                            file.path,
                    code::tls_key_owner);
    }

    void report_encrypted(const TlsFile& file, std::size_t line, const std::string& parameter,
                          const SourceLocation& at)
    {
        error(at, parameter + ": the private key in " + file.path + ":" + std::to_string(line) +
                      " is encrypted with a passphrase, which Postfix cannot ask for: write it "
                      "unencrypted with `openssl pkey -in " + file.path + " -out " + file.path +
                      ".new`, chmod 600 " + file.path + ".new and move it over " + file.path,
              code::tls_encrypted_key);
    }

    // --- certificates and chains ---------------------------------------------------------

    void check_validity(const PlacedCertificate& placed, const std::string& parameter,
                        const SourceLocation& at)
    {
        const X509& certificate = *placed.certificate;
        std::int64_t not_before = openssl::not_before(certificate);
        std::int64_t not_after = openssl::not_after(certificate);
        std::string who = parameter + ": certificate " + placed.where + " (" +
                          subject_of(certificate) + ")";
        if (options_.now > not_after) {
            error(at, who + " expired on " + format_time(not_after), code::tls_certificate_expired);
        } else if (options_.now < not_before) {
            error(at, who + " is not valid before " + format_time(not_before),
                  code::tls_certificate_not_yet_valid);
        } else {
            std::int64_t left = not_after - options_.now;
            std::string text = who + " expires on " + format_time(not_after) + ", in " +
                               std::to_string(left / day) + " days";
            if (options_.min_validity_seconds > 0 && left < options_.min_validity_seconds)
                error(at, text + " (less than --min-validity " +
                              std::to_string(options_.min_validity_seconds / day) + " days)",
                      code::tls_certificate_expiring);
            else if (left < options_.expiry_warning_seconds)
                warning(at, text, code::tls_certificate_expiring);
        }
    }

    void check_strength(const PlacedCertificate& placed, const std::string& parameter,
                        const SourceLocation& at)
    {
        const X509& certificate = *placed.certificate;
        const EVP_PKEY* key = X509_get0_pubkey(&certificate);
        if (key != nullptr && openssl::key_type_name(*key) == "RSA" &&
            openssl::key_bits(*key) < 2048)
            warning(at, parameter + ": certificate " + placed.where + " (" +
                            subject_of(certificate) + ") has an RSA key of " +
                            std::to_string(openssl::key_bits(*key)) +
                            " bits; use at least 2048",
                    code::tls_weak_key);
        // A self-signed root's own signature is never verified, so its digest does not matter.
        std::string digest = openssl::signature_digest_name(certificate);
        if (!openssl::is_self_issued(certificate) && (digest == "sha1" || digest == "md5"))
            warning(at, parameter + ": certificate " + placed.where + " (" +
                            subject_of(certificate) + ") is signed with " + digest +
                            "; have it reissued with sha256",
                    code::tls_weak_signature);
    }

    // `server_name`: the tls_server_sni_maps key the chain is presented for ("" otherwise).
    void check_chain(const std::vector<PlacedCertificate>& chain, const std::string& parameter,
                     const SourceLocation& at, bool server, const std::vector<TlsAuthorities>& authorities,
                     bool have_ca, const std::string& server_name = {})
    {
        for (const PlacedCertificate& placed : chain) {
            check_validity(placed, parameter, at);
            check_strength(placed, parameter, at);
        }
        for (std::size_t i = 0; i + 1 < chain.size(); ++i) {
            if (!openssl::issued_by(*chain[i].certificate, *chain[i + 1].certificate)) {
                warning(at, parameter + ": certificate " + chain[i + 1].where + " (" +
                                subject_of(*chain[i + 1].certificate) +
                                ") did not issue the one before it, " + chain[i].where + " (" +
                                subject_of(*chain[i].certificate) +
                                "): list the server certificate first, then each issuer in turn",
                        code::tls_chain_order);
                break;
            }
        }
        if (have_ca)
            check_trust(chain, parameter, at, authorities);
        if (server && server_name.empty())
            check_names(chain.front(), parameter, at);
        else if (server)
            check_sni_name(chain.front(), parameter, at, server_name);
    }

    void check_trust(const std::vector<PlacedCertificate>& chain, const std::string& parameter,
                     const SourceLocation& at, const std::vector<TlsAuthorities>& authorities)
    {
        openssl::X509StorePtr store(X509_STORE_new());
        for (const TlsAuthorities& set : authorities)
            for (const openssl::X509Ptr& authority : set.certificates)
                X509_STORE_add_cert(store.get(), authority.get());
        openssl::X509StackPtr untrusted(sk_X509_new_null());
        for (std::size_t i = 1; i < chain.size(); ++i)
            sk_X509_push(untrusted.get(),
                         openssl::share(const_cast<X509*>(chain[i].certificate)).release());
        openssl::X509StoreCtxPtr context(X509_STORE_CTX_new());
        if (!store || !untrusted || !context ||
            X509_STORE_CTX_init(context.get(), store.get(),
                                const_cast<X509*>(chain.front().certificate),
                                untrusted.get()) != 1) {
            openssl::take_errors();
            return;
        }
        // Dates are reported on their own; an intermediate listed in the CA file is trusted.
        X509_STORE_CTX_set_flags(context.get(),
                                 X509_V_FLAG_NO_CHECK_TIME | X509_V_FLAG_PARTIAL_CHAIN);
        if (X509_verify_cert(context.get()) != 1) {
            int reason = X509_STORE_CTX_get_error(context.get());
            warning(at, parameter + ": certificate " + chain.front().where + " (" +
                            subject_of(*chain.front().certificate) +
                            ") does not lead to a CA of the configured CAfile/CApath: " +
                            X509_verify_cert_error_string(reason),
                    code::tls_chain_untrusted);
        }
        openssl::take_errors();
    }

    void check_names(const PlacedCertificate& leaf, const std::string& parameter,
                     const SourceLocation& at)
    {
        std::string hostname = get("myhostname").value;
        if (hostname.empty())
            return;
        if (X509_check_host(const_cast<X509*>(leaf.certificate), hostname.c_str(),
                            hostname.size(), 0, nullptr) == 1)
            return;
        std::string names = names_in(*leaf.certificate);
        warning(at, parameter + ": certificate " + leaf.where + " names " + names +
                        ", not myhostname = " + hostname,
                code::tls_name_mismatch);
    }

    // An SNI name is either a host name, or ".domain" for every name under the domain, which
    // a wildcard certificate for the domain covers.
    void check_sni_name(const PlacedCertificate& leaf, const std::string& parameter,
                        const SourceLocation& at, const std::string& server_name)
    {
        bool subdomains = server_name.front() == '.';
        std::string host = subdomains ? "any-name" + server_name : server_name;
        if (X509_check_host(const_cast<X509*>(leaf.certificate), host.c_str(), host.size(),
                            X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS, nullptr) == 1)
            return;
        std::string names = names_in(*leaf.certificate);
        warning(at, parameter + ": certificate " + leaf.where + " names " + names + ", not " +
                        (subdomains ? "every name under " + server_name + " (that takes *" +
                                          server_name + ")"
                                    : server_name) +
                        ", the SNI name it is presented for",
                code::tls_name_mismatch);
    }

    void add_credential(TlsRoleMaterial* role, const std::string& origin, const EVP_PKEY& key,
                        const std::string& key_file, const std::vector<PlacedCertificate>& chain,
                        const std::string& server_name = {})
    {
        if (role == nullptr)
            return;
        TlsCredential credential;
        credential.origin = origin;
        credential.server_name = server_name;
        credential.certificate_file = chain.front().file;
        credential.key_file = key_file;
        credential.key = openssl::share(const_cast<EVP_PKEY*>(&key));
        for (const PlacedCertificate& placed : chain)
            credential.chain.push_back(openssl::share(const_cast<X509*>(placed.certificate)));
        role->credentials.push_back(std::move(credential));
    }

    // --- one role ------------------------------------------------------------------------

    void check_role(const std::string& prefix, TlsRoleMaterial* role)
    {
        bool server = prefix == "smtpd";
        TlsSetting level = get(prefix + "_tls_security_level");
        bool enabled;
        bool required;
        SourceLocation enabled_at = level.location;
        if (!level.value.empty()) {
            std::string value = lower(level.value);
            enabled = value != "none";
            required = value == "encrypt";
        } else {
            TlsSetting use = get(prefix + "_use_tls");
            TlsSetting enforce = get(prefix + "_enforce_tls");
            enabled = is_yes(use.value) || is_yes(enforce.value);
            required = is_yes(enforce.value);
            enabled_at = is_yes(enforce.value) ? enforce.location : use.location;
        }
        if (!enabled)
            return;

        // The CAs first: chains are verified against them.
        std::vector<TlsAuthorities> authorities;
        bool have_ca = load_authorities(prefix, authorities);

        bool any_credential = false;
        TlsSetting chain_files = get(prefix + "_tls_chain_files");
        if (!chain_files.value.empty()) {
            any_credential = true;
            check_chain_files(split_words(chain_files.value), prefix + "_tls_chain_files",
                              chain_files.location, server, authorities, have_ca, role);
        } else {
            const char* pairs[][2] = {{"_tls_cert_file", "_tls_key_file"},
                                      {"_tls_dcert_file", "_tls_dkey_file"},
                                      {"_tls_eccert_file", "_tls_eckey_file"}};
            for (const auto& pair : pairs)
                any_credential = check_pair(prefix + pair[0], prefix + pair[1], server,
                                            authorities, have_ca, role) ||
                                 any_credential;
        }
        if (server && !any_credential) {
            std::string text = "smtpd TLS is turned on but no certificate is configured "
                               "(smtpd_tls_cert_file, smtpd_tls_eccert_file or "
                               "smtpd_tls_chain_files)";
            // A warning even when TLS is required: smtpd still starts (and then refuses every
            // client at STARTTLS), so Postfix accepts the configuration.
            warning(enabled_at,
                    text + (required ? ": with TLS required, no mail can be received"
                                     : ": STARTTLS will not be offered"),
                    code::tls_server_no_certificate);
        }
        if (server)
            check_sni_tables(authorities, have_ca, role);
        if (role != nullptr)
            for (TlsAuthorities& set : authorities)
                role->authorities.push_back(std::move(set));
    }

    // Returns true when a certificate file is configured (whatever its state).
    bool check_pair(const std::string& cert_parameter, const std::string& key_parameter,
                    bool server, const std::vector<TlsAuthorities>& authorities, bool have_ca,
                    TlsRoleMaterial* role)
    {
        TlsSetting cert = get(cert_parameter);
        if (cert.value.empty())
            return false;
        TlsSetting key = get(key_parameter);
        // The key file defaults to the certificate file ($..._cert_file).
        std::string key_path = key.value.empty() ? cert.value : key.value;
        SourceLocation key_at = key.explicitly_set ? key.location : cert.location;
        std::string key_name = key.explicitly_set ? key_parameter : cert_parameter;

        std::vector<PlacedCertificate> chain;
        if (const TlsFile* file = read_pem_file(cert.value, cert_parameter, cert.location)) {
            for (const PemObject& object : file->objects)
                if (object.kind == PemKind::certificate)
                    chain.push_back({object.certificate.get(),
                                     file->path + ":" + std::to_string(object.line), file->path});
            if (chain.empty())
                error(cert.location, cert_parameter + " = " + cert.value +
                                         ": holds no certificate",
                      code::tls_no_certificate);
        }

        const EVP_PKEY* private_key = nullptr;
        if (const TlsFile* file = read_pem_file(key_path, key_name, key_at)) {
            const PemObject* encrypted = nullptr;
            for (const PemObject& object : file->objects) {
                if (object.kind == PemKind::private_key && private_key == nullptr)
                    private_key = object.private_key.get();
                if (object.kind == PemKind::encrypted_private_key && encrypted == nullptr)
                    encrypted = &object;
            }
            if (private_key == nullptr && encrypted != nullptr)
                report_encrypted(*file, encrypted->line, key_name, key_at);
            else if (private_key == nullptr)
                error(key_at, key_name + " = " + key_path + ": holds no private key" +
                                  (key.explicitly_set ? "" : " (" + key_parameter +
                                                                 " defaults to the certificate "
                                                                 "file; set it to the key file)"),
                      code::tls_no_key);
            if (private_key != nullptr || encrypted != nullptr)
                check_key_file_access(*file, key_name, key_at);
        }

        if (chain.empty())
            return true;
        if (private_key != nullptr &&
            !openssl::key_matches_certificate(*private_key, *chain.front().certificate)) {
            error(key_at, key_name + ": the private key in " + key_path +
                              " does not match the certificate " + chain.front().where + " (" +
                              subject_of(*chain.front().certificate) + ")",
                  code::tls_key_mismatch);
            private_key = nullptr;
        }
        check_chain(chain, cert_parameter, cert.location, server, authorities, have_ca);
        if (private_key != nullptr)
            add_credential(role, cert_parameter, *private_key, key_path, chain);
        return true;
    }

    // Keys each directly followed by their chain, across the files in order.
    void check_chain_files(const std::vector<std::string>& paths, const std::string& parameter,
                           const SourceLocation& at, bool server,
                           const std::vector<TlsAuthorities>& authorities, bool have_ca,
                           TlsRoleMaterial* role, const std::string& server_name = {})
    {
        std::vector<const TlsFile*> files;
        for (const std::string& path : paths) {
            const TlsFile* file = read_pem_file(path, parameter, at);
            if (file == nullptr)
                return;
            bool holds_key = false;
            for (const PemObject& object : file->objects)
                holds_key = holds_key || object.kind == PemKind::private_key ||
                            object.kind == PemKind::encrypted_private_key;
            if (holds_key)
                check_key_file_access(*file, parameter, at);
            files.push_back(file);
        }
        check_key_chains(files, parameter, at, server, authorities, have_ca, role, server_name);
    }

    // Where the snapshot says a key or chain came from: its file, or the SNI table.
    static const std::string& origin_of(const TlsFile& file)
    {
        return file.table.empty() ? file.path : file.table;
    }

    // The PEM objects of `files` in order, as keys each directly followed by their chain.
    void check_key_chains(const std::vector<const TlsFile*>& files, const std::string& parameter,
                          const SourceLocation& at, bool server,
                          const std::vector<TlsAuthorities>& authorities, bool have_ca,
                          TlsRoleMaterial* role, const std::string& server_name = {})
    {
        struct Placed {
            const PemObject* object;
            const TlsFile* file;
        };
        std::vector<Placed> objects;
        for (const TlsFile* file : files)
            for (const PemObject& object : file->objects)
                objects.push_back({&object, file});

        struct Group {
            Placed key;
            bool usable;
            std::vector<PlacedCertificate> chain;
        };
        std::vector<Group> groups;
        for (const Placed& placed : objects) {
            std::string where = placed.file->path + ":" + std::to_string(placed.object->line);
            switch (placed.object->kind) {
            case PemKind::private_key:
                groups.push_back({placed, true, {}});
                break;
            case PemKind::encrypted_private_key:
                report_encrypted(*placed.file, placed.object->line, parameter, at);
                groups.push_back({placed, false, {}});
                break;
            case PemKind::certificate:
                if (groups.empty()) {
                    error(at, parameter + ": certificate " + where +
                                  " comes before any private key: each key must come first, "
                                  "directly followed by its certificate chain",
                          code::tls_chain_files_order);
                    return;
                }
                groups.back().chain.push_back(
                    {placed.object->certificate.get(), where, origin_of(*placed.file)});
                break;
            case PemKind::malformed:
            case PemKind::other:
                break;
            }
        }
        if (groups.empty()) {
            error(at, parameter + ": holds no private key", code::tls_no_key);
            return;
        }
        for (const Group& group : groups) {
            std::string key_where =
                group.key.file->path + ":" + std::to_string(group.key.object->line);
            if (group.chain.empty()) {
                error(at, parameter + ": the private key " + key_where +
                              " is not followed by its certificate",
                      code::tls_chain_files_order);
                continue;
            }
            bool usable = group.usable;
            if (usable && !openssl::key_matches_certificate(*group.key.object->private_key,
                                                            *group.chain.front().certificate)) {
                error(at, parameter + ": the private key " + key_where +
                              " does not match the certificate that follows it, " +
                              group.chain.front().where + " (" +
                              subject_of(*group.chain.front().certificate) + ")",
                      code::tls_key_mismatch);
                usable = false;
            }
            check_chain(group.chain, parameter, at, server, authorities, have_ca, server_name);
            if (usable)
                add_credential(role, server_name.empty() ? parameter : "tls_server_sni_maps",
                               *group.key.object->private_key, origin_of(*group.key.file),
                               group.chain, server_name);
        }
    }

    // Reads *_tls_CAfile and *_tls_CApath into `authorities`; true when either is set.
    bool load_authorities(const std::string& prefix, std::vector<TlsAuthorities>& authorities)
    {
        std::set<std::string> seen;
        auto add = [&](TlsAuthorities& set, const X509& certificate) {
            if (seen.insert(openssl::der_of_certificate(certificate)).second)
                set.certificates.push_back(openssl::share(const_cast<X509*>(&certificate)));
        };
        std::string cafile_parameter = prefix + "_tls_CAfile";
        TlsSetting cafile = get(cafile_parameter);
        if (!cafile.value.empty()) {
            if (const TlsFile* file = read_pem_file(cafile.value, cafile_parameter,
                                                    cafile.location)) {
                TlsAuthorities set{cafile_parameter, cafile.value, {}};
                std::size_t count = 0;
                for (const PemObject& object : file->objects)
                    if (object.kind == PemKind::certificate) {
                        add(set, *object.certificate);
                        ++count;
                    }
                if (count == 0)
                    error(cafile.location, cafile_parameter + " = " + cafile.value +
                                               ": holds no certificate",
                          code::tls_no_certificate);
                if (!set.certificates.empty())
                    authorities.push_back(std::move(set));
            }
        }
        std::string capath_parameter = prefix + "_tls_CApath";
        TlsSetting capath = get(capath_parameter);
        if (!capath.value.empty()) {
            TlsAuthorities set{capath_parameter, capath.value, {}};
            auto add_to_set = [&](const X509& certificate) { add(set, certificate); };
            load_capath(capath, capath_parameter, add_to_set);
            if (!set.certificates.empty())
                authorities.push_back(std::move(set));
        }
        return !cafile.value.empty() || !capath.value.empty();
    }

    template <typename Add>
    void load_capath(const TlsSetting& capath, const std::string& parameter, Add& add)
    {
        const TlsFile& directory = files_.get(capath.value);
        if (!directory.is_directory) {
            if (directory.error_number == ENOENT && !options_.file_checks)
                return;
            error(capath.location, parameter + " = " + capath.value +
                                       (directory.error_number != 0
                                            ? ": cannot read: " +
                                                  std::string(std::strerror(directory.error_number))
                                            : std::string(": is not a directory")),
                  code::tls_file_unreadable);
            return;
        }
        std::vector<const TlsFile*> entries = files_.directory(capath.value);
        // Subject hash -> DER of the certificates reachable through HASH.N names.
        std::map<std::string, std::set<std::string>> hashed;
        auto is_hash_name = [](std::string_view name) {
            if (name.size() < 10 || name[8] != '.')
                return false;
            for (std::size_t i = 0; i < name.size(); ++i)
                if (i != 8 && !std::isxdigit(static_cast<unsigned char>(name[i])))
                    return false;
            return true;
        };
        auto name_of = [](const std::string& path) { return path.substr(path.rfind('/') + 1); };
        for (const TlsFile* entry : entries) {
            std::string name = name_of(entry->path);
            if (!is_hash_name(name))
                continue;
            for (const PemObject& object : entry->objects)
                if (object.kind == PemKind::certificate)
                    hashed[lower(name.substr(0, 8))].insert(
                        openssl::der_of_certificate(*object.certificate));
        }
        std::vector<std::string> unlinked;
        for (const TlsFile* entry : entries) {
            bool hash_name = is_hash_name(name_of(entry->path));
            for (const PemObject& object : entry->objects) {
                if (object.kind != PemKind::certificate)
                    continue;
                add(*object.certificate);
                if (hash_name)
                    continue;
                char hash[16];
                std::snprintf(hash, sizeof hash, "%08lx",
                              X509_subject_name_hash(object.certificate.get()));
                auto found = hashed.find(hash);
                if (found == hashed.end() ||
                    found->second.count(openssl::der_of_certificate(*object.certificate)) == 0)
                    unlinked.push_back(name_of(entry->path));
            }
        }
        if (!unlinked.empty()) {
            std::string names;
            for (std::size_t i = 0; i < unlinked.size() && i < 3; ++i)
                names += (i == 0 ? "" : ", ") + unlinked[i];
            if (unlinked.size() > 3)
                names += ", ...";
            warning(capath.location, parameter + " = " + capath.value + ": " +
                                         std::to_string(unlinked.size()) +
                                         " certificate(s) without a hash link (" + names +
                                         "), which OpenSSL never finds: run `openssl rehash " +
                                         capath.value + "` (or c_rehash)",
                    code::tls_capath_not_hashed);
        }
    }

    // --- tls_server_sni_maps --------------------------------------------------------------

    // Each table maps a server name to keys each followed by their chain. An indexed table
    // (hash, cdb, lmdb...) holds them base64-encoded (postmap -F): that is what smtpd reads,
    // so its values are checked; texthash reads the files its source names when it opens.
    void check_sni_tables(const std::vector<TlsAuthorities>& authorities, bool have_ca,
                          TlsRoleMaterial* role)
    {
        TlsSetting sni = get("tls_server_sni_maps");
        for (const auto& table : table_sources(sni.value)) {
            // Named references: clang 14 cannot capture structured bindings in a lambda.
            const std::string& type = table.first;
            const std::string& name = table.second;
            if (type == "texthash") {
                const TlsFile& source = files_.get(name);
                if (source.error_number != 0 || source.is_directory)
                    continue; // the table checks report missing table sources
                for_each_source_line(source.bytes, [&](std::size_t line, std::string_view key,
                                                       std::string_view value) {
                    check_chain_files(split_words(value), sni_parameter(type, name, key),
                                      at_line(source.path, line), true, authorities, have_ca,
                                      role, lower(key));
                });
            } else if (maps::find_table_type(type) != nullptr) {
                check_sni_table(sni, type, name, authorities, have_ca, role);
            }
        }
    }

    static std::string sni_parameter(const std::string& type, const std::string& name,
                                     std::string_view key)
    {
        return "tls_server_sni_maps " + type + ":" + name + ", " + std::string(key);
    }

    void check_sni_table(const TlsSetting& sni, const std::string& type, const std::string& name,
                         const std::vector<TlsAuthorities>& authorities, bool have_ca,
                         TlsRoleMaterial* role)
    {
        const TlsSniTable& table = files_.table(type, name);
        std::string spec = type + ":" + name;
        if (!table.problem.empty()) {
            // A missing table is the table checks' to report; --no-file-checks skips it.
            if (table.error_number != ENOENT)
                error(sni.location, "tls_server_sni_maps = " + spec + ": cannot read " +
                                        table.file + ": " + table.problem,
                      code::tls_file_unreadable);
            return;
        }
        if ((table.status.st_mode & (S_IRWXG | S_IRWXO)) != 0)
            warning(sni.location, "tls_server_sni_maps = " + spec + ": " + table.file +
                                      " holds private keys and is accessible by group or "
                                      "others (mode " + mode_text(table.status.st_mode) +
                                      "): chmod 600 " + table.file + " (postmap gives it the "
                                      "source file's mode unless run with -p)",
                    code::tls_key_permissions);
        else if (options_.running_as_root && table.status.st_uid != 0)
            warning(sni.location, "tls_server_sni_maps = " + spec + ": " + table.file +
                                      " holds private keys and is owned by uid " +
                                      std::to_string(table.status.st_uid) +
                                      ", not root: chown root " + table.file,
                    code::tls_key_owner);

        // The source, when it is there, gives each entry its line and says what the table
        // should hold now.
        std::map<std::string, SniSourceEntry> source_entries;
        const TlsFile& source = files_.get(name);
        bool have_source = source.error_number == 0 && !source.is_directory;
        if (have_source)
            for_each_source_line(source.bytes, [&](std::size_t line, std::string_view key,
                                                   std::string_view value) {
                source_entries.emplace(lower(key), SniSourceEntry{line, std::string(value)});
            });
        auto location_of = [&](const std::string& key) {
            auto found = source_entries.find(key);
            return found != source_entries.end() ? at_line(source.path, found->second.line)
                                                 : SourceLocation{table.file, 0, 0};
        };

        std::size_t not_base64 = 0;
        std::set<std::string> keys;
        for (const TlsSniEntry& entry : table.entries) {
            if (entry.server_name.empty())
                continue; // no SNI name is empty: smtpd never looks it up
            keys.insert(entry.server_name);
            SourceLocation at = location_of(entry.server_name);
            std::string parameter = sni_parameter(type, name, entry.server_name);
            if (!entry.decoded) {
                if (not_base64++ == 0)
                    error(at, parameter + ": the value in " + table.file + " is not base64, "
                                  "so the table was built without -F and smtpd cannot use it: "
                                  "rebuild it with postmap -F " + spec,
                          code::tls_sni_not_base64);
                continue;
            }
            if (have_source)
                check_sni_entry_current(entry, spec, parameter, at, source_entries);
            if (entry.value.objects.empty()) {
                error(at, parameter + ": the value in " + table.file + " holds no PEM "
                              "(a private key followed by its certificate chain; was the table "
                              "built with postmap -F?)",
                      code::tls_not_pem);
                continue;
            }
            for (const PemObject& object : entry.value.objects)
                if (object.kind == PemKind::malformed)
                    error(at, parameter + ": " + entry.value.path + ":" +
                                  std::to_string(object.line) + ": damaged " + object.label +
                                  " block: " + object.problem,
                          code::tls_malformed_pem);
            check_key_chains({&entry.value}, parameter, at, true, authorities, have_ca, role,
                             entry.server_name);
        }
        if (not_base64 > 1)
            note(sni.location, "tls_server_sni_maps = " + spec + ": " +
                                   std::to_string(not_base64) + " values are not base64",
                 code::tls_sni_not_base64);
        for (const auto& [key, entry] : source_entries)
            if (keys.count(key) == 0)
                warning(at_line(source.path, entry.line),
                        sni_parameter(type, name, key) + ": not in " + table.file +
                            ": rebuild the table with postmap -F " + spec,
                        code::tls_sni_table_stale);
    }

    // Does the table still hold what the files its source names hold now? postmap -F joins
    // their contents with a newline.
    void check_sni_entry_current(const TlsSniEntry& entry, const std::string& spec,
                                 const std::string& parameter, const SourceLocation& at,
                                 const std::map<std::string, SniSourceEntry>& source_entries)
    {
        auto found = source_entries.find(entry.server_name);
        if (found == source_entries.end())
            return;
        std::string contents;
        std::string unreadable;
        bool first = true;
        for (const std::string& path : split_words(found->second.value)) {
            const TlsFile& file = files_.get(path);
            if (file.error_number != 0 || file.is_directory) {
                unreadable = path;
                break;
            }
            if (!first)
                contents += '\n';
            first = false;
            contents += file.bytes;
        }
        if (!unreadable.empty())
            warning(at, parameter + ": the table was built from files that cannot be read now (" +
                            unreadable + "); the table still holds the old contents",
                    code::tls_sni_table_stale);
        else if (contents != entry.value.bytes)
            warning(at, parameter + ": the files this line names have changed since the table "
                                    "was built, and smtpd uses what the table holds: rebuild it "
                                    "with postmap -F " + spec,
                    code::tls_sni_table_stale);
    }

    // --- client certificates -------------------------------------------------------------

    void check_client_certificate_requests()
    {
        TlsSetting cafile = get("smtpd_tls_CAfile");
        TlsSetting capath = get("smtpd_tls_CApath");
        bool have_ca = !cafile.value.empty() || !capath.value.empty();
        TlsSetting ask = get("smtpd_tls_ask_ccert");
        TlsSetting require = get("smtpd_tls_req_ccert");
        if (!have_ca && is_yes(require.value))
            error(require.location,
                  "smtpd_tls_req_ccert = yes but neither smtpd_tls_CAfile nor smtpd_tls_CApath "
                  "is set: no client certificate can be verified, so every client is refused",
                  code::tls_ccert_no_ca);
        else if (!have_ca && is_yes(ask.value))
            warning(ask.location,
                    "smtpd_tls_ask_ccert = yes but neither smtpd_tls_CAfile nor "
                    "smtpd_tls_CApath is set: smtpd names no CA, and many clients then send no "
                    "certificate",
                    code::tls_ccert_no_ca);

        TlsSetting relay = get("relay_clientcerts");
        for (const std::string& list : restriction_lists()) {
            TlsSetting restrictions = get(list);
            const std::size_t offset = word_offset(restrictions.value, "permit_tls_clientcerts");
            if (offset == std::string::npos)
                continue;
            const SourceLocation where = restrictions.at(offset);
            if (relay.value.empty())
                error(where,
                      list + " uses permit_tls_clientcerts but relay_clientcerts is empty: it "
                             "never permits any client",
                      code::tls_clientcerts_no_table);
            if (!is_yes(ask.value) && !is_yes(require.value))
                warning(where,
                        list + " uses permit_tls_clientcerts but smtpd_tls_ask_ccert is not "
                               "yes: smtpd never asks for a client certificate",
                        code::tls_clientcerts_no_ask);
        }
    }

    std::vector<std::string> restriction_lists() const
    {
        std::vector<std::string> lists = {
            "smtpd_client_restrictions",     "smtpd_helo_restrictions",
            "smtpd_sender_restrictions",     "smtpd_relay_restrictions",
            "smtpd_recipient_restrictions",  "smtpd_data_restrictions",
            "smtpd_end_of_data_restrictions", "smtpd_etrn_restrictions"};
        for (const std::string& restriction_class :
             split_words(get("smtpd_restriction_classes").value))
            lists.push_back(restriction_class);
        return lists;
    }

    // The (type, source file) of each table of a table list whose source holds literal keys.
    std::vector<std::pair<std::string, std::string>> table_sources(std::string_view value) const
    {
        static const std::set<std::string> literal_types = {"hash", "btree", "cdb", "lmdb",
                                                            "dbm",  "sdbm",  "texthash"};
        std::vector<std::pair<std::string, std::string>> tables;
        for (const std::string& word : split_words(value)) {
            auto colon = word.find(':');
            if (colon == std::string::npos || colon == 0)
                continue;
            std::string type = lower(word.substr(0, colon));
            if (literal_types.count(type) != 0)
                tables.emplace_back(type, word.substr(colon + 1));
        }
        return tables;
    }

    template <typename OnEntry>
    static void for_each_source_line(std::string_view text, OnEntry&& on_entry)
    {
        grammar::read_logical_lines(
            text,
            [&](const grammar::LogicalLine& line) {
                std::string_view entry = line.text;
                std::size_t key_end = 0;
                while (key_end < entry.size() &&
                       !std::isspace(static_cast<unsigned char>(entry[key_end])))
                    ++key_end;
                std::string_view key = entry.substr(0, key_end);
                std::string_view value = entry.substr(key_end);
                while (!value.empty() && std::isspace(static_cast<unsigned char>(value.front())))
                    value.remove_prefix(1);
                on_entry(line.start().line, key, value);
            },
            [](grammar::Position, std::string_view) {});
    }

    // relay_clientcerts and check_ccert_access tables: every key must be a fingerprint of the
    // digest in force, or it silently never matches.
    void check_fingerprint_tables()
    {
        std::vector<std::pair<std::string, TlsSetting>> users;
        TlsSetting relay = get("relay_clientcerts");
        if (!relay.value.empty())
            users.emplace_back("relay_clientcerts", relay);
        for (const std::string& list : restriction_lists()) {
            TlsSetting restrictions = get(list);
            std::vector<std::string> words = split_words(restrictions.value);
            for (std::size_t i = 0; i + 1 < words.size(); ++i)
                if (lower(words[i]) == "check_ccert_access") {
                    TlsSetting table = restrictions;
                    table.value = words[i + 1];
                    users.emplace_back(list + " check_ccert_access", table);
                }
        }
        if (users.empty())
            return;

        TlsSetting digest_setting = get("smtpd_tls_fingerprint_digest");
        auto digest = maps::parse_fingerprint_digest(digest_setting.value);
        if (!digest) {
            error(digest_setting.location,
                  "smtpd_tls_fingerprint_digest = " + digest_setting.value +
                      ": not one of md5, sha1, sha256, sha512",
                  code::tls_bad_digest);
            return;
        }
        std::string digest_name = maps::fingerprint_digest_name(*digest);
        std::string origin;
        if (digest_setting.explicitly_set) {
            origin = "smtpd_tls_fingerprint_digest = " + digest_setting.value;
        } else {
            std::string level = get("compatibility_level").value;
            origin = "the default for compatibility_level = " + (level.empty() ? "0" : level);
        }
        std::size_t expected = maps::fingerprint_digest_bytes(*digest);

        for (const auto& use : users) {
            // Named references: clang 14 cannot capture structured bindings in a lambda.
            const std::string& user = use.first;
            const TlsSetting& setting = use.second;
            for (const auto& [type, source] : table_sources(setting.value)) {
                const TlsFile& file = files_.get(source);
                if (file.error_number != 0 || file.is_directory)
                    continue; // the table checks report missing table sources
                std::size_t problems = 0;
                for_each_source_line(file.bytes, [&](std::size_t line, std::string_view key,
                                                     std::string_view) {
                    if (check_fingerprint_key(key, user, at_line(file.path, line), expected,
                                              digest_name, origin))
                        ++problems;
                });
                if (problems > 0)
                    note(setting.location,
                         user + " = " + type + ":" + source + ": " + std::to_string(problems) +
                             (problems == 1 ? " entry never matches" : " entries never match") +
                             "; the digest in force is " + digest_name +
                             " (" + origin + ")",
                         code::tls_fingerprint_digest);
            }
        }
    }

    // Reports a bad key; returns true when it did.
    bool check_fingerprint_key(std::string_view key, const std::string& user,
                               const SourceLocation& at, std::size_t expected,
                               const std::string& digest_name, const std::string& origin)
    {
        auto bytes = maps::fingerprint_byte_count(key);
        if (!bytes) {
            bool bare_hex = !key.empty() && key.size() % 2 == 0;
            for (char c : key)
                bare_hex = bare_hex && std::isxdigit(static_cast<unsigned char>(c)) != 0;
            std::string hint = bare_hex ? ": hex without colons never matches; write it as "
                                          "AB:CD:... as `mfmap fingerprint` prints it"
                                        : ": Postfix looks up fingerprints as AB:CD:... (hex "
                                          "pairs joined by colons)";
            error(at, user + " entry \"" + std::string(key) + "\" is not a fingerprint" + hint,
                  code::tls_fingerprint_malformed);
            return true;
        }
        if (*bytes == expected)
            return false;
        auto candidates = maps::digests_of_size(*bytes);
        if (candidates.empty()) {
            error(at, user + " entry \"" + std::string(key) + "\" has " + std::to_string(*bytes) +
                          " bytes, which no digest produces (md5 16, sha1 20, sha256 32, "
                          "sha512 64)",
                  code::tls_fingerprint_malformed);
            return true;
        }
        error(at, user + " entry \"" + std::string(key) + "\" looks like a " +
                      maps::fingerprint_digest_name(candidates.front()) + " fingerprint (" +
                      std::to_string(*bytes) + " bytes), but the digest in force is " +
                      digest_name + " (" + origin + "), so it never matches",
              code::tls_fingerprint_digest);
        return true;
    }

    const TlsSettingLookup& lookup_;
    const TlsCheckOptions& options_;
    DiagnosticSink& sink_;
    TlsMaterial* material_;
    std::unique_ptr<TlsFileCache> own_files_;
    TlsFileCache& files_;
    std::set<std::string> reported_files_;
    std::set<std::string> reported_access_;
};

} // namespace

void check_tls(const TlsSettingLookup& lookup, const TlsCheckOptions& options,
               DiagnosticSink& sink, TlsMaterial* material)
{
    TlsChecker(lookup, options, sink, material).run();
}

Result<std::int64_t> parse_validity_period(std::string_view text)
{
    if (text.empty())
        return fail("--min-validity needs a period such as 14d");
    std::int64_t number = 0;
    std::size_t i = 0;
    for (; i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])); ++i) {
        number = number * 10 + (text[i] - '0');
        if (number > 100000L * day)
            return fail("--min-validity " + std::string(text) + ": too large");
    }
    if (i == 0 || i + 1 < text.size())
        return fail("--min-validity " + std::string(text) + ": expected a number and a unit "
                                                            "(s, m, h, d, w), e.g. 14d");
    char unit = i < text.size() ? text[i] : 'd';
    switch (unit) {
    case 's':
        return number;
    case 'm':
        return number * 60;
    case 'h':
        return number * 3600;
    case 'd':
        return number * day;
    case 'w':
        return number * 7 * day;
    default:
        return fail("--min-validity " + std::string(text) + ": unknown unit '" +
                    std::string(1, unit) + "' (s, m, h, d, w)");
    }
}

} // namespace mf::compiler
