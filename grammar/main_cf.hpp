// One logical line of main.cf: `name = value` as Postfix's split_nameval reads it (spec A.2).
// Leading whitespace is skipped; the name runs to the first whitespace or '='; the '=' is
// required; the value is everything after it with surrounding whitespace trimmed, possibly
// empty. Quotes mean nothing. Errors use Postfix's words ("missing '=' after attribute name").
// Grammar only: the action records the name and value spans; compiler/ decides what they mean.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include <tao/pegtl.hpp>

namespace mf::grammar::main_cf {

namespace pegtl = tao::pegtl;

struct blank : pegtl::one<' ', '\t', '\r', '\n', '\v', '\f'> {};
struct parameter_name : pegtl::plus<pegtl::not_one<' ', '\t', '\r', '\n', '\v', '\f', '='>> {};
struct equals : pegtl::one<'='> {};
struct parameter_value : pegtl::star<pegtl::any> {};
struct entry
    : pegtl::seq<pegtl::star<blank>, pegtl::must<parameter_name>, pegtl::star<blank>,
                 pegtl::must<equals>, pegtl::star<blank>, parameter_value, pegtl::eof> {};

template <typename Rule>
inline constexpr const char* message = nullptr;
template <> inline constexpr const char* message<parameter_name> = "missing attribute name";
template <> inline constexpr const char* message<equals> = "missing '=' after attribute name";

struct errors {
    template <typename Rule>
    static constexpr const char* message = main_cf::message<Rule>;
};
using control = pegtl::must_if<errors, pegtl::normal, false>;

// Offsets into the logical line's text.
struct Entry {
    std::size_t name_begin = 0, name_end = 0;
    std::size_t value_begin = 0, value_end = 0;
};

struct SyntaxError {
    std::string message;
    std::size_t offset = 0;
    bool after = false; // the error is just after the text that ends at offset
};

template <typename Rule>
struct action : pegtl::nothing<Rule> {};

template <>
struct action<parameter_name> {
    template <typename Input>
    static void apply(const Input& in, Entry& out, const char* base)
    {
        out.name_begin = static_cast<std::size_t>(in.begin() - base);
        out.name_end = out.name_begin + in.size();
    }
};

template <>
struct action<parameter_value> {
    template <typename Input>
    static void apply(const Input& in, Entry& out, const char* base)
    {
        std::size_t size = in.size();
        const char* text = in.begin();
        while (size > 0 && (text[size - 1] == ' ' || text[size - 1] == '\t' ||
                            text[size - 1] == '\r' || text[size - 1] == '\n' ||
                            text[size - 1] == '\v' || text[size - 1] == '\f'))
            --size;
        out.value_begin = static_cast<std::size_t>(text - base);
        out.value_end = out.value_begin + size;
    }
};

// Parses one logical line; on failure the error names what is missing and where.
inline std::optional<SyntaxError> parse_entry(std::string_view line, Entry& out)
{
    pegtl::memory_input<pegtl::tracking_mode::lazy> in(line.data(), line.size(), "");
    try {
        pegtl::parse<entry, action, control::control>(in, out, line.data());
    }
    catch (const pegtl::parse_error& error) {
        // A missing '=' is shown right after the name, on the line Postfix names (the logical
        // line's first), not at the next word, which may be on a continuation line.
        if (error.message() == message<equals>)
            return SyntaxError{std::string(error.message()), out.name_end, true};
        const auto& positions = error.positions();
        return SyntaxError{std::string(error.message()),
                           positions.empty() ? 0 : positions.front().byte};
    }
    return std::nullopt;
}

} // namespace mf::grammar::main_cf
