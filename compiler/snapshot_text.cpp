// Snapshots in readable form: `mfcc --dump` prints every section; `mfcc --diff OLD NEW` prints
// only what NEW changes (parameters, services, restriction lists, tables, TLS material), so an
// administrator can review a reload before doing it. Secret bytes are never printed: TLS
// material appears as its path, size and SHA-256.
#include <map>

#include "compiler/snapshot.hpp"

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

std::string tls_line(const SnapshotTlsMaterial& m)
{
    return m.parameter + ": " + kind_name(m.kind) + " " + m.path + " (" +
           std::to_string(m.bytes.size()) + " bytes, sha256=" + hex(sha256(m.bytes)) + ")";
}

std::string restriction_line(const SnapshotRestrictionList& list)
{
    std::string line = (list.service.empty() ? "main.cf" : list.service) + " " + list.parameter + " =";
    for (const auto& entry : list.entries) {
        line += " ";
        for (std::size_t i = 0; i < entry.size(); ++i)
            line += (i ? " " : "") + entry[i];
        line += ",";
    }
    if (line.back() == ',')
        line.pop_back();
    return line;
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
    return keyed(s.parameters, [](const SnapshotParameter& p) { return p.name; },
                 [](const SnapshotParameter& p) { return p.name + " = " + p.value; });
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
        out += p.name + " = " + p.value + "    # " + type_name(p.type) +
               (p.explicitly_set ? ", set" : ", default") + (p.implemented ? "" : ", not implemented by mfd");
        if (p.raw != p.value)
            out += ", raw: " + p.raw;
        out += "\n";
    }
    out += "[services]\n";
    for (const SnapshotService& x : s.services) {
        out += service_line(x) + "\n";
        for (const SnapshotOverride& o : x.overrides)
            out += "    -o " + o.name + "=" + o.value + (o.raw != o.value ? "    # raw: " + o.raw : "") + "\n";
    }
    out += "[restrictions]\n";
    for (const SnapshotRestrictionList& list : s.restrictions)
        if (!list.entries.empty())
            out += restriction_line(list) + "\n";
    out += "[tables]\n";
    for (const SnapshotTable& t : s.tables)
        out += table_line(t) + "\n";
    out += "[tls]\n";
    for (const SnapshotTlsMaterial& m : s.tls)
        out += tls_line(m) + "\n";
    return out;
}

std::string diff_snapshots(const Snapshot& before, const Snapshot& after)
{
    std::string out;
    diff_section("parameter", parameter_lines(before), parameter_lines(after), out);
    diff_section("service", service_lines(before), service_lines(after), out);
    auto restrictions = [](const Snapshot& s) {
        return keyed(s.restrictions,
                     [](const SnapshotRestrictionList& l) { return l.service + "/" + l.parameter; },
                     restriction_line);
    };
    diff_section("restrictions", restrictions(before), restrictions(after), out);
    auto tables = [](const Snapshot& s) {
        return keyed(s.tables, [](const SnapshotTable& t) { return t.parameter + "|" + t.type + ":" + t.name; },
                     table_line);
    };
    diff_section("table", tables(before), tables(after), out);
    auto tls = [](const Snapshot& s) {
        return keyed(s.tls, [](const SnapshotTlsMaterial& m) { return m.parameter + "|" + m.path; }, tls_line);
    };
    diff_section("tls", tls(before), tls(after), out);
    return out;
}

} // namespace mf::compiler
