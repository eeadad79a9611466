// See dict_pattern.hpp. Locking: compiled patterns are immutable once the table is open;
// POSIX regexec() on a shared regex_t is thread-safe, and each PCRE2 match gets its own match
// data, so lookups need no lock.
#include "postmap/dict_pattern.hpp"

#include <regex.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <functional>
#include <limits>
#include <optional>
#include <vector>

#include "grammar/logical_lines.hpp"
#include "grammar/pattern_table.hpp"
#include "postmap/if_blocks.hpp"
#include "postmap/mapped_file.hpp"
#include "postmap/pattern_replacement.hpp"
#include "postmap/regex_size.hpp"

namespace mf::maps {

namespace {

// A compiled pattern of either flavour.
class Matcher {
public:
    virtual ~Matcher() = default;
    virtual bool match(std::string_view key, Groups* groups) const = 0;
    virtual std::size_t group_count() const = 0;
};

class PosixMatcher final : public Matcher {
public:
    ~PosixMatcher() override { regfree(&regex_); }
    static std::unique_ptr<PosixMatcher> compile(const std::string& pattern, int flags,
                                                 std::string& error)
    {
        const PosixRegexCost cost = posix_regex_cost(pattern);
        if (cost.stacked_quantifiers > most_stacked_quantifiers) {
            error = "pattern too complex: " + std::to_string(cost.stacked_quantifiers) +
                    " quantifiers stacked on one another, on which regcomp runs out of memory "
                    "or time";
            return nullptr;
        }
        if (cost.nodes > most_posix_regex_nodes) {
            error = "pattern too complex: its quantifiers multiply to about " +
                    (cost.nodes == std::numeric_limits<std::uint64_t>::max()
                         ? std::string("2^64")
                         : std::to_string(cost.nodes)) +
                    " nodes, on which regcomp runs out of memory or time";
            return nullptr;
        }
        auto matcher = std::unique_ptr<PosixMatcher>(new PosixMatcher);
        int status = regcomp(&matcher->regex_, pattern.c_str(), flags);
        if (status != 0) {
            char message[256];
            regerror(status, &matcher->regex_, message, sizeof message);
            error = message;
            return nullptr;
        }
        return matcher;
    }
    bool match(std::string_view key, Groups* groups) const override
    {
        std::string text(key);
        std::vector<regmatch_t> found(regex_.re_nsub + 1);
        if (regexec(&regex_, text.c_str(), found.size(), found.data(), 0) != 0)
            return false;
        if (groups) {
            groups->clear();
            for (const regmatch_t& each : found) {
                groups->push_back(each.rm_so);
                groups->push_back(each.rm_eo);
            }
        }
        return true;
    }
    std::size_t group_count() const override { return regex_.re_nsub; }

private:
    PosixMatcher() = default;
    regex_t regex_{};
};

class PcreMatcher final : public Matcher {
public:
    ~PcreMatcher() override { pcre2_code_free(code_); }
    static std::unique_ptr<PcreMatcher> compile(const std::string& pattern, std::uint32_t options,
                                                std::string& error)
    {
        int code = 0;
        PCRE2_SIZE offset = 0;
        pcre2_code* compiled = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()),
                                             pattern.size(), options, &code, &offset, nullptr);
        if (compiled == nullptr) {
            PCRE2_UCHAR message[256];
            pcre2_get_error_message(code, message, sizeof message);
            error = "error in regex at offset " + std::to_string(offset) + ": " +
                    reinterpret_cast<const char*>(message);
            return nullptr;
        }
        auto matcher = std::unique_ptr<PcreMatcher>(new PcreMatcher);
        matcher->code_ = compiled;
        pcre2_pattern_info(compiled, PCRE2_INFO_CAPTURECOUNT, &matcher->groups_);
        return matcher;
    }
    bool match(std::string_view key, Groups* groups) const override
    {
        std::unique_ptr<pcre2_match_data, void (*)(pcre2_match_data*)> data(
            pcre2_match_data_create_from_pattern(code_, nullptr), pcre2_match_data_free);
        if (!data)
            return false;
        int count = pcre2_match(code_, reinterpret_cast<PCRE2_SPTR>(key.data()), key.size(), 0, 0,
                                data.get(), nullptr);
        if (count < 0)
            return false;
        if (groups) {
            groups->clear();
            PCRE2_SIZE* offsets = pcre2_get_ovector_pointer(data.get());
            for (std::uint32_t i = 0; i <= groups_; ++i) {
                bool set = static_cast<int>(i) < count && offsets[2 * i] != PCRE2_UNSET;
                groups->push_back(set ? static_cast<long>(offsets[2 * i]) : -1);
                groups->push_back(set ? static_cast<long>(offsets[2 * i + 1]) : -1);
            }
        }
        return true;
    }
    std::size_t group_count() const override { return groups_; }

private:
    PcreMatcher() = default;
    pcre2_code* code_ = nullptr;
    std::uint32_t groups_ = 0;
};

