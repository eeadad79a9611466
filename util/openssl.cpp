// OpenSSL loading and inspection helpers; see openssl.hpp. Every OpenSSL object is owned by a
// smart pointer from the moment it is created, and every failure drains the error queue so
// one failure's messages never leak into the next operation's report.
#include "util/openssl.hpp"

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <cctype>
#include <cstdlib>
#include <cstring>
#include <ctime>

#include "util/read_to_end.hpp"

namespace mf::openssl {

namespace {

using GeneralNamesPtr =
    std::unique_ptr<GENERAL_NAMES, Deleter<GENERAL_NAMES, GENERAL_NAMES_free>>;

void free_email_stack(STACK_OF(OPENSSL_STRING) * stack) { X509_email_free(stack); }
using EmailStackPtr =
    std::unique_ptr<STACK_OF(OPENSSL_STRING), Deleter<STACK_OF(OPENSSL_STRING), free_email_stack>>;

// Installed wherever OpenSSL might ask for a passphrase: records that it was asked and
// refuses, so an encrypted key is detected instead of prompting on the terminal.
int refuse_passphrase(char*, int, int, void* asked)
{
    *static_cast<bool*>(asked) = true;
    return -1;
}

std::string bio_text(BIO* bio)
{
    char* data = nullptr;
    long size = BIO_get_mem_data(bio, &data);
    return size > 0 ? std::string(data, static_cast<std::size_t>(size)) : std::string();
}

std::string name_line(const X509_NAME* name)
{
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253) < 0)
        return {};
    return bio_text(bio.get());
}

std::string asn1_string_utf8(const ASN1_STRING* string)
{
    unsigned char* utf8 = nullptr;
    int size = ASN1_STRING_to_UTF8(&utf8, string);
    if (size < 0)
        return {};
    std::string text(reinterpret_cast<char*>(utf8), static_cast<std::size_t>(size));
    OPENSSL_free(utf8);
    return text;
}

std::int64_t seconds_since_epoch(const ASN1_TIME* time)
{
    std::tm broken{};
    if (time == nullptr || ASN1_TIME_to_tm(time, &broken) != 1)
        return 0;
    return static_cast<std::int64_t>(::timegm(&broken));
}

bool is_private_key_label(std::string_view label)
{
    constexpr std::string_view suffix = "PRIVATE KEY";
    return label.size() >= suffix.size() && label.substr(label.size() - suffix.size()) == suffix;
}

std::string_view trim_line_end(std::string_view line)
{
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t'))
        line.remove_suffix(1);
    return line;
}

// Decodes the block text [BEGIN line .. END line] according to its label.
void decode_block(std::string_view block, PemObject& object)
{
    BioPtr bio = memory_bio(block);
    if (object.label == "CERTIFICATE" || object.label == "X509 CERTIFICATE" ||
        object.label == "TRUSTED CERTIFICATE") {
        X509* certificate = object.label == "TRUSTED CERTIFICATE"
                                ? PEM_read_bio_X509_AUX(bio.get(), nullptr, nullptr, nullptr)
                                : PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr);
        if (certificate == nullptr) {
            object.kind = PemKind::malformed;
            object.problem = take_errors();
            return;
        }
        object.kind = PemKind::certificate;
        object.certificate.reset(certificate);
        return;
    }
    if (is_private_key_label(object.label)) {
        bool asked = false;
        EVP_PKEY* key = PEM_read_bio_PrivateKey(bio.get(), nullptr, refuse_passphrase, &asked);
        if (key != nullptr) {
            object.kind = PemKind::private_key;
            object.private_key.reset(key);
            return;
        }
        std::string errors = take_errors();
        if (asked || object.label == "ENCRYPTED PRIVATE KEY") {
            object.kind = PemKind::encrypted_private_key;
            return;
        }
        object.kind = PemKind::malformed;
        object.problem = errors;
        return;
    }
    object.kind = PemKind::other;
}

} // namespace

void ignore_system_configuration() { OPENSSL_init_crypto(OPENSSL_INIT_NO_LOAD_CONFIG, nullptr); }

