// See table_values.hpp.
#include "compiler/table_values.hpp"

#include <set>

#include "postmap/dict_cidr.hpp"
#include "postmap/dict_pattern.hpp"
#include "postmap/map_source_reader.hpp"
#include "postmap/mapped_file.hpp"
#include "util/regular_file.hpp"

namespace mf::compiler {

namespace {

bool read_from_source(std::string_view type)
{
    return type == "hash" || type == "btree" || type == "cdb" || type == "lmdb" ||
           type == "dbm" || type == "sdbm" || type == "texthash";
}

// The column of `value` in its line of `text` when it is a view into it (an entry on one
// line); 1 when the reader joined continuation lines into a buffer of its own.
std::size_t column_in(std::string_view text, std::string_view value)
{
    if (value.data() < text.data() || value.data() > text.data() + text.size())
        return 1;
    const std::size_t offset = static_cast<std::size_t>(value.data() - text.data());
    const std::size_t line_start = text.rfind('\n', offset == 0 ? 0 : offset - 1);
    return line_start == std::string_view::npos || offset == 0 ? offset + 1 : offset - line_start;
}

} // namespace

bool for_each_table_value(const TableReference& table, const std::string& path,
                          const std::function<void(const TableValue&)>& visit)
{
    if (!is_regular_file(path))
        return false;
    if (read_from_source(table.type)) {
        auto file = maps::MappedFile::open(path);
        if (!file)
            return false;
        maps::read_map_source(
            file->text(), {},
            [&](std::string_view key, std::string_view value, std::uint32_t line) {
                visit({line, column_in(file->text(), value), "key \"" + std::string(key) + "\": ",
                       key, value, false});
            },
            // Lines the reader skips or doubts are not values; the table checks report them.
            [](std::uint32_t, const std::string&) {});
        return true;
    }
    if (table.type != "regexp" && table.type != "pcre" && table.type != "cidr")
        return false;
    auto rules = table.type == "cidr"
                     ? maps::read_cidr_rule_texts(path)
                     : maps::read_pattern_rule_texts(table.type == "regexp"
                                                         ? grammar::PatternFlavour::regexp
                                                         : grammar::PatternFlavour::pcre,
                                                     path);
    if (!rules)
        return false;
    for (const maps::PatternRuleText& rule : *rules)
        visit({rule.line, rule.column, "", {}, rule.replacement, rule.substitutes});
    return true;
}

void for_each_configured_table_answer(
    const Configuration& config, const CheckOptions& options,
    const std::function<std::optional<std::string>(const Setting&, const Service*)>& reads,
    const std::function<void(const NamedTableAnswer&)>& visit)
{
    std::set<std::string> read;
    config.for_each_setting_in_force([&](const Setting& setting, const Service* service) {
        const std::optional<std::string> key = reads(setting, service);
        if (!key)
            return;
        const std::string value = config.expand_text(setting.value, service);
        for (const TableReference& table :
             parameter_table_references(config, setting.name, value, service)) {
            if (table.name.empty() || table.name.front() != '/')
                continue;
            const std::string path = options.resolve(table.name);
            if (!read.insert(*key + "\n" + path).second)
                continue;
            for_each_table_value(table, path, [&](const TableValue& answer) {
                if (!answer.substitutes)
                    visit({setting, service, table, path, answer});
            });
        }
    });
}

void for_each_table_answer_of(const Configuration& config, const CheckOptions& options,
                              std::initializer_list<std::string_view> names,
                              const std::function<void(const NamedTableAnswer&)>& visit)
{
    for_each_configured_table_answer(
        config, options,
        [&](const Setting& setting, const Service*) -> std::optional<std::string> {
            for (std::string_view name : names)
                if (setting.name == name)
                    return std::string();
            return std::nullopt;
        },
        visit);
}

std::string NamedTableAnswer::label() const
{
    return setting.name + " " + table.type + ":" + table.name + ": " + answer.key_label;
}

} // namespace mf::compiler
