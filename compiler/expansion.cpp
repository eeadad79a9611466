// `$` expansion exactly as Postfix's mac_expand with recursion (spec A.3): a referenced value is
// expanded again; `${x?t}` tests that x's raw value is non-empty, `${x:t}` that it is empty or
// undefined; only the chosen branch is expanded; relational tests compare numerically when
// both sides are all digits, lexically otherwise, or as compatibility levels with `level`.
// Nesting deeper than 100 stops the whole expansion (Postfix: "unreasonable macro call
// nesting"); so does output beyond 16 MiB, which guards against exponential fan-out.
#include <cstdlib>

#include "compiler/compatibility_level.hpp"
#include "compiler/configuration.hpp"
#include "grammar/expansion.hpp"
#include "util/ascii.hpp"

namespace mf::compiler {

namespace {

namespace ex = grammar::expansion;

constexpr int nesting_limit = 100;
constexpr std::size_t output_limit = 16u << 20;

// Numeric when both sides are all digits, lexical otherwise.
int compare(std::string_view left, std::string_view right)
{
    if (all_digits(left) && all_digits(right)) {
        while (left.size() > 1 && left.front() == '0')
            left.remove_prefix(1);
        while (right.size() > 1 && right.front() == '0')
            right.remove_prefix(1);
        if (left.size() != right.size())
            return left.size() < right.size() ? -1 : 1;
    }
    const int result = left.compare(right);
    return result < 0 ? -1 : result > 0 ? 1 : 0;
}

bool relation_holds(std::string_view op, int order)
{
    if (op.starts_with("=="))
        return order == 0;
    if (op.starts_with("!="))
        return order != 0;
    if (op.starts_with("<="))
        return order <= 0;
    if (op.starts_with(">="))
        return order >= 0;
    if (op.starts_with("<"))
        return order < 0;
    return order > 0;
}

// Where a referenced name's raw value comes from: every parameter in effect, or only what
// main.cf sets (and config_directory), undefined names silently empty. The second is the
// dictionary Postfix's programs expand myhostname and mydomain in, before any default exists.
enum class Dictionary { in_effect, main_cf_only };

class Expander {
public:
    Expander(const Configuration& config, const Service* service,
             std::vector<ExpansionProblem>* problems, Dictionary dictionary = Dictionary::in_effect)
        : config_(config), service_(service), problems_(problems), dictionary_(dictionary)
    {
    }

    // Where the text being expanded lies: in the top-level text at `base` (origin empty), or
    // in the value of parameter `origin`, so that syntax errors point at the right place.
    struct Origin {
        std::string_view parameter;
        std::size_t base = 0;
    };

    void start(std::string_view text, std::string& out) { expand(text, 0, out, Origin{}); }

    void expand(std::string_view text, int depth, std::string& out, Origin origin)
    {
        if (stopped_)
            return;
        if (text.find('$') == std::string_view::npos) {
            append(out, text);
            return;
        }
        std::vector<ex::Segment> segments;
        auto error = ex::parse_value(text, segments);
        for (const ex::Segment& segment : segments) {
            if (stopped_)
                return;
            const std::string_view content =
                text.substr(segment.content.begin, segment.content.size());
            switch (segment.kind) {
            case ex::Segment::Kind::literal:
                append(out, text.substr(segment.text.begin, segment.text.size()));
                break;
            case ex::Segment::Kind::dollar:
                append(out, "$");
                break;
            case ex::Segment::Kind::name:
                reference(content, depth, out);
                break;
            case ex::Segment::Kind::braced:
                if (!(error && segment.text.end > text.size()))
                    braced(content, depth, out, {origin.parameter, origin.base + segment.content.begin});
                break;
            }
        }
        if (error)
            syntax(error->message, origin, error->offset);
    }

private:
    void append(std::string& out, std::string_view text)
    {
        if (out.size() + text.size() > output_limit) {
            problem(ExpansionProblem::Kind::too_large, "", 0);
            stopped_ = true;
            return;
        }
        out.append(text);
    }

    void problem(ExpansionProblem::Kind kind, std::string detail, std::size_t offset,
                 std::string_view parameter = {})
    {
        if (problems_)
            problems_->push_back({kind, std::move(detail), offset, std::string(parameter)});
    }

    void syntax(const std::string& message, const Origin& origin, std::size_t offset)
    {
        problem(ExpansionProblem::Kind::syntax, message, origin.base + offset, origin.parameter);
    }