std::string take_errors()
{
    std::string text;
    unsigned long code;
    while ((code = ERR_get_error()) != 0) {
        char buffer[256];
        ERR_error_string_n(code, buffer, sizeof buffer);
        if (!text.empty())
            text += "; ";
        text += buffer;
    }
    return text;
}

BioPtr memory_bio(std::string_view bytes)
{
    return BioPtr(BIO_new_mem_buf(bytes.data(), static_cast<int>(bytes.size())));
}

X509Ptr share(X509* certificate)
{
    if (certificate != nullptr)
        X509_up_ref(certificate);
    return X509Ptr(certificate);
}

PkeyPtr share(EVP_PKEY* key)
{
    if (key != nullptr)
        EVP_PKEY_up_ref(key);
    return PkeyPtr(key);
}

Result<std::string> resolve_passphrase(std::string_view spec)
{
    auto colon = spec.find(':');
    if (colon == std::string_view::npos)
        return fail("passphrase source \"" + std::string(spec) +
                    "\": expected pass:TEXT, env:VAR or file:PATH");
    std::string_view kind = spec.substr(0, colon);
    std::string argument(spec.substr(colon + 1));
    if (kind == "pass")
        return argument;
    if (kind == "env") {
        const char* value = std::getenv(argument.c_str());
        if (value == nullptr)
            return fail("passphrase source env:" + argument + ": variable is not set");
        return std::string(value);
    }
    if (kind == "file") {
        auto content = read_file(argument, 64 * 1024);
        if (!content)
            return fail("passphrase source file:" + content.error().message);
        std::string line = content->substr(0, content->find('\n'));
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        return line;
    }
    return fail("passphrase source \"" + std::string(spec) +
                "\": expected pass:TEXT, env:VAR or file:PATH");
}

bool looks_like_pem(std::string_view bytes)
{
    return bytes.find("-----BEGIN ") != std::string_view::npos;
}

std::vector<PemObject> read_pem_objects(std::string_view text)
{
    std::vector<PemObject> objects;
    std::size_t offset = 0;
    std::size_t line_number = 1;
    // Open block: its label, where its BEGIN line starts, and that line's number.
    std::optional<PemObject> open;
    std::size_t open_offset = 0;

    while (offset < text.size()) {
        std::size_t end = text.find('\n', offset);
        std::size_t line_end = end == std::string_view::npos ? text.size() : end;
        std::size_t next = end == std::string_view::npos ? text.size() : end + 1;
        std::string_view line = trim_line_end(text.substr(offset, line_end - offset));
        constexpr std::string_view begin_mark = "-----BEGIN ";
        constexpr std::string_view end_mark = "-----END ";
        constexpr std::string_view dashes = "-----";
        bool closes_dashes = line.size() > dashes.size() &&
                             line.substr(line.size() - dashes.size()) == dashes;
        if (line.substr(0, begin_mark.size()) == begin_mark && closes_dashes) {
            if (open) {
                open->kind = PemKind::malformed;
                open->problem = "no END line before the next BEGIN line";
                objects.push_back(std::move(*open));
            }
            PemObject object;
            object.label = std::string(line.substr(
                begin_mark.size(), line.size() - begin_mark.size() - dashes.size()));
            object.line = line_number;
            open = std::move(object);
            open_offset = offset;
        } else if (open && line.substr(0, end_mark.size()) == end_mark && closes_dashes) {
            std::string_view label = line.substr(end_mark.size(),
                                                 line.size() - end_mark.size() - dashes.size());
            if (label == open->label) {
                decode_block(text.substr(open_offset, next - open_offset), *open);
            } else {
                open->kind = PemKind::malformed;
                open->problem = "END line says \"" + std::string(label) + "\"";
            }
            objects.push_back(std::move(*open));
            open.reset();
        }
        offset = next;
        ++line_number;
    }
    if (open) {
        open->kind = PemKind::malformed;
        open->problem = "no END line";
        objects.push_back(std::move(*open));
    }
    return objects;
}