using grammar::PatternFlavour;
using grammar::PatternLine;
using grammar::PatternLineKind;
using grammar::PatternSpec;

using Warn = std::function<void(const std::string&)>;

struct Rule {
    PatternLineKind kind = PatternLineKind::rule; // rule, if_rule or endif
    std::size_t line = 0;
    std::size_t replacement_column = 0;   // rule: where the replacement starts (1-based)
    std::string_view written_replacement; // rule: as written (valid while the file is open)
    bool first_matches = true;
    std::unique_ptr<Matcher> first;
    bool second_matches = true;
    std::unique_ptr<Matcher> second; // regexp's /pattern/!/pattern2/
    Replacement replacement;
    std::size_t skip_to = 0; // if_rule: the index after its endif (the end when it has none)
};

std::uint32_t flag_toggle(PatternFlavour flavour, char flag)
{
    if (flavour == PatternFlavour::regexp) {
        switch (flag) {
        case 'i': return REG_ICASE;
        case 'x': return REG_EXTENDED;
        case 'm': return REG_NEWLINE;
        default: return 0;
        }
    }
    switch (flag) {
    case 'i': return PCRE2_CASELESS;
    case 'm': return PCRE2_MULTILINE;
    case 's': return PCRE2_DOTALL;
    case 'x': return PCRE2_EXTENDED;
    case 'A': return PCRE2_ANCHORED;
    case 'E': return PCRE2_DOLLAR_ENDONLY;
    case 'U': return PCRE2_UNGREEDY;
    default: return 0;
    }
}

// The compile options a [!]/pattern/flags asks for, or nullopt after the warning with which
// Postfix skips the rule. regexp starts case-insensitive and extended, pcre case-insensitive
// with '.' matching newlines; each flag toggles one option.
std::optional<std::uint32_t> spec_options(PatternFlavour flavour, const PatternSpec& spec,
                                          const Warn& warn)
{
    const bool regexp = flavour == PatternFlavour::regexp;
    if (spec.missing) {
        warn("no regexp: skipping this rule");
        return std::nullopt;
    }
    if (spec.unclosed) {
        warn(std::string("no closing regexp delimiter \"") + spec.delimiter + "\": " +
             (regexp ? "skipping" : "ignoring") + " this rule");
        return std::nullopt;
    }
    std::uint32_t options = regexp ? REG_EXTENDED | REG_ICASE : PCRE2_CASELESS | PCRE2_DOTALL;
    for (char flag : spec.flags) {
        if (!regexp && flag == 'X') { // PCRE1's EXTRA, which PCRE2 no longer has
            warn("ignoring obsolete regexp option \"X\"");
            continue;
        }
        const std::uint32_t toggle = flag_toggle(flavour, flag);
        if (toggle == 0) {
            warn(std::string("unknown regexp option \"") + flag + "\": skipping this rule");
            return std::nullopt;
        }
        options ^= toggle;
    }
    return options;
}