    // The raw value of `name`, or nullopt (reported) when no such parameter exists.
    std::optional<std::string_view> raw(std::string_view name)
    {
        if (dictionary_ == Dictionary::main_cf_only) {
            if (name == "config_directory")
                return config_.config_directory();
            const Setting* setting = config_.main_cf_setting(name);
            return setting ? std::optional<std::string_view>(setting->value) : std::nullopt;
        }
        auto value = config_.lookup(name, service_);
        if (!value) {
            problem(ExpansionProblem::Kind::undefined, std::string(name), 0);
            return std::nullopt;
        }
        return value->raw;
    }

    bool enter(std::string_view name, int depth)
    {
        if (depth + 1 > nesting_limit) {
            problem(ExpansionProblem::Kind::nesting, std::string(name), 0);
            stopped_ = true;
            return false;
        }
        return true;
    }

    void reference(std::string_view name, int depth, std::string& out)
    {
        auto value = raw(name);
        if (value && enter(name, depth))
            expand(*value, depth + 1, out, {name, 0});
    }

    // `origin.base` is where `content` starts.
    void braced(std::string_view content, int depth, std::string& out, Origin origin)
    {
        ex::Body body;
        if (auto error = ex::parse_body(content, body)) {
            syntax(error->message, origin, error->offset);
            return;
        }
        auto at = [&](const ex::Span& span) { return Origin{origin.parameter, origin.base + span.begin}; };
        auto part = [&](const ex::Span& span) { return content.substr(span.begin, span.size()); };
        std::string tested;
        std::string_view name;
        bool nonempty = false;
        if (body.relational) {
            if (!enter("relational expression", depth))
                return;
            std::string left, right;
            expand(part(body.left), depth + 1, left, at(body.left));
            expand(part(body.right), depth + 1, right, at(body.right));
            const std::string_view op = part(body.op);
            int order = 0;
            if (op.ends_with("level")) {
                // Postfix stops the whole expansion on an operand that is not a level.
                const auto a = compatibility_level_value(left);
                const auto b = compatibility_level_value(right);
                if (!a || !b) {
                    syntax("malformed compatibility level syntax: \"" + (a ? right : left) + "\"",
                           at(a ? body.right : body.left), 0);
                    stopped_ = true;
                    return;
                }
                order = *a < *b ? -1 : *a > *b ? 1 : 0;
            }
            else {
                order = compare(left, right);
            }
            const bool holds = relation_holds(op, order);
            tested = holds ? "true" : "";
            nonempty = holds;
        }
        else {
            name = part(body.name);
            auto value = raw(name);
            nonempty = value && !value->empty();
        }
        std::optional<ex::Span> branch;
        switch (body.test) {
        case ex::Body::Test::none:
            if (body.relational)
                append(out, tested);
            else
                reference(name, depth, out);
            return;
        case ex::Body::Test::when_nonempty:
            branch = nonempty ? body.when_true : body.when_false;
            break;
        case ex::Body::Test::when_empty:
            branch = nonempty ? std::nullopt : body.when_false;
            break;
        }
        if (branch && enter(name, depth))
            expand(part(*branch), depth + 1, out, at(*branch));
    }

    const Configuration& config_;
    const Service* service_;
    std::vector<ExpansionProblem>* problems_;
    Dictionary dictionary_;
    bool stopped_ = false;
};

} // namespace

std::string Configuration::expand_text(std::string_view text, const Service* service,
                                       std::vector<ExpansionProblem>* problems) const
{
    std::string out;
    Expander(*this, service, problems).start(text, out);
    return out;
}

std::string Configuration::expand_in_main_cf_dictionary(std::string_view text,
                                                        std::vector<ExpansionProblem>* problems) const
{
    std::string out;
    Expander(*this, nullptr, problems, Dictionary::main_cf_only).start(text, out);
    return out;
}

std::string Configuration::expand(std::string_view name, const Service* service,
                                  std::vector<ExpansionProblem>* problems) const
{
    auto value = lookup(name, service);
    if (!value)
        return {};
    if (value->entry && value->entry->type == ParamType::raw_string)
        return std::string(value->raw);
    return expand_text(value->raw, service, problems);
}

bool Configuration::is_yes(std::string_view name, const Service* service) const
{
    return ascii_lowercase(trim_whitespace(expand(name, service))) == "yes";
}

} // namespace mf::compiler