Result<CertificateBundle> read_certificates(std::string_view bytes, std::string_view name,
                                            const std::optional<std::string>& passphrase)
{
    CertificateBundle bundle;
    const std::string where(name);
    if (looks_like_pem(bytes)) {
        bundle.encoding = CertificateEncoding::pem;
        for (PemObject& object : read_pem_objects(bytes)) {
            if (object.kind == PemKind::certificate)
                bundle.certificates.push_back(std::move(object.certificate));
            else if (object.kind == PemKind::malformed && object.label.find("CERTIFICATE") !=
                                                              std::string::npos)
                return fail(where + ":" + std::to_string(object.line) + ": malformed " +
                            object.label + " block: " + object.problem);
        }
        if (bundle.certificates.empty())
            return fail(where + ": no certificate in this PEM file");
        return bundle;
    }

    const auto* cursor = reinterpret_cast<const unsigned char*>(bytes.data());
    X509Ptr der(d2i_X509(nullptr, &cursor, static_cast<long>(bytes.size())));
    if (der && cursor == reinterpret_cast<const unsigned char*>(bytes.data()) + bytes.size()) {
        bundle.encoding = CertificateEncoding::der;
        bundle.certificates.push_back(std::move(der));
        return bundle;
    }
    take_errors();

    cursor = reinterpret_cast<const unsigned char*>(bytes.data());
    Pkcs12Ptr p12(d2i_PKCS12(nullptr, &cursor, static_cast<long>(bytes.size())));
    if (!p12) {
        take_errors();
        return fail(where + ": neither PEM, nor a DER certificate, nor PKCS#12");
    }
    bundle.encoding = CertificateEncoding::pkcs12;
    EVP_PKEY* key = nullptr;
    X509* certificate = nullptr;
    STACK_OF(X509)* authorities = nullptr;
    if (PKCS12_parse(p12.get(), passphrase ? passphrase->c_str() : nullptr, &key, &certificate,
                     &authorities) != 1) {
        std::string errors = take_errors();
        if (errors.find("mac verify failure") != std::string::npos)
            return fail(where + ": PKCS#12 passphrase is wrong or missing");
        return fail(where + ": cannot read PKCS#12: " + errors);
    }
    PkeyPtr owned_key(key);
    X509StackPtr owned_authorities(authorities);
    if (certificate != nullptr)
        bundle.certificates.emplace_back(certificate);
    while (owned_authorities && sk_X509_num(owned_authorities.get()) > 0)
        bundle.certificates.emplace_back(sk_X509_shift(owned_authorities.get()));
    if (bundle.certificates.empty())
        return fail(where + ": no certificate in this PKCS#12 bundle");
    return bundle;
}

std::string der_of_certificate(const X509& certificate)
{
    unsigned char* der = nullptr;
    int size = i2d_X509(&certificate, &der);
    if (size < 0)
        return {};
    std::string bytes(reinterpret_cast<char*>(der), static_cast<std::size_t>(size));
    OPENSSL_free(der);
    return bytes;
}

std::string der_of_public_key(const X509& certificate)
{
    unsigned char* der = nullptr;
    int size = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(&certificate), &der);
    if (size < 0)
        return {};
    std::string bytes(reinterpret_cast<char*>(der), static_cast<std::size_t>(size));
    OPENSSL_free(der);
    return bytes;
}

std::string der_of_public_key(const EVP_PKEY& key)
{
    unsigned char* der = nullptr;
    int size = i2d_PUBKEY(&key, &der);
    if (size < 0) {
        take_errors();
        return {};
    }
    std::string bytes(reinterpret_cast<char*>(der), static_cast<std::size_t>(size));
    OPENSSL_free(der);
    return bytes;
}

std::string pem_of_certificate(const X509& certificate)
{
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_X509(bio.get(), &certificate) != 1) {
        take_errors();
        return {};
    }
    return bio_text(bio.get());
}

std::string pem_of_private_key(const EVP_PKEY& key)
{
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio ||
        PEM_write_bio_PrivateKey(bio.get(), &key, nullptr, nullptr, 0, nullptr, nullptr) != 1) {
        take_errors();
        return {};
    }
    return bio_text(bio.get());
}

