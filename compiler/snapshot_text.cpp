// Snapshots in readable form: `mfcc --dump` prints every section; `mfcc --diff OLD NEW` prints
// only what NEW changes (parameters, services, restriction lists, tables, TLS material), so an
// administrator can review a reload before doing it. Secret bytes are never printed: TLS
// material appears as its path, size and SHA-256, each certificate as its subject, issuer,
// expiry and SHA-256 fingerprint, each key as its type and public-key fingerprint, so that a
// rotated certificate or key shows in --diff. Chain certificates are compared by position, CA
// certificates by fingerprint (a CA added to a bundle is one added line).
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
