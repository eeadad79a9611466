// Snapshots in readable form: `mfcc --dump` prints every section; `mfcc --diff OLD NEW` prints
// only what NEW changes (parameters, services, restriction lists, tables, TLS material), so an
// administrator can review a reload before doing it. Secret bytes are never printed: TLS
// material appears as its path, size and SHA-256, each certificate as its subject, issuer,
// expiry and SHA-256 fingerprint, each key as its type and public-key fingerprint, so that a
// rotated certificate or key shows in --diff. Chain certificates are compared by position, CA
// certificates by fingerprint (a CA added to a bundle is one added line). A restriction list
// is dumped as one summary line, as main.cf would say it, then one line per entry with where it
// was written and what its argument means; --diff names the entries added, removed or moved in
// each list of each service.
#include <algorithm>
#include <ctime>
#include <map>

#include "compiler/snapshot.hpp"
#include "postmap/fingerprint.hpp"
#include "util/openssl.hpp"

namespace mf::compiler {

namespace {

std::string service_line(const SnapshotService& s)
{
    std::string line = s.name + "/" + s.type + ": private=" + (s.private_service ? "y" : "n") +
                       " unpriv=" + (s.unprivileged ? "y" : "n") + " chroot=" + (s.chroot ? "y" : "n") +
                       " wakeup=" + std::to_string(s.wakeup) + (s.wakeup_if_used ? "?" : "") +
                       " maxproc=" + std::to_string(s.process_limit) + " command=" + s.command;
    for (const std::string& argument : s.arguments)
        line += " " + argument;
    return line;
}

std::string table_line(const SnapshotTable& t)
{
    std::string line = t.parameter + ": " + t.type + ":" + t.name;
    if (!t.file.empty())
        line += t.size == 0 && t.inode == 0
                    ? " (" + t.file + " missing)"
                    : " (" + t.file + " size=" + std::to_string(t.size) + " mtime=" +
                          std::to_string(t.mtime) + " inode=" + std::to_string(t.inode) +
                          " sha256=" + hex(t.digest) + ")";
    return line;
}

const char* kind_name(SnapshotTlsMaterial::Kind kind)
{
    switch (kind) {
    case SnapshotTlsMaterial::Kind::certificate_chain:
        return "certificate-chain";
    case SnapshotTlsMaterial::Kind::private_key:
        return "private-key";
    case SnapshotTlsMaterial::Kind::ca_certificates:
        return "ca-certificates";
    }
    return "unknown";
}

// Who the entry is for: [service] parameter [SNI name].
std::string tls_scope(const SnapshotTlsMaterial& m)
{
    return (m.service.empty() ? "" : m.service + " ") + m.parameter +
           (m.server_name.empty() ? "" : " " + m.server_name);
}

std::string tls_line(const SnapshotTlsMaterial& m)
{
    return tls_scope(m) + ": " + kind_name(m.kind) + " " + m.path + " (" +
           std::to_string(m.bytes.size()) + " bytes, sha256=" + hex(sha256(m.bytes)) + ")";
}

std::string utc_time(std::int64_t seconds)
{
    std::time_t time = static_cast<std::time_t>(seconds);
    std::tm broken{};
    ::gmtime_r(&time, &broken);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S UTC", &broken);
    return text;
}

std::string sha256_fingerprint(std::string_view der)
{
    auto digest = openssl::digest("sha256", der);
    return digest ? maps::colon_hex(*digest) : "?";
}

// One line per certificate or key of an entry, keyed for diffing; an entry whose PEM does
// not decode (it never should) is one line with its digest.
std::vector<std::pair<std::string, std::string>> tls_details(const SnapshotTlsMaterial& m)
{
    std::vector<std::pair<std::string, std::string>> details;
    std::size_t position = 0;
    for (const openssl::PemObject& object : openssl::read_pem_objects(m.bytes)) {
        if (object.kind == openssl::PemKind::certificate) {
            const X509& certificate = *object.certificate;
            std::string fingerprint =
                sha256_fingerprint(openssl::der_of_certificate(certificate));
            ++position;
            std::string key = m.kind == SnapshotTlsMaterial::Kind::ca_certificates
                                  ? fingerprint
                                  : "#" + std::to_string(position);
            details.emplace_back(key, "certificate " + key + ": subject=" +
                                          openssl::subject_line(certificate) +
                                          " issuer=" + openssl::issuer_line(certificate) +
                                          " not-after=\"" +
                                          utc_time(openssl::not_after(certificate)) +
                                          "\" sha256=" + fingerprint);
        } else if (object.kind == openssl::PemKind::private_key) {
            const EVP_PKEY& key = *object.private_key;
            details.emplace_back("key", "key: " + openssl::key_type_name(key) + " " +
                                            std::to_string(openssl::key_bits(key)) +
                                            " bits, public key sha256=" +
                                            sha256_fingerprint(openssl::der_of_public_key(key)));
        }
    }
    if (details.empty())
        details.emplace_back("bytes", "undecodable, sha256=" + hex(sha256(m.bytes)));
    return details;
}

std::string tls_entry_key(const SnapshotTlsMaterial& m)
{
    return m.service + "|" + m.parameter + "|" + m.server_name + "|" + kind_name(m.kind) + "|" +
           m.path;
}

std::string location_text(const SnapshotLocation& where)
{
    if (where.line == 0)
        return "default";
    return where.file + ":" + std::to_string(where.line) + ":" + std::to_string(where.column);
}

// An entry as it reads in main.cf: the restriction and its argument.
std::string entry_text(const SnapshotRestrictionEntry& e)
{
    if (e.kind == SnapshotRestrictionEntry::Kind::bare_table ||
        e.argument.kind == SnapshotRestrictionArgument::Kind::none)
        return e.name;
    return e.name + " " + e.argument.text;
}

std::string list_label(const SnapshotRestrictionList& list)
{
    return (list.service.empty() ? "main.cf" : list.service) +
           (list.restriction_class ? " class " : " ") + list.parameter;
}

std::string list_summary(const SnapshotRestrictionList& list)
{
    std::string line = list_label(list) + " =";
    for (std::size_t i = 0; i < list.entries.size(); ++i)
        line += (i ? ", " : " ") + entry_text(list.entries[i]);
    return line;
}

std::string argument_detail(const SnapshotRestrictionArgument& a, const Snapshot& s)
{
    using Kind = SnapshotRestrictionArgument::Kind;
    switch (a.kind) {
    case Kind::none:
        return "";
    case Kind::table: {
        if (a.table_type.empty())
            return "; not a table";
        std::string text = "; table " + a.table_type + ":" + a.table_name +
                           (a.proxied ? " through proxymap" : "");
        if (a.table_index != snapshot_no_index && a.table_index < s.tables.size()) {
            const SnapshotTable& t = s.tables[a.table_index];
            if (!t.file.empty())
                text += t.size == 0 && t.inode == 0 ? ", " + t.file + " missing"
                                                    : ", " + t.file + " sha256=" + hex(t.digest);
        }
        return text;
    }
    case Kind::policy_service: {
        std::string text = "; policy service " + a.endpoint;
        for (const auto& [name, value] : a.attributes)
            text += " " + name + "=" + value;
        return text;
    }
    case Kind::dnsxl_domain:
        return "; DNS list " + a.domain +
               (a.reply_filter.empty() ? "" : " replying " + a.reply_filter);
    case Kind::seconds:
        return "; " + std::to_string(a.seconds) + " seconds";
    }
    return "";
}

std::string entry_detail(const SnapshotRestrictionEntry& e, const Snapshot& s)
{
    using Kind = SnapshotRestrictionEntry::Kind;
    std::string text = location_text(e.location);
    const RestrictionInfo* info = find_restriction(e.id);
    switch (e.kind) {
    case Kind::restriction:
        if (info && info->name != e.name)
            text += "; " + std::string(info->name);
        break;
    case Kind::bare_table:
        text += info ? "; " + std::string(info->name) : "; the calling list's check_*_access";
        break;
    case Kind::restriction_class:
        text += "; restriction class";
        if (e.class_index < s.restrictions.size())
            text += " at " + location_text(s.restrictions[e.class_index].location);
        break;
    case Kind::unknown:
        text += "; unknown restriction";
        break;
    }
    return text + argument_detail(e.argument, s);
}

std::string restrictions_dump(const Snapshot& s)
{
    std::string out;
    for (const SnapshotRestrictionList& list : s.restrictions) {
        out += list_summary(list) + "    # " +
               (list.explicitly_set ? location_text(list.location) : "default") + "\n";
        for (const SnapshotRestrictionEntry& e : list.entries)
            out += "    " + entry_text(e) + "    # " + entry_detail(e, s) + "\n";
    }
    return out;
}

// What a list's entries compare by: what is written, and whether it names a class.
std::vector<std::string> entry_keys(const SnapshotRestrictionList* list)
{
    std::vector<std::string> keys;
    if (list)
        for (const SnapshotRestrictionEntry& e : list->entries)
            keys.push_back(entry_text(e) +
                           (e.kind == SnapshotRestrictionEntry::Kind::restriction_class ? " (class)" : ""));
    return keys;
}

// Entries that stay in the same relative order (a longest common subsequence) are unchanged;
// of the rest, an entry in both lists moved, one only before was removed, one only after added.
void diff_entries(const std::vector<std::string>& before, const std::vector<std::string>& after,
                  std::string& out)
{
    const std::size_t n = before.size(), m = after.size();
    std::vector<std::vector<std::size_t>> common(n + 1, std::vector<std::size_t>(m + 1, 0));
    for (std::size_t i = n; i-- > 0;)
        for (std::size_t j = m; j-- > 0;)
            common[i][j] = before[i] == after[j] ? common[i + 1][j + 1] + 1
                                                 : std::max(common[i + 1][j], common[i][j + 1]);
    std::vector<bool> kept_before(n, false), kept_after(m, false);
    for (std::size_t i = 0, j = 0; i < n && j < m;) {
        if (before[i] == after[j]) {
            kept_before[i++] = true;
            kept_after[j++] = true;
        } else if (common[i + 1][j] >= common[i][j + 1]) {
            ++i;
        } else {
            ++j;
        }
    }
    std::vector<bool> moved_after(m, false);
    for (std::size_t i = 0; i < n; ++i) {
        if (kept_before[i])
            continue;
        std::size_t j = 0;
        while (j < m && (kept_after[j] || moved_after[j] || after[j] != before[i]))
            ++j;
        if (j < m) {
            moved_after[j] = true;
            out += "    ~ " + before[i] + "    (moved from #" + std::to_string(i + 1) + " to #" +
                   std::to_string(j + 1) + ")\n";
        } else {
            out += "    - " + before[i] + "    (was #" + std::to_string(i + 1) + ")\n";
        }
    }
    for (std::size_t j = 0; j < m; ++j)
        if (!kept_after[j] && !moved_after[j])
            out += "    + " + after[j] + "    (#" + std::to_string(j + 1) + ")\n";
}

void diff_restrictions(const Snapshot& before, const Snapshot& after, std::string& out)
{
    std::map<std::string, std::pair<const SnapshotRestrictionList*, const SnapshotRestrictionList*>> lists;
    for (const SnapshotRestrictionList& list : before.restrictions)
        lists[list_label(list)].first = &list;
    for (const SnapshotRestrictionList& list : after.restrictions)
        lists[list_label(list)].second = &list;
    for (const auto& [label, pair] : lists) {
        const auto old_keys = entry_keys(pair.first), new_keys = entry_keys(pair.second);
        if (old_keys == new_keys)
            continue;
        if (!pair.second)
            out += "- restrictions " + list_summary(*pair.first) + "\n";
        else if (!pair.first)
            out += "+ restrictions " + list_summary(*pair.second) + "\n";
        else
            out += "~ restrictions " + label + "\n";
        if (pair.first && pair.second)
            diff_entries(old_keys, new_keys, out);
    }
}

// Keyed lines of one section, for diffing.
template <typename Item, typename Key, typename Line>
std::map<std::string, std::string> keyed(const std::vector<Item>& items, Key key, Line line)
{
    std::map<std::string, std::string> out;
    for (const Item& item : items)
        out[key(item)] = line(item);
    return out;
}

void diff_section(const char* what, const std::map<std::string, std::string>& before,
                  const std::map<std::string, std::string>& after, std::string& out)
{
    for (const auto& [key, line] : before) {
        auto it = after.find(key);
        if (it == after.end())
            out += "- " + std::string(what) + " " + line + "\n";
        else if (it->second != line)
            out += "~ " + std::string(what) + " " + line + "\n  -> " + it->second + "\n";
    }
    for (const auto& [key, line] : after)
        if (!before.count(key))
            out += "+ " + std::string(what) + " " + line + "\n";
}

std::map<std::string, std::string> parameter_lines(const Snapshot& s)
{
    return keyed(s.parameters, [](const SnapshotParameter& p) { return std::string(p.name); },
                 [](const SnapshotParameter& p) {
                     return std::string(p.name) + " = " + std::string(p.value);
                 });
}

std::map<std::string, std::string> service_lines(const Snapshot& s)
{
    return keyed(s.services, [](const SnapshotService& x) { return x.name + "/" + x.type; },
                 [](const SnapshotService& x) {
                     std::string line = service_line(x);
                     for (const SnapshotOverride& o : x.overrides)
                         line += " -o " + o.name + "=" + o.value;
                     return line;
                 });
}

} // namespace

std::string dump_snapshot(const Snapshot& s)
{
    std::string out = "# mfcc snapshot, format version " + std::to_string(snapshot_format_version) + "\n";
    out += "[sources]\n";
    for (const SnapshotSource& source : s.sources)
        out += source.path + " size=" + std::to_string(source.size) + " sha256=" + hex(source.digest) + "\n";
    out += "[parameters]\n";
    for (const SnapshotParameter& p : s.parameters) {
        out.append(p.name).append(" = ").append(p.value);
        out += std::string("    # ") + type_name(p.type) + (p.explicitly_set ? ", set" : ", default") +
               (p.implemented ? "" : ", not implemented by mfd");
        if (p.raw != p.value)
            out.append(", raw: ").append(p.raw);
        out += "\n";
    }
    out += "[services]\n";
    for (const SnapshotService& x : s.services) {
        out += service_line(x) + "\n";
        for (const SnapshotOverride& o : x.overrides)
            out += "    -o " + o.name + "=" + o.value + (o.raw != o.value ? "    # raw: " + o.raw : "") + "\n";
    }
    out += "[restrictions]\n" + restrictions_dump(s);
    out += "[tables]\n";
    for (const SnapshotTable& t : s.tables)
        out += table_line(t) + "\n";
    out += "[tls]\n";
    for (const SnapshotTlsMaterial& m : s.tls) {
        out += tls_line(m) + "\n";
        for (const auto& detail : tls_details(m))
            out += "    " + detail.second + "\n";
    }
    return out;
}

std::string diff_snapshots(const Snapshot& before, const Snapshot& after)
{
    std::string out;
    diff_section("parameter", parameter_lines(before), parameter_lines(after), out);
    diff_section("service", service_lines(before), service_lines(after), out);
    diff_restrictions(before, after, out);
    auto tables = [](const Snapshot& s) {
        return keyed(s.tables, [](const SnapshotTable& t) { return t.parameter + "|" + t.type + ":" + t.name; },
                     table_line);
    };
    diff_section("table", tables(before), tables(after), out);
    auto tls = [](const Snapshot& s) {
        std::map<std::string, std::string> lines;
        for (const SnapshotTlsMaterial& m : s.tls) {
            std::string prefix = tls_scope(m) + ": " + kind_name(m.kind) + " " + m.path + " ";
            for (const auto& [key, line] : tls_details(m))
                lines[tls_entry_key(m) + "|" + key] = prefix + line;
        }
        return lines;
    };
    diff_section("tls", tls(before), tls(after), out);
    return out;
}

} // namespace mf::compiler
