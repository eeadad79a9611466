// See dict_cidr.hpp. A table is a vector of rules built once; an if holds the index just past
// its endif, so a lookup is one forward walk with nothing to lock or allocate.
#include "postmap/dict_cidr.hpp"

#include <vector>

#include "grammar/cidr_table.hpp"
#include "grammar/logical_lines.hpp"
#include "postmap/cidr_pattern.hpp"
#include "postmap/if_blocks.hpp"
#include "postmap/mapped_file.hpp"

namespace mf::maps {

namespace {

struct CidrRule {
    grammar::CidrLineKind kind = grammar::CidrLineKind::rule;
    bool negated = false;
    CidrNetwork network;
    std::string result;
    std::size_t block_end = 0; // if: the index after its endif (or the end when it has none)
    std::size_t line = 0;
    std::size_t result_column = 0; // rule: where the result starts (1-based)

    // Postfix: a rule or an if applies only to keys of its own family, negated or not.
    bool applies_to(const IpAddress& key) const
    {
        return key.family == network.network.family && network.contains(key) != negated;
    }
};

class CidrDict final : public Dict {
public:
    CidrDict(std::string name, std::vector<CidrRule> rules)
        : Dict(std::move(name)), rules_(std::move(rules))
    {
    }

    LookupResult lookup(std::string_view key) const override
    {
        auto address = parse_ip_address(key);
        if (!address)
            return LookupResult::not_found();
        for (std::size_t i = 0; i < rules_.size();) {
            const CidrRule& rule = rules_[i];
            switch (rule.kind) {
            case grammar::CidrLineKind::rule:
                if (rule.applies_to(*address))
                    return LookupResult::found(rule.result);
                ++i;
                break;
            case grammar::CidrLineKind::if_rule:
                i = rule.applies_to(*address) ? i + 1 : rule.block_end;
                break;
            case grammar::CidrLineKind::endif:
                ++i;
                break;
            }
        }
        return LookupResult::not_found();
    }

    Result<void> sequence(const EntryVisitor&) const override
    {
        return fail("table " + name() + ": sequence operation is not supported");
    }

private:
    std::vector<CidrRule> rules_;
};

// Text of physical lines by number, for lines asked in increasing order.
class PhysicalLines {
public:
    explicit PhysicalLines(std::string_view text) : text_(text) {}

    std::string_view line(std::size_t number)
    {
        while (line_ < number && offset_ < text_.size()) {
            std::size_t newline = text_.find('\n', offset_);
            offset_ = newline == std::string_view::npos ? text_.size() : newline + 1;
            ++line_;
        }
        std::string_view rest = text_.substr(offset_);
        return rest.substr(0, rest.find('\n'));
    }

private:
    std::string_view text_;
    std::size_t offset_ = 0;
    std::size_t line_ = 1;
};

// Turns logical lines into rules, reporting what Postfix reports.
class CidrTableReader {
public:
    CidrTableReader(std::string_view text, const PatternWarning& warn)
        : text_(text), physical_(text), warn_(warn)
    {
    }

    std::vector<CidrRule> read()
    {
        grammar::read_logical_lines(
            text_,
            [&](const grammar::LogicalLine& line) {
                report_indented_text();
                add(line);
            },
            [&](grammar::Position position, std::string_view) {
                // Postfix joins the indented lines before the first rule into one logical line
                // and reports it once.
                indented_text_.append(physical_.line(position.line));
                has_indented_text_ = true;
            });
        report_indented_text();
        blocks_.for_each_unclosed([&](std::size_t index, std::size_t line) {
            report(line, "IF has no matching ENDIF");
            rules_[index].block_end = rules_.size();
        });
        return std::move(rules_);
    }

private:
    void report(std::size_t line, const std::string& message) const
    {
        if (warn_)
            warn_(line, message);
    }

    void skip(std::size_t line, const std::string& reason) const
    {
        report(line, reason + ": skipping this rule");
    }

    void report_indented_text()
    {
        if (!has_indented_text_)
            return;
        // Postfix quotes the first 30 bytes.
        std::string quoted = indented_text_.substr(0, 30);
        if (indented_text_.size() > 30)
            quoted += "...";
        report(0, "logical line must not start with whitespace: \"" + quoted + "\"");
        indented_text_.clear();
        has_indented_text_ = false;
    }

    void add(const grammar::LogicalLine& logical)
    {
        const std::size_t number = logical.start().line;
        const std::string_view text = logical.text;
        // Postfix reads each line as a C string: nothing after a NUL byte counts.
        grammar::CidrLine line = grammar::parse_cidr_line(text.substr(0, text.find('\0')));
        switch (line.problem) {
        case grammar::CidrLineProblem::none: break;
        case grammar::CidrLineProblem::no_pattern: return skip(number, "no address pattern");
        case grammar::CidrLineProblem::garbage_after_endif:
            return skip(number, "garbage after ENDIF");
        }
        if (line.kind == grammar::CidrLineKind::endif) {
            const auto closed = blocks_.close();
            if (!closed)
                return skip(number, "ENDIF without IF");
            rules_[*closed].block_end = rules_.size() + 1;
            rules_.push_back(CidrRule{line.kind, false, {}, {}, 0, number, 0});
            return;
        }
        auto network = parse_cidr_network(line.pattern);
        if (!network)
            return skip(number, network.error().message);
        if (line.kind == grammar::CidrLineKind::rule && line.result.empty())
            return skip(number, "no lookup result");
        if (line.kind == grammar::CidrLineKind::if_rule)
            blocks_.open(rules_.size(), number);
        const std::size_t result_column =
            line.result.empty()
                ? 0
                : logical.position_of(static_cast<std::size_t>(line.result.data() - text.data()))
                      .column;
        rules_.push_back(CidrRule{line.kind, line.negated, *network, std::string(line.result), 0,
                                  number, result_column});
    }

    std::string_view text_;
    PhysicalLines physical_;
    PatternWarning warn_;
    std::vector<CidrRule> rules_;
    IfBlocks blocks_;
    std::string indented_text_;
    bool has_indented_text_ = false;
};

} // namespace

Result<std::unique_ptr<Dict>> open_cidr_dict(std::string name, const std::string& path,
                                             const PatternWarning& warn)
{
    auto file = MappedFile::open(path);
    if (!file)
        return tl::unexpected(file.error());
    std::vector<CidrRule> rules = CidrTableReader(file->text(), warn).read();
    return std::unique_ptr<Dict>(std::make_unique<CidrDict>(std::move(name), std::move(rules)));
}

Result<std::vector<PatternRuleText>> read_cidr_rule_texts(const std::string& path)
{
    auto file = MappedFile::open(path);
    if (!file)
        return tl::unexpected(file.error());
    std::vector<PatternRuleText> texts;
    for (const CidrRule& rule : CidrTableReader(file->text(), {}).read())
        if (rule.kind == grammar::CidrLineKind::rule)
            texts.push_back({rule.line, rule.result_column, rule.result, false});
    return texts;
}

} // namespace mf::maps
