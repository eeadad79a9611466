// libFuzzer target: arbitrary bytes as a snapshot file, the input mfd reads on every reload.
// decode_snapshot must refuse anything truncated, corrupt or of another version with a reason
// and never crash, hang or over-allocate; whatever it accepts must encode back to bytes that
// decode again to the same encoding. Seeds are real snapshots (corpus/fuzz_snapshot).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "compiler/snapshot.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace mf::compiler;
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    auto decoded = decode_snapshot(bytes);
    if (!decoded)
        return 0;
    const std::string encoded = encode_snapshot(**decoded);
    auto again = decode_snapshot(encoded);
    if (!again || encode_snapshot(**again) != encoded)
        std::abort();
    return 0;
}
