// See dict_pattern.hpp. Locking: compiled patterns are immutable once the table is open;
// POSIX regexec() on a shared regex_t is thread-safe, and each PCRE2 match gets its own match
// data, so lookups need no lock.
#include "postmap/dict_pattern.hpp"

#include <regex.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <optional>
#include <vector>

#include "grammar/logical_lines.hpp"
#include "grammar/pattern_table.hpp"
#include "postmap/mapped_file.hpp"

namespace mf::maps {

namespace {

// Submatch offsets of one successful match: pairs of (begin, end), -1 when a group is unset.
using Groups = std::vector<long>;

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
            error = std::string(reinterpret_cast<const char*>(message)) + " at offset " +
                    std::to_string(offset);
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

struct Rule {
    grammar::PatternLineKind kind;
    bool negated = false;
    std::unique_ptr<Matcher> matcher;
    std::string result;
    std::size_t skip_to = 0; // if: the index after its endif
};

enum class Flavour { regexp, pcre };

// Compiles `pattern` with Postfix's flag toggles; nullptr and `error` on failure.
std::unique_ptr<Matcher> compile(Flavour flavour, const std::string& pattern,
                                 std::string_view flags, std::string& error)
{
    if (flavour == Flavour::regexp) {
        int options = REG_EXTENDED | REG_ICASE;
        for (char flag : flags) {
            switch (flag) {
            case 'i': options ^= REG_ICASE; break;
            case 'x': options ^= REG_EXTENDED; break;
            case 'm': options ^= REG_NEWLINE; break;
            default: error = std::string("unknown regexp option \"") + flag + "\""; return nullptr;
            }
        }
        return PosixMatcher::compile(pattern, options, error);
    }
    std::uint32_t options = PCRE2_CASELESS;
    for (char flag : flags) {
        switch (flag) {
        case 'i': options ^= PCRE2_CASELESS; break;
        case 'm': options ^= PCRE2_MULTILINE; break;
        case 's': options ^= PCRE2_DOTALL; break;
        case 'x': options ^= PCRE2_EXTENDED; break;
        case 'A': options ^= PCRE2_ANCHORED; break;
        case 'E': options ^= PCRE2_DOLLAR_ENDONLY; break;
        case 'U': options ^= PCRE2_UNGREEDY; break;
        case 'X': break; // PCRE1's EXTRA: always on in PCRE2
        default: error = std::string("unknown pcre option \"") + flag + "\""; return nullptr;
        }
    }
    return PcreMatcher::compile(pattern, options, error);
}

// Highest $n the result refers to, or an error for a malformed reference.
std::optional<std::size_t> highest_reference(std::string_view result, std::string& error)
{
    std::size_t highest = 0;
    for (std::size_t i = 0; i < result.size(); ++i) {
        if (result[i] != '$')
            continue;
        if (i + 1 >= result.size()) {
            error = "bad \"$\" at end of result";
            return std::nullopt;
        }
        char next = result[i + 1];
        if (next == '$') {
            ++i;
            continue;
        }
        std::size_t number = 0, end = i + 1;
        bool braced = next == '{';
        if (braced)
            ++end;
        std::size_t digits = end;
        while (end < result.size() && result[end] >= '0' && result[end] <= '9')
            number = number * 10 + static_cast<std::size_t>(result[end++] - '0');
        if (end == digits || (braced && (end >= result.size() || result[end] != '}'))) {
            error = "bad \"$\" reference in result";
            return std::nullopt;
        }
        highest = std::max(highest, number == 0 ? std::size_t(-1) : number);
        i = braced ? end : end - 1;
    }
    return highest;
}

std::string expand(std::string_view result, std::string_view key, const Groups& groups)
{
    std::string out;
    for (std::size_t i = 0; i < result.size(); ++i) {
        if (result[i] != '$') {
            out.push_back(result[i]);
            continue;
        }
        if (result[i + 1] == '$') {
            out.push_back('$');
            ++i;
            continue;
        }
        bool braced = result[i + 1] == '{';
        std::size_t end = i + 1 + (braced ? 1 : 0), number = 0;
        while (end < result.size() && result[end] >= '0' && result[end] <= '9')
            number = number * 10 + static_cast<std::size_t>(result[end++] - '0');
        if (2 * number + 1 < groups.size() && groups[2 * number] >= 0)
            out.append(key.substr(static_cast<std::size_t>(groups[2 * number]),
                                  static_cast<std::size_t>(groups[2 * number + 1] -
                                                           groups[2 * number])));
        i = braced ? end : end - 1;
    }
    return out;
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
            if (rule.kind == grammar::PatternLineKind::if_rule) {
                bool matched = rule.matcher->match(key, nullptr) != rule.negated;
                i = matched ? i + 1 : rule.skip_to;
                continue;
            }
            if (rule.kind == grammar::PatternLineKind::rule) {
                bool matched = rule.matcher->match(key, rule.negated ? nullptr : &groups);
                if (matched != rule.negated)
                    return LookupResult::found(rule.negated ? rule.result
                                                            : expand(rule.result, key, groups));
            }
            ++i;
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

Result<std::unique_ptr<Dict>> open_pattern_dict(Flavour flavour, std::string name,
                                                const std::string& path,
                                                const PatternWarning& warn)
{
    auto file = MappedFile::open(path);
    if (!file)
        return tl::unexpected(file.error());
    auto report = [&](std::size_t line, const std::string& message) {
        if (warn)
            warn(line, message);
    };
    std::vector<Rule> rules;
    std::vector<std::size_t> open_ifs;
    grammar::read_logical_lines(
        file->text(),
        [&](const grammar::LogicalLine& line) {
            std::size_t number = line.start().line;
            grammar::PatternLine parsed = grammar::parse_pattern_line(line.text);
            if (parsed.kind == grammar::PatternLineKind::invalid) {
                report(number, "syntax error -- ignoring this line");
                return;
            }
            if (parsed.kind == grammar::PatternLineKind::endif) {
                if (open_ifs.empty()) {
                    report(number, "ignoring ENDIF without matching IF");
                    return;
                }
                rules[open_ifs.back()].skip_to = rules.size() + 1;
                open_ifs.pop_back();
                rules.push_back({parsed.kind, false, nullptr, {}, 0});
                return;
            }
            if (parsed.unclosed) {
                report(number, "no closing regular expression delimiter -- ignoring this rule");
                return;
            }
            std::string error;
            auto matcher = compile(flavour, std::string(parsed.pattern), parsed.flags, error);
            if (!matcher) {
                report(number, error + " -- ignoring this rule");
                return;
            }
            std::string result(parsed.result);
            while (!result.empty() && std::isspace(static_cast<unsigned char>(result.back())))
                result.pop_back();
            if (parsed.kind == grammar::PatternLineKind::rule) {
                if (result.empty()) {
                    report(number, "no replacement text -- ignoring this rule");
                    return;
                }
                auto highest = highest_reference(result, error);
                if (!highest) {
                    report(number, error + " -- ignoring this rule");
                    return;
                }
                if (*highest != 0 && parsed.negated) {
                    report(number, "$number found in negative match replacement text -- "
                                   "ignoring this rule");
                    return;
                }
                bool zero = *highest == std::size_t(-1);
                if ((zero && flavour == Flavour::regexp) ||
                    (!zero && *highest > matcher->group_count())) {
                    report(number, "out of range replacement index \"" +
                                       (zero ? std::string("0") : std::to_string(*highest)) +
                                       "\" -- ignoring this rule");
                    return;
                }
            } else {
                open_ifs.push_back(rules.size());
            }
            rules.push_back({parsed.kind, parsed.negated, std::move(matcher), std::move(result), 0});
        },
        [&](grammar::Position position, std::string_view message) {
            report(position.line, std::string(message));
        });
    for (std::size_t index : open_ifs) {
        report(0, "IF has no matching ENDIF");
        rules[index].skip_to = rules.size();
    }
    return std::unique_ptr<Dict>(std::make_unique<PatternDict>(std::move(name), std::move(rules)));
}

} // namespace

Result<std::unique_ptr<Dict>> open_regexp_dict(std::string name, const std::string& path,
                                               const PatternWarning& warn)
{
    return open_pattern_dict(Flavour::regexp, std::move(name), path, warn);
}

Result<std::unique_ptr<Dict>> open_pcre_dict(std::string name, const std::string& path,
                                             const PatternWarning& warn)
{
    return open_pattern_dict(Flavour::pcre, std::move(name), path, warn);
}

} // namespace mf::maps
