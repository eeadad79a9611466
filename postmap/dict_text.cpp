// See dict_text.hpp. texthash and inline are hash tables of folded keys; duplicates keep the
// first value, as postmap does.
#include "postmap/dict_text.hpp"

#include <unordered_map>
#include <vector>

#include "postmap/case_fold.hpp"
#include "postmap/map_source_reader.hpp"
#include "postmap/mapped_file.hpp"

namespace mf::maps {

namespace {

class MemoryDict final : public Dict {
public:
    MemoryDict(std::string name, const DictOptions& options)
        : Dict(std::move(name)), options_(options)
    {
    }

    void insert(std::string_view key, std::string_view value)
    {
        std::string stored = options_.fold_case ? folded(key, options_.utf8_fold)
                                                : std::string(key);
        if (entries_.emplace(stored, std::string(value)).second)
            order_.push_back(std::move(stored));
    }

    LookupResult lookup(std::string_view key) const override
    {
        auto found = entries_.find(options_.fold_case ? folded(key, options_.utf8_fold)
                                                      : std::string(key));
        if (found == entries_.end())
            return LookupResult::not_found();
        return LookupResult::found(found->second);
    }

    Result<void> sequence(const EntryVisitor& each) const override
    {
        for (const std::string& key : order_)
            if (!each(key, entries_.at(key)))
                break;
        return {};
    }

private:
    DictOptions options_;
    std::unordered_map<std::string, std::string> entries_;
    std::vector<std::string> order_;
};

class StaticDict final : public Dict {
public:
    StaticDict(std::string name, std::string value)
        : Dict(std::move(name)), value_(std::move(value))
    {
    }
    LookupResult lookup(std::string_view) const override { return LookupResult::found(value_); }
    Result<void> sequence(const EntryVisitor&) const override
    {
        return fail(name() + ": table does not support sequence");
    }

private:
    std::string value_;
};

std::string_view trim(std::string_view text)
{
    const char* space = " \t\r\n\v\f";
    auto first = text.find_first_not_of(space);
    if (first == std::string_view::npos)
        return {};
    auto last = text.find_last_not_of(space);
    return text.substr(first, last - first + 1);
}

// "{a, b}" -> "a, b"; Postfix requires the braces to balance.
Result<std::string_view> strip_braces(std::string_view text, const std::string& name)
{
    text = trim(text);
    if (text.size() < 2 || text.front() != '{' || text.back() != '}')
        return fail(name + ": syntax error: expected \"{ ... }\"");
    return trim(text.substr(1, text.size() - 2));
}

} // namespace

Result<std::unique_ptr<Dict>> open_texthash_dict(std::string name, const std::string& path,
                                                 const DictOptions& options)
{
    auto file = MappedFile::open(path);
    if (!file)
        return tl::unexpected(file.error());
    TableEntries entries;
    read_map_source(file->text(), MapSourceOptions{}, entries,
                    [&](std::uint32_t line, const std::string& message) {
                        if (options.on_warning)
                            options.on_warning(line, message);
                    });
    auto dict = std::make_unique<MemoryDict>(std::move(name), options);
    for (const TableEntry& entry : entries.entries())
        dict->insert(entry.key, entry.value);
    return std::unique_ptr<Dict>(std::move(dict));
}

Result<std::unique_ptr<Dict>> open_inline_dict(std::string name, const std::string& text,
                                               const DictOptions& options)
{
    auto body = strip_braces(text, name);
    if (!body)
        return tl::unexpected(body.error());
    auto dict = std::make_unique<MemoryDict>(name, options);
    // Items are separated by commas or whitespace at brace depth 0; "{ key = value }" groups
    // an item whose value holds commas or spaces.
    std::string_view rest = *body;
    while (!rest.empty()) {
        std::size_t skip = rest.find_first_not_of(" \t\r\n,");
        if (skip == std::string_view::npos)
            break;
        rest.remove_prefix(skip);
        std::string_view item;
        if (rest.front() == '{') {
            int depth = 0;
            std::size_t end = 0;
            for (; end < rest.size(); ++end) {
                depth += rest[end] == '{' ? 1 : rest[end] == '}' ? -1 : 0;
                if (depth == 0)
                    break;
            }
            if (end == rest.size())
                return fail(name + ": syntax error: unbalanced '{'");
            item = trim(rest.substr(1, end - 1));
            rest.remove_prefix(end + 1);
        } else {
            std::size_t end = rest.find_first_of(" \t\r\n,");
            item = rest.substr(0, end);
            rest.remove_prefix(end == std::string_view::npos ? rest.size() : end);
        }
        auto equals = item.find('=');
        if (equals == std::string_view::npos)
            return fail(name + ": syntax error: missing '=' in \"" + std::string(item) + "\"");
        dict->insert(trim(item.substr(0, equals)), trim(item.substr(equals + 1)));
    }
    return std::unique_ptr<Dict>(std::move(dict));
}

Result<std::unique_ptr<Dict>> open_static_dict(std::string name, const std::string& text)
{
    std::string value = text;
    if (!value.empty() && value.front() == '{') {
        auto body = strip_braces(value, name);
        if (!body)
            return tl::unexpected(body.error());
        value = std::string(*body);
    }
    return std::unique_ptr<Dict>(std::make_unique<StaticDict>(std::move(name), std::move(value)));
}

} // namespace mf::maps
