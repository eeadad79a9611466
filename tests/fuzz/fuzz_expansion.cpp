// libFuzzer target: the $-expansion grammars and the expander. The input is split at the first
// newline: before it, a main.cf defining parameters a..d from the fuzzer's bytes; after it, the
// text to expand, expanded and scanned through every branch. Offsets reported must lie inside
// the text; nothing may crash or hang.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "compiler/configuration.hpp"
#include "grammar/expansion.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace mf::compiler;
    namespace ex = mf::grammar::expansion;
    const std::string input(reinterpret_cast<const char*>(data), size);
    const std::size_t newline = input.find('\n');
    const std::string definitions = newline == std::string::npos ? "" : input.substr(0, newline);
    const std::string text = newline == std::string::npos ? input : input.substr(newline + 1);

    std::vector<ex::Segment> segments;
    if (auto error = ex::parse_value(text, segments); error && error->offset > text.size())
        std::abort();
    for (const ex::Segment& segment : segments) {
        if (segment.text.end > text.size() + 1 || segment.content.end > text.size())
            std::abort();
        if (segment.kind == ex::Segment::Kind::braced) {
            ex::Body body;
            const std::string_view content(text.data() + segment.content.begin, segment.content.size());
            if (auto error = ex::parse_body(content, body); error && error->offset > content.size())
                std::abort();
        }
    }

    std::string main_cf;
    const char* names[] = {"a", "b", "c", "d"};
    std::size_t part = 0;
    std::size_t from = 0;
    for (std::size_t i = 0; i <= definitions.size() && part < 4; ++i)
        if (i == definitions.size() || definitions[i] == '|') {
            main_cf += std::string(names[part++]) + " = " + definitions.substr(from, i - from) + "\n";
            from = i + 1;
        }
    DiagnosticSink sink;
    Configuration config = configuration_from_text("/fuzz/main.cf", main_cf, "/fuzz/master.cf", "", sink);
    std::vector<ExpansionProblem> problems;
    config.expand_text(text, nullptr, &problems);
    for (const ExpansionProblem& problem : problems)
        if (problem.kind == ExpansionProblem::Kind::syntax && problem.parameter.empty() &&
            problem.offset > text.size())
            std::abort();
    // postconf's scan through every branch: its first error lies inside the text too.
    if (const auto scanned = first_syntax_error(text); scanned && scanned->offset > text.size())
        std::abort();
    return 0;
}