std::unique_ptr<Matcher> compile(PatternFlavour flavour, std::string_view body,
                                 std::uint32_t options, std::string& error)
{
    if (flavour == PatternFlavour::regexp)
        return PosixMatcher::compile(std::string(body), static_cast<int>(options), error);
    return PcreMatcher::compile(std::string(body), options, error);
}

// A rule line, checked in the order Postfix checks it, so that the first problem is the one it
// reports.
std::optional<Rule> read_match_rule(PatternFlavour flavour, const PatternLine& line,
                                    const Warn& warn)
{
    const bool regexp = flavour == PatternFlavour::regexp;
    const auto first_options = spec_options(flavour, line.first, warn);
    if (!first_options)
        return std::nullopt;
    std::optional<std::uint32_t> second_options;
    if (line.second && !(second_options = spec_options(flavour, *line.second, warn)))
        return std::nullopt;
    if (line.rest.empty())
        warn("no replacement text: using empty string");
    std::vector<std::string> problems;
    auto replacement =
        Replacement::parse(line.rest, regexp ? "out-of-range" : "out of range", problems);
    for (const std::string& problem : problems)
        warn(problem);
    if (!replacement) {
        warn("bad replacement syntax: skipping this rule");
        return std::nullopt;
    }
    if (replacement->highest_group() > 0 && !line.first.matches) {
        warn("$number found in negative match replacement text: skipping this rule");
        return std::nullopt;
    }
    Rule rule;
    std::string error;
    rule.first = compile(flavour, line.first.body, *first_options, error);
    if (!rule.first) {
        warn(error);
        return std::nullopt;
    }
    if (replacement->highest_group() > rule.first->group_count()) {
        warn("out of range replacement index \"" + std::to_string(replacement->highest_group()) +
             "\": skipping this rule");
        return std::nullopt;
    }
    if (line.second) {
        rule.second = compile(flavour, line.second->body, *second_options, error);
        if (!rule.second) {
            warn(error);
            return std::nullopt;
        }
        rule.second_matches = line.second->matches;
    }
    rule.first_matches = line.first.matches;
    rule.replacement = std::move(*replacement);
    rule.written_replacement = line.rest;
    return rule;
}

std::optional<Rule> read_if_rule(PatternFlavour flavour, const PatternLine& line, const Warn& warn)
{
    const auto options = spec_options(flavour, line.first, warn);
    if (!options)
        return std::nullopt;
    if (!line.rest.empty()) {
        warn("ignoring extra text after IF statement: \"" + std::string(line.rest) + "\"");
        warn("do not prepend whitespace to statements between IF and ENDIF");
    }
    Rule rule;
    rule.kind = PatternLineKind::if_rule;
    std::string error;
    rule.first = compile(flavour, line.first.body, *options, error);
    if (!rule.first) {
        warn(error);
        return std::nullopt;
    }
    rule.first_matches = line.first.matches;
    return rule;
}

class PatternDict final : public Dict {
public:
    PatternDict(std::string name, std::vector<Rule> rules)
        : Dict(std::move(name)), rules_(std::move(rules))
    {
    }

    LookupResult lookup(std::string_view key) const override
    {
        Groups groups;
        for (std::size_t i = 0; i < rules_.size();) {
            const Rule& rule = rules_[i];
            if (rule.kind == PatternLineKind::if_rule) {
                const bool matched = rule.first->match(key, nullptr) == rule.first_matches;
                i = matched ? i + 1 : rule.skip_to;
                continue;
            }
            ++i;
            if (rule.kind != PatternLineKind::rule)
                continue;
            const bool wants_groups = rule.replacement.highest_group() > 0;
            if (rule.first->match(key, wants_groups ? &groups : nullptr) != rule.first_matches)
                continue;
            if (rule.second && rule.second->match(key, nullptr) != rule.second_matches)
                continue;
            return LookupResult::found(rule.replacement.expand(key, groups));
        }
        return LookupResult::not_found();
    }

