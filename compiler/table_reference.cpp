// Table references (see table_reference.hpp).
#include "compiler/table_reference.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "compiler/postfix_list_split.hpp"
#include "compiler/restriction_catalog.hpp"

namespace mf::compiler {

namespace {

using St = TableStorage;

constexpr auto types = std::to_array<TableTypeInfo>({
    {"btree", St::indexed, ".db"},         {"cdb", St::indexed, ".cdb"},
    {"cidr", St::text_file, ""},           {"dbm", St::indexed, ".pag"},
    {"environ", St::none, ""},             {"fail", St::none, ""},
    {"hash", St::indexed, ".db"},          {"inline", St::none, ""},
    {"internal", St::none, ""},            {"ldap", St::client_config, ""},
    {"lmdb", St::indexed, ".lmdb"},        {"memcache", St::client_config, ""},
    {"mysql", St::client_config, ""},      {"nis", St::none, ""},
    {"pcre", St::text_file, ""},           {"pgsql", St::client_config, ""},
    {"pipemap", St::composite, ""},        {"proxy", St::none, ""},
    {"randmap", St::none, ""},             {"regexp", St::text_file, ""},
    {"sdbm", St::indexed, ".pag"},         {"socketmap", St::none, ""},
    {"sqlite", St::client_config, ""},     {"static", St::none, ""},
    {"tcp", St::none, ""},                 {"texthash", St::text_file, ""},
    {"unionmap", St::composite, ""},       {"unix", St::none, ""},
});

bool is_type_char(char c)
{
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-';
}

// "type:name" with a plausible type word; offset is where `token` sits in the value.
bool looks_like_table(std::string_view token)
{
    const auto colon = token.find(':');
    return colon != std::string_view::npos && colon > 0 &&
           std::all_of(token.begin(), token.begin() + static_cast<std::ptrdiff_t>(colon),
                       is_type_char);
}

void add_reference(std::string_view token, std::size_t offset, std::vector<TableReference>& out)
{
    if (!looks_like_table(token))
        return;
    TableReference ref;
    ref.text = std::string(token);
    ref.offset = offset;
    std::string_view rest = token;
    auto colon = rest.find(':');
    std::string_view type = rest.substr(0, colon);
    rest = rest.substr(colon + 1);
    // proxy:hash:/x is hash:/x opened by proxymap on the client's behalf.
    while (type == "proxy" && looks_like_table(rest)) {
        ref.proxied = true;
        colon = rest.find(':');
        type = rest.substr(0, colon);
        rest = rest.substr(colon + 1);
    }
    ref.type = std::string(type);
    ref.name = std::string(rest);
    out.push_back(ref);
    const auto* info = find_table_type(type);
    if (info && info->storage == TableStorage::composite && !rest.empty() && rest.front() == '{') {
        const std::size_t rest_offset = offset + static_cast<std::size_t>(rest.data() - token.data());
        const std::string_view inner = strip_outer_braces(rest);
        const std::size_t inner_offset = rest_offset + static_cast<std::size_t>(inner.data() - rest.data());
        for (auto& nested : table_list_references(inner)) {
            nested.offset += inner_offset;
            out.push_back(std::move(nested));
        }
    }
}

// The table inside a `{ type:name, { search_order = ... } }` access-restriction argument.
void add_access_argument(const ListToken& token, std::vector<TableReference>& out)
{
    if (token.text.empty() || token.text.front() != '{') {
        add_reference(token.text, token.offset, out);
        return;
    }
    const std::string_view inner = strip_outer_braces(token.text);
    const std::size_t base = token.offset + static_cast<std::size_t>(inner.data() - token.text.data());
    const auto parts = split_postfix_list(inner).tokens;
    if (!parts.empty())
        add_reference(parts.front().text, base + parts.front().offset, out);
}

} // namespace

std::span<const TableTypeInfo> known_table_types() { return types; }

const TableTypeInfo* find_table_type(std::string_view type)
{
    for (const auto& info : types)
        if (info.type == type)
            return &info;
    return nullptr;
}

std::vector<TableReference> table_list_references(std::string_view value)
{
    std::vector<TableReference> out;
    for (const auto& token : split_postfix_list(value).tokens)
        add_reference(token.text, token.offset, out);
    return out;
}

std::vector<TableReference> match_list_references(std::string_view value)
{
    std::vector<TableReference> out;
    for (const auto& token : split_postfix_list(value).tokens) {
        std::string_view text = token.text;
        std::size_t offset = token.offset;
        while (!text.empty() && text.front() == '!') {
            text.remove_prefix(1);
            ++offset;
        }
        if (!text.empty() && text.front() != '[' && text.front() != '/')
            add_reference(text, offset, out);
    }
    return out;
}

std::vector<TableReference> restriction_list_references(std::string_view value)
{
    std::vector<TableReference> out;
    const auto tokens = split_postfix_list(value).tokens;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const auto* info = find_restriction(tokens[i].text);
        if (info && info->argument != RestrictionArgument::none) {
            if (i + 1 < tokens.size() && info->argument == RestrictionArgument::table)
                add_access_argument(tokens[i + 1], out);
            // Policy endpoints (inet:host:port) and DNS list domains are not tables.
            if (i + 1 < tokens.size())
                ++i;
            continue;
        }
        if (tokens[i].text.find(':') != std::string::npos)
            add_access_argument(tokens[i], out);
    }
    return out;
}

std::string built_table_file(const TableReference& table)
{
    const auto* info = find_table_type(table.type);
    if (!info || info->storage != TableStorage::indexed || table.name.empty())
        return {};
    return table.name + std::string(info->built_suffix);
}

} // namespace mf::compiler
