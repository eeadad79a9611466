// libFuzzer target: the snapshot reader, which mfd runs on every reload. The input is a snapshot
// BODY (the sections); the target puts a valid header (magic, version, size, SHA-256) in front,
// since random bytes would otherwise never get past the checksum. decode_snapshot must refuse
// malformed sections with a reason and never crash, hang or over-allocate; what it accepts must
// encode back to bytes that decode to the same encoding. Seeds: real snapshot bodies
// (corpus/fuzz_snapshot: a whole body, and its restriction and table sections alone, which
// link to each other by index). The header checks themselves are covered by tests 41 and the units.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>

#include "compiler/snapshot.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace mf::compiler;
    // Magic, format version and flags, as this build writes them.
    static const std::string prefix = encode_snapshot(Snapshot{}).substr(0, 16);
    const std::string body(reinterpret_cast<const char*>(data), size);
    std::string bytes = prefix;
    std::uint64_t body_size = body.size();
    for (int i = 0; i < 8; ++i)
        bytes.push_back(static_cast<char>((body_size >> (8 * i)) & 0xff));
    const Sha256 digest = sha256(body);
    bytes.append(reinterpret_cast<const char*>(digest.data()), digest.size());
    bytes += body;
    auto decoded = decode_snapshot(bytes);
    if (!decoded)
        return 0;
    const std::string encoded = encode_snapshot(**decoded);
    auto again = decode_snapshot(encoded);
    if (!again || encode_snapshot(**again) != encoded)
        std::abort();
    return 0;
}