    Result<void> sequence(const EntryVisitor&) const override
    {
        return fail(name() + ": table does not support sequence");
    }

private:
    std::vector<Rule> rules_;
};

// Every rule the table keeps, in file order, with each if_rule's skip_to set. The rules' views
// of written text point into `file`.
std::vector<Rule> read_rules(PatternFlavour flavour, const MappedFile& file,
                             const PatternWarning& warn)
{
    auto report = [&](std::size_t line, const std::string& message) {
        if (warn)
            warn(line, message);
    };
    std::vector<Rule> rules;
    IfBlocks blocks;
    grammar::read_logical_lines(
        file.text(),
        [&](const grammar::LogicalLine& logical) {
            const std::size_t number = logical.start().line;
            const Warn warn_here = [&](const std::string& message) { report(number, message); };
            const std::string_view text = grammar::table_line::trim_trailing_space(logical.text);
            if (text.empty())
                return;
            const PatternLine line = grammar::parse_pattern_line(text, flavour);
            std::optional<Rule> rule;
            switch (line.kind) {
            case PatternLineKind::unrecognized:
                warn_here("ignoring unrecognized request");
                return;
            case PatternLineKind::endif: {
                const auto closed = blocks.close();
                if (!closed) {
                    warn_here("ignoring ENDIF without matching IF");
                    return;
                }
                if (!line.rest.empty())
                    warn_here("ignoring extra text after ENDIF");
                rules[*closed].skip_to = rules.size() + 1;
                rule.emplace();
                rule->kind = PatternLineKind::endif;
                break;
            }
            case PatternLineKind::if_rule:
                rule = read_if_rule(flavour, line, warn_here);
                if (rule)
                    blocks.open(rules.size(), number);
                break;
            case PatternLineKind::rule:
                rule = read_match_rule(flavour, line, warn_here);
                break;
            }
            if (rule) {
                rule->line = number;
                rule->replacement_column =
                    logical.position_of(static_cast<std::size_t>(line.rest.data() - logical.text.data()))
                        .column;
                rules.push_back(std::move(*rule));
            }
        },
        [&](grammar::Position position, std::string_view message) {
            report(position.line, std::string(message));
        });
    blocks.for_each_unclosed([&](std::size_t index, std::size_t line) {
        report(line, "IF has no matching ENDIF");
        rules[index].skip_to = rules.size();
    });
    return rules;
}

Result<std::unique_ptr<Dict>> open_pattern_dict(PatternFlavour flavour, std::string name,
                                                const std::string& path,
                                                const PatternWarning& warn)
{
    auto file = MappedFile::open(path);
    if (!file)
        return tl::unexpected(file.error());
    std::vector<Rule> rules = read_rules(flavour, *file, warn);
    return std::unique_ptr<Dict>(std::make_unique<PatternDict>(std::move(name), std::move(rules)));
}

} // namespace

Result<std::unique_ptr<Dict>> open_regexp_dict(std::string name, const std::string& path,
                                               const PatternWarning& warn)
{
    return open_pattern_dict(grammar::PatternFlavour::regexp, std::move(name), path, warn);
}

Result<std::unique_ptr<Dict>> open_pcre_dict(std::string name, const std::string& path,
                                             const PatternWarning& warn)
{
    return open_pattern_dict(grammar::PatternFlavour::pcre, std::move(name), path, warn);
}

Result<std::vector<PatternRuleText>> read_pattern_rule_texts(grammar::PatternFlavour flavour,
                                                             const std::string& path)
{
    auto file = MappedFile::open(path);
    if (!file)
        return tl::unexpected(file.error());
    std::vector<PatternRuleText> texts;
    for (const Rule& rule : read_rules(flavour, *file, {}))
        if (rule.kind == PatternLineKind::rule)
            texts.push_back({rule.line, rule.replacement_column,
                             std::string(rule.written_replacement),
                             rule.replacement.highest_group() > 0});
    return texts;
}

} // namespace mf::maps