Result<std::string> digest(std::string_view name, std::string_view bytes)
{
    const EVP_MD* algorithm = EVP_get_digestbyname(std::string(name).c_str());
    if (algorithm == nullptr)
        return fail("unknown digest \"" + std::string(name) + "\"");
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    if (EVP_Digest(bytes.data(), bytes.size(), out, &size, algorithm, nullptr) != 1)
        return fail("digest " + std::string(name) + " failed: " + take_errors());
    return std::string(reinterpret_cast<char*>(out), size);
}

bool key_matches_certificate(const EVP_PKEY& key, const X509& certificate)
{
    const EVP_PKEY* public_key = X509_get0_pubkey(&certificate);
    bool same = public_key != nullptr && EVP_PKEY_eq(&key, public_key) == 1;
    take_errors();
    return same;
}

std::string subject_line(const X509& certificate)
{
    return name_line(X509_get_subject_name(&certificate));
}

std::string issuer_line(const X509& certificate)
{
    return name_line(X509_get_issuer_name(&certificate));
}

std::optional<std::string> subject_common_name(const X509& certificate)
{
    const X509_NAME* subject = X509_get_subject_name(&certificate);
    int index = X509_NAME_get_index_by_NID(subject, NID_commonName, -1);
    if (index < 0)
        return std::nullopt;
    const X509_NAME_ENTRY* entry = X509_NAME_get_entry(subject, index);
    return asn1_string_utf8(X509_NAME_ENTRY_get_data(entry));
}

std::vector<std::string> email_addresses(const X509& certificate)
{
    std::vector<std::string> addresses;
    EmailStackPtr emails(X509_get1_email(const_cast<X509*>(&certificate)));
    for (int i = 0; emails && i < sk_OPENSSL_STRING_num(emails.get()); ++i)
        addresses.emplace_back(sk_OPENSSL_STRING_value(emails.get(), i));
    return addresses;
}

std::vector<std::string> dns_names(const X509& certificate)
{
    std::vector<std::string> names;
    GeneralNamesPtr general(static_cast<GENERAL_NAMES*>(
        X509_get_ext_d2i(&certificate, NID_subject_alt_name, nullptr, nullptr)));
    for (int i = 0; general && i < sk_GENERAL_NAME_num(general.get()); ++i) {
        const GENERAL_NAME* entry = sk_GENERAL_NAME_value(general.get(), i);
        if (entry->type == GEN_DNS)
            names.push_back(asn1_string_utf8(entry->d.dNSName));
    }
    return names;
}

std::int64_t not_before(const X509& certificate)
{
    return seconds_since_epoch(X509_get0_notBefore(&certificate));
}

std::int64_t not_after(const X509& certificate)
{
    return seconds_since_epoch(X509_get0_notAfter(&certificate));
}

bool is_self_issued(const X509& certificate)
{
    return X509_NAME_cmp(X509_get_subject_name(&certificate),
                         X509_get_issuer_name(&certificate)) == 0;
}

bool is_ca(const X509& certificate)
{
    return X509_check_ca(const_cast<X509*>(&certificate)) >= 1;
}

bool issued_by(const X509& subject, const X509& issuer)
{
    bool issued = X509_check_issued(const_cast<X509*>(&issuer), const_cast<X509*>(&subject)) ==
                  X509_V_OK;
    if (issued) {
        EVP_PKEY* issuer_key = X509_get0_pubkey(&issuer);
        issued = issuer_key != nullptr &&
                 X509_verify(const_cast<X509*>(&subject), issuer_key) == 1;
    }
    take_errors();
    return issued;
}

std::string key_type_name(const EVP_PKEY& key)
{
    const char* name = EVP_PKEY_get0_type_name(&key);
    return name != nullptr ? name : "unknown";
}

int key_bits(const EVP_PKEY& key) { return EVP_PKEY_get_bits(&key); }

std::string signature_digest_name(const X509& certificate)
{
    int digest_nid = NID_undef;
    if (X509_get_signature_info(const_cast<X509*>(&certificate), &digest_nid, nullptr, nullptr,
                                nullptr) != 1 ||
        digest_nid == NID_undef)
        return {};
    const char* name = OBJ_nid2sn(digest_nid);
    std::string lower = name != nullptr ? name : "";
    for (char& c : lower)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return lower;
}

} // namespace mf::openssl
