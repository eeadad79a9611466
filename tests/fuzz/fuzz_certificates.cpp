// libFuzzer target: certificate and key loading on arbitrary bytes (PEM inventory, DER,
// PKCS#12 with and without a passphrase), and fingerprints of whatever decodes. Certificate
// files come from administrators and from clients' bundles: none may crash or hang the tools.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "postmap/fingerprint.hpp"
#include "util/openssl.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    std::string_view input(reinterpret_cast<const char*>(data), size);
    std::size_t previous_line = 0;
    for (const mf::openssl::PemObject& object : mf::openssl::read_pem_objects(input)) {
        if (object.line <= previous_line && previous_line != 0)
            std::abort();
        previous_line = object.line;
    }
    for (const std::optional<std::string>& passphrase :
         {std::optional<std::string>{}, std::optional<std::string>{"x"}}) {
        auto bundle = mf::openssl::read_certificates(input, "fuzz", passphrase);
        if (!bundle)
            continue;
        for (const mf::openssl::X509Ptr& certificate : bundle->certificates) {
            auto print = mf::maps::fingerprint(*certificate, mf::maps::FingerprintDigest::sha256,
                                               mf::maps::FingerprintKind::public_key);
            if (print && mf::maps::fingerprint_byte_count(*print) != 32u)
                std::abort();
            mf::maps::fingerprint_label(*certificate);
        }
    }
    mf::openssl::take_errors();
    return 0;
}
