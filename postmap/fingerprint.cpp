// Postfix-compatible fingerprints; see fingerprint.hpp.
#include "postmap/fingerprint.hpp"

#include <cctype>

#include "util/ascii.hpp"
#include "util/openssl.hpp"

namespace mf::maps {

namespace {

struct DigestInfo {
    FingerprintDigest digest;
    const char* name;
    std::size_t bytes;
};

constexpr DigestInfo digest_table[] = {
    {FingerprintDigest::md5, "md5", 16},
    {FingerprintDigest::sha1, "sha1", 20},
    {FingerprintDigest::sha256, "sha256", 32},
    {FingerprintDigest::sha512, "sha512", 64},
};

const DigestInfo& info_of(FingerprintDigest digest)
{
    for (const DigestInfo& info : digest_table)
        if (info.digest == digest)
            return info;
    return digest_table[0];
}

} // namespace

std::optional<FingerprintDigest> parse_fingerprint_digest(std::string_view name)
{
    std::string lower;
    for (char c : name)
        lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const DigestInfo& info : digest_table)
        if (lower == info.name)
            return info.digest;
    return std::nullopt;
}

const char* fingerprint_digest_name(FingerprintDigest digest) { return info_of(digest).name; }

std::size_t fingerprint_digest_bytes(FingerprintDigest digest) { return info_of(digest).bytes; }

std::string colon_hex(std::string_view bytes)
{
    static constexpr char digits[] = "0123456789ABCDEF";
    std::string text;
    text.reserve(bytes.size() * 3);
    for (unsigned char byte : bytes) {
        if (!text.empty())
            text += ':';
        text += digits[byte >> 4];
        text += digits[byte & 0x0f];
    }
    return text;
}

Result<std::string> fingerprint(const X509& certificate, FingerprintDigest digest,
                                FingerprintKind kind)
{
    std::string der = kind == FingerprintKind::certificate
                          ? openssl::der_of_certificate(certificate)
                          : openssl::der_of_public_key(certificate);
    if (der.empty())
        return fail("cannot DER-encode the certificate: " + openssl::take_errors());
    auto raw = openssl::digest(fingerprint_digest_name(digest), der);
    if (!raw)
        return tl::unexpected(raw.error());
    return colon_hex(*raw);
}

std::string fingerprint_label(const X509& certificate)
{
    std::string raw;
    auto emails = openssl::email_addresses(certificate);
    if (!emails.empty())
        raw = emails.front();
    else if (auto common_name = openssl::subject_common_name(certificate))
        raw = *common_name;
    // A label is a table value: one line, no leading or trailing blanks.
    std::string label;
    for (char c : raw) {
        bool blank = std::isspace(static_cast<unsigned char>(c)) != 0 ||
                     std::iscntrl(static_cast<unsigned char>(c)) != 0;
        if (blank) {
            if (!label.empty() && label.back() != ' ')
                label += ' ';
        } else {
            label += c;
        }
    }
    while (!label.empty() && label.back() == ' ')
        label.pop_back();
    return label;
}

std::optional<std::size_t> fingerprint_byte_count(std::string_view text)
{
    // "XX" then any number of ":XX".
    if (text.size() < 2 || (text.size() + 1) % 3 != 0)
        return std::nullopt;
    for (std::size_t i = 0; i < text.size(); ++i) {
        bool separator_position = i % 3 == 2;
        if (separator_position ? text[i] != ':' : !is_ascii_hex_digit(text[i]))
            return std::nullopt;
    }
    return (text.size() + 1) / 3;
}

std::vector<FingerprintDigest> digests_of_size(std::size_t bytes)
{
    std::vector<FingerprintDigest> digests;
    for (const DigestInfo& info : digest_table)
        if (info.bytes == bytes)
            digests.push_back(info.digest);
    return digests;
}

std::string normalize_fingerprint(std::string_view text)
{
    std::string upper(text);
    for (char& c : upper)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return upper;
}

} // namespace mf::maps
