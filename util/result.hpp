// Result type for expected failures that cross module boundaries.
// g++ 12 has no std::expected in C++20, so tl::expected (Debian's libexpected-dev) stands in;
// when the project moves to C++23 this alias is the only line to change.
#pragma once

#include <string>
#include <utility>

#include <tl/expected.hpp>

namespace mf {

// An expected failure: a message meant for a person, already naming the file or object involved.
struct Error {
    std::string message;
};

template <typename T>
using Result = tl::expected<T, Error>;

inline tl::unexpected<Error> fail(std::string message)
{
    return tl::unexpected<Error>(Error{std::move(message)});
}

} // namespace mf
