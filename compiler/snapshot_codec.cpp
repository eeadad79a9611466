// The snapshot's bytes (man/mf-snapshot.5): a 56-byte header (magic, format version, flags,
// body length, SHA-256 of the body) and a body of tagged sections. Integers are little-endian;
// strings are a u32 length and the bytes. The decoder trusts nothing: every length is checked
// against what is left, so a truncated or corrupt file is refused, never over-read.
// SHA256_Init/Update/Final are deprecated in OpenSSL 3 in favour of EVP, but EVP fetches and
// initialises a provider on first use, which costs about 1.5 ms: a third of mfcc's whole run.
// The low-level functions compute the same digest without that.
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <optional>

#include "compiler/snapshot.hpp"
#include "util/atomic_file.hpp"
#include "util/read_to_end.hpp"

namespace mf::compiler {

namespace {

constexpr std::size_t header_size = 8 + 4 + 4 + 8 + 32;
constexpr std::uint32_t flag_private_key = 1;

enum Section : std::uint32_t {
    section_sources = 1,
    section_parameters = 2,
    section_services = 3,
    section_restrictions = 4,
    section_tables = 5,
    section_tls = 6,
};

class Writer {
public:
    void u8(std::uint8_t value) { out_.push_back(static_cast<char>(value)); }
    void u16(std::uint16_t value) { little_endian<2>(value); }
    void u32(std::uint32_t value) { little_endian<4>(value); }
    void u64(std::uint64_t value) { little_endian<8>(value); }
    void string(std::string_view text)
    {
        u32(static_cast<std::uint32_t>(text.size()));
        out_.append(text);
    }
    void digest(const Sha256& value) { out_.append(reinterpret_cast<const char*>(value.data()), value.size()); }
    void strings(const std::vector<std::string>& list)
    {
        u32(static_cast<std::uint32_t>(list.size()));
        for (const std::string& item : list)
            string(item);
    }
    std::string& bytes() { return out_; }

    // A section is written in place: its tag, a size that end_section() fills in, the content.
    std::size_t begin_section(Section tag)
    {
        u32(tag);
        u64(0);
        return out_.size();
    }
    void end_section(std::size_t content_begin)
    {
        patch_u64(content_begin - 8, out_.size() - content_begin);
    }
    void patch_u64(std::size_t at, std::uint64_t value)
    {
        for (std::size_t i = 0; i < 8; ++i)
            out_[at + i] = static_cast<char>(value >> (8 * i));
    }

private:
    template <std::size_t Bytes>
    void little_endian(std::uint64_t value)
    {
        char bytes[Bytes];
        for (std::size_t i = 0; i < Bytes; ++i)
            bytes[i] = static_cast<char>(value >> (8 * i));
        out_.append(bytes, Bytes);
    }

    std::string out_;
};

// Reading fails by setting `bad`; callers check it once at the end of a section.
class Reader {
public:
    explicit Reader(std::string_view bytes) : in_(bytes) {}
    bool bad() const { return bad_; }
    bool done() const { return in_.empty(); }
    std::uint8_t u8()
    {
        if (!need(1))
            return 0;
        const auto value = static_cast<std::uint8_t>(in_[0]);
        in_.remove_prefix(1);
        return value;
    }
    std::uint16_t u16()
    {
        const std::uint16_t low = u8();
        return static_cast<std::uint16_t>(low | (u8() << 8));
    }
    std::uint32_t u32()
    {
        std::uint32_t value = 0;
        for (int i = 0; i < 4; ++i)
            value |= static_cast<std::uint32_t>(u8()) << (8 * i);
        return value;
    }
    std::uint64_t u64()
    {
        std::uint64_t value = 0;
        for (int i = 0; i < 8; ++i)
            value |= static_cast<std::uint64_t>(u8()) << (8 * i);
        return value;
    }
    std::string string() { return std::string(view()); }
    // A string as a view of the bytes being read (the parameters', whose bytes the snapshot keeps).
    std::string_view view()
    {
        const std::uint32_t size = u32();
        if (!need(size))
            return {};
        const std::string_view value = in_.substr(0, size);
        in_.remove_prefix(size);
        return value;
    }
    Sha256 digest()
    {
        Sha256 value{};
        if (!need(value.size()))
            return value;
        std::memcpy(value.data(), in_.data(), value.size());
        in_.remove_prefix(value.size());
        return value;
    }
    std::vector<std::string> strings()
    {
        std::vector<std::string> list(count(4));
        for (std::string& item : list)
            item = string();
        return list;
    }
    // An element count, bounded by what is left (each element takes at least `min_size`).
    std::size_t count(std::size_t min_size)
    {
        const std::uint32_t value = u32();
        if (static_cast<std::uint64_t>(value) * min_size > in_.size()) {
            bad_ = true;
            return 0;
        }
        return value;
    }
    std::string_view take(std::uint64_t size)
    {
        if (!need(size))
            return {};
        std::string_view value = in_.substr(0, size);
        in_.remove_prefix(size);
        return value;
    }

private:
    bool need(std::uint64_t size)
    {
        if (bad_ || size > in_.size()) {
            bad_ = true;
            return false;
        }
        return true;
    }

    std::string_view in_;
    bool bad_ = false;
};

// The restriction section (man/mf-snapshot.5, "4 restrictions").
void encode_location(const SnapshotLocation& where, Writer& w)
{
    w.string(where.file);
    w.u32(where.line);
    w.u32(where.column);
}

void encode_restriction_argument(const SnapshotRestrictionArgument& a, Writer& w)
{
    using Kind = SnapshotRestrictionArgument::Kind;
    w.u8(static_cast<std::uint8_t>(a.kind));
    if (a.kind == Kind::none)
        return;
    w.string(a.text);
    encode_location(a.location, w);
    switch (a.kind) {
    case Kind::none:
        break;
    case Kind::table:
        w.string(a.table_type);
        w.string(a.table_name);
        w.u8(a.proxied ? 1 : 0);
        w.u32(a.table_index);
        break;
    case Kind::policy_service:
        w.string(a.endpoint);
        w.u32(static_cast<std::uint32_t>(a.attributes.size()));
        for (const auto& [name, value] : a.attributes) {
            w.string(name);
            w.string(value);
        }
        break;
    case Kind::dnsxl_domain:
        w.string(a.domain);
        w.string(a.reply_filter);
        break;
    case Kind::seconds:
        w.u32(a.seconds);
        break;
    }
}

void encode_restriction_list(const SnapshotRestrictionList& list, Writer& w)
{
    w.u8(static_cast<std::uint8_t>((list.restriction_class ? 1 : 0) | (list.explicitly_set ? 2 : 0)));
    w.string(list.service);
    w.string(list.parameter);
    encode_location(list.location, w);
    w.u32(static_cast<std::uint32_t>(list.entries.size()));
    for (const SnapshotRestrictionEntry& e : list.entries) {
        w.u8(static_cast<std::uint8_t>(e.kind));
        w.u16(static_cast<std::uint16_t>(e.id));
        w.string(e.name);
        encode_location(e.location, w);
        w.u32(e.class_index);
        encode_restriction_argument(e.argument, w);
    }
}

constexpr std::size_t location_min_size = 4 + 4 + 4;
constexpr std::size_t restriction_list_min_size = 1 + 4 + 4 + location_min_size + 4;
constexpr std::size_t restriction_entry_min_size = 1 + 2 + 4 + location_min_size + 4 + 1;

SnapshotLocation decode_location(Reader& r)
{
    SnapshotLocation where;
    where.file = r.string();
    where.line = r.u32();
    where.column = r.u32();
    return where;
}

bool decode_restriction_argument(Reader& r, SnapshotRestrictionArgument& a)
{
    using Kind = SnapshotRestrictionArgument::Kind;
    const std::uint8_t kind = r.u8();
    if (kind > static_cast<std::uint8_t>(Kind::seconds))
        return false;
    a.kind = static_cast<Kind>(kind);
    if (a.kind == Kind::none)
        return true;
    a.text = r.string();
    a.location = decode_location(r);
    switch (a.kind) {
    case Kind::none:
        break;
    case Kind::table:
        a.table_type = r.string();
        a.table_name = r.string();
        a.proxied = r.u8() != 0;
        a.table_index = r.u32();
        break;
    case Kind::policy_service:
        a.endpoint = r.string();
        a.attributes.resize(r.count(8));
        for (auto& [name, value] : a.attributes) {
            name = r.string();
            value = r.string();
        }
        break;
    case Kind::dnsxl_domain:
        a.domain = r.string();
        a.reply_filter = r.string();
        break;
    case Kind::seconds:
        a.seconds = r.u32();
        break;
    }
    return true;
}

bool decode_restriction_list(Reader& r, SnapshotRestrictionList& list)
{
    using Kind = SnapshotRestrictionEntry::Kind;
    const std::uint8_t flags = r.u8();
    if (flags > 3)
        return false;
    list.restriction_class = flags & 1;
    list.explicitly_set = flags & 2;
    list.service = r.string();
    list.parameter = r.string();
    list.location = decode_location(r);
    list.entries.resize(r.count(restriction_entry_min_size));
    for (SnapshotRestrictionEntry& e : list.entries) {
        const std::uint8_t kind = r.u8();
        if (kind < static_cast<std::uint8_t>(Kind::restriction) ||
            kind > static_cast<std::uint8_t>(Kind::unknown))
            return false;
        e.kind = static_cast<Kind>(kind);
        e.id = static_cast<RestrictionId>(r.u16());
        if (e.id != RestrictionId::none && !find_restriction(e.id))
            return false; // a restriction this mfd does not know
        if (e.kind == Kind::restriction && e.id == RestrictionId::none)
            return false;
        e.name = r.string();
        e.location = decode_location(r);
        e.class_index = r.u32();
        if (!decode_restriction_argument(r, e.argument))
            return false;
    }
    return !r.bad();
}

// Indexes between sections can only be checked once every section is read.
std::optional<std::string> restriction_link_problem(const Snapshot& s)
{
    using Kind = SnapshotRestrictionEntry::Kind;
    for (const SnapshotRestrictionList& list : s.restrictions)
        for (const SnapshotRestrictionEntry& e : list.entries) {
            if (e.kind == Kind::restriction_class &&
                (e.class_index >= s.restrictions.size() ||
                 !s.restrictions[e.class_index].restriction_class ||
                 s.restrictions[e.class_index].service != list.service ||
                 s.restrictions[e.class_index].parameter != e.name))
                return "restriction " + e.name + " in " + list.parameter +
                       " points at no restriction class of its service";
            if (e.kind != Kind::restriction_class && e.class_index != snapshot_no_index)
                return "restriction " + e.name + " in " + list.parameter +
                       " is not a class but points at one";
            const std::uint32_t table = e.argument.table_index;
            if (table != snapshot_no_index &&
                (e.argument.kind != SnapshotRestrictionArgument::Kind::table ||
                 table >= s.tables.size()))
                return "restriction " + e.name + " in " + list.parameter +
                       " points at table " + std::to_string(table) + ", which is not there";
        }
    return std::nullopt;
}

// The body goes straight into `body` (which holds the header already): no section is built
// apart and copied.
void encode_body(const Snapshot& snapshot, Writer& body)
{
    {
        Writer& w = body;
        const std::size_t start = w.begin_section(section_sources);
        w.u32(static_cast<std::uint32_t>(snapshot.sources.size()));
        for (const SnapshotSource& source : snapshot.sources) {
            w.string(source.path);
            w.u64(source.size);
            w.digest(source.digest);
        }
        w.end_section(start);
    }
    {
        Writer& w = body;
        const std::size_t start = w.begin_section(section_parameters);
        w.u32(static_cast<std::uint32_t>(snapshot.parameters.size()));
        for (const SnapshotParameter& p : snapshot.parameters) {
            w.string(p.name);
            w.u8(static_cast<std::uint8_t>(p.type));
            w.u8(static_cast<std::uint8_t>((p.explicitly_set ? 1 : 0) | (p.implemented ? 2 : 0)));
            w.string(p.raw);
            w.string(p.value);
        }
        w.end_section(start);
    }
    {
        Writer& w = body;
        const std::size_t start = w.begin_section(section_services);
        w.u32(static_cast<std::uint32_t>(snapshot.services.size()));
        for (const SnapshotService& s : snapshot.services) {
            w.string(s.name);
            w.string(s.type);
            w.u8(static_cast<std::uint8_t>((s.private_service ? 1 : 0) | (s.unprivileged ? 2 : 0) |
                                           (s.chroot ? 4 : 0) | (s.wakeup_if_used ? 8 : 0)));
            w.u32(s.wakeup);
            w.u32(s.process_limit);
            w.string(s.command);
            w.strings(s.arguments);
            w.u32(static_cast<std::uint32_t>(s.overrides.size()));
            for (const SnapshotOverride& o : s.overrides) {
                w.string(o.name);
                w.string(o.raw);
                w.string(o.value);
            }
        }
        w.end_section(start);
    }
    {
        Writer& w = body;
        const std::size_t start = w.begin_section(section_restrictions);
        w.u32(static_cast<std::uint32_t>(snapshot.restrictions.size()));
        for (const SnapshotRestrictionList& list : snapshot.restrictions)
            encode_restriction_list(list, w);
        w.end_section(start);
    }
    {
        Writer& w = body;
        const std::size_t start = w.begin_section(section_tables);
        w.u32(static_cast<std::uint32_t>(snapshot.tables.size()));
        for (const SnapshotTable& t : snapshot.tables) {
            w.string(t.parameter);
            w.string(t.type);
            w.string(t.name);
            w.string(t.file);
            w.u64(t.size);
            w.u64(static_cast<std::uint64_t>(t.mtime));
            w.u64(t.inode);
            w.digest(t.digest);
        }
        w.end_section(start);
    }
    {
        Writer& w = body;
        const std::size_t start = w.begin_section(section_tls);
        w.u32(static_cast<std::uint32_t>(snapshot.tls.size()));
        for (const SnapshotTlsMaterial& m : snapshot.tls) {
            w.u8(static_cast<std::uint8_t>(m.kind));
            w.string(m.service);
            w.string(m.parameter);
            w.string(m.server_name);
            w.string(m.path);
            w.string(m.bytes);
        }
        w.end_section(start);
    }
}

bool decode_section(std::uint32_t tag, std::string_view content, Snapshot& out)
{
    Reader r(content);
    switch (tag) {
    case section_sources:
        out.sources.resize(r.count(4 + 8 + 32));
        for (SnapshotSource& source : out.sources) {
            source.path = r.string();
            source.size = r.u64();
            source.digest = r.digest();
        }
        break;
    case section_parameters:
        out.parameters.resize(r.count(4 + 2 + 4 + 4));
        for (SnapshotParameter& p : out.parameters) {
            p.name = r.view();
            const std::uint8_t type = r.u8();
            if (type > static_cast<std::uint8_t>(ParamType::unknown))
                return false;
            p.type = static_cast<ParamType>(type);
            const std::uint8_t flags = r.u8();
            p.explicitly_set = flags & 1;
            p.implemented = flags & 2;
            p.raw = r.view();
            p.value = r.view();
        }
        break;
    case section_services:
        out.services.resize(r.count(4 * 6 + 1));
        for (SnapshotService& s : out.services) {
            s.name = r.string();
            s.type = r.string();
            const std::uint8_t flags = r.u8();
            s.private_service = flags & 1;
            s.unprivileged = flags & 2;
            s.chroot = flags & 4;
            s.wakeup_if_used = flags & 8;
            s.wakeup = r.u32();
            s.process_limit = r.u32();
            s.command = r.string();
            s.arguments = r.strings();
            s.overrides.resize(r.count(12));
            for (SnapshotOverride& o : s.overrides) {
                o.name = r.string();
                o.raw = r.string();
                o.value = r.string();
            }
        }
        break;
    case section_restrictions:
        out.restrictions.resize(r.count(restriction_list_min_size));
        for (SnapshotRestrictionList& list : out.restrictions)
            if (!decode_restriction_list(r, list))
                return false;
        break;
    case section_tables:
        out.tables.resize(r.count(16 + 24 + 32));
        for (SnapshotTable& t : out.tables) {
            t.parameter = r.string();
            t.type = r.string();
            t.name = r.string();
            t.file = r.string();
            t.size = r.u64();
            t.mtime = static_cast<std::int64_t>(r.u64());
            t.inode = r.u64();
            t.digest = r.digest();
        }
        break;
    case section_tls:
        out.tls.resize(r.count(1 + 5 * 4));
        for (SnapshotTlsMaterial& m : out.tls) {
            const std::uint8_t kind = r.u8();
            if (kind < 1 || kind > 3)
                return false;
            m.kind = static_cast<SnapshotTlsMaterial::Kind>(kind);
            m.service = r.string();
            m.parameter = r.string();
            m.server_name = r.string();
            m.path = r.string();
            m.bytes = r.string();
        }
        break;
    default:
        return true; // a section from a later minor revision: skipped
    }
    return !r.bad() && r.done();
}

} // namespace

Sha256 sha256(std::string_view bytes)
{
    Sha256 digest{};
    SHA256_CTX context;
    SHA256_Init(&context);
    SHA256_Update(&context, bytes.data(), bytes.size());
    SHA256_Final(digest.data(), &context);
    return digest;
}

std::string hex(const Sha256& digest)
{
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    for (unsigned char byte : digest) {
        out += digits[byte >> 4];
        out += digits[byte & 15];
    }
    return out;
}

const SnapshotParameter* Snapshot::parameter(std::string_view name) const
{
    auto it = std::lower_bound(parameters.begin(), parameters.end(), name,
                               [](const SnapshotParameter& p, std::string_view key) {
                                   return p.name < key;
                               });
    return it != parameters.end() && it->name == name ? &*it : nullptr;
}

std::string_view Snapshot::keep(std::string text)
{
    return kept_->emplace_back(std::move(text));
}

bool Snapshot::holds_private_key() const
{
    return std::any_of(tls.begin(), tls.end(), [](const SnapshotTlsMaterial& m) {
        return m.kind == SnapshotTlsMaterial::Kind::private_key;
    });
}

std::string encode_snapshot(const Snapshot& snapshot)
{
    // One buffer, reserved up front for the parameters (nearly all of it) and as much again
    // for the other sections: growing it would copy it and touch twice its memory, whereas
    // reserved pages cost nothing until written. The header's body size and digest are filled
    // in once the body is there.
    std::size_t parameter_bytes = 0;
    for (const SnapshotParameter& p : snapshot.parameters)
        parameter_bytes += 14 + p.name.size() + p.raw.size() + p.value.size();
    Writer out;
    out.bytes().reserve(2 * parameter_bytes + 65536);
    out.bytes().append(snapshot_magic, sizeof snapshot_magic);
    out.u32(snapshot_format_version);
    out.u32(snapshot.holds_private_key() ? flag_private_key : 0);
    out.u64(0);
    out.digest(Sha256{});
    encode_body(snapshot, out);
    const std::string_view body = std::string_view(out.bytes()).substr(header_size);
    out.patch_u64(header_size - 32 - 8, body.size());
    const Sha256 digest = sha256(body);
    std::memcpy(out.bytes().data() + header_size - 32, digest.data(), digest.size());
    return std::move(out.bytes());
}

Result<std::shared_ptr<const Snapshot>> decode_snapshot(std::string_view bytes)
{
    if (bytes.size() < sizeof snapshot_magic ||
        std::memcmp(bytes.data(), snapshot_magic, sizeof snapshot_magic) != 0)
        return fail("not an mfcc snapshot (bad magic)");
    if (bytes.size() < header_size)
        return fail("truncated snapshot: the header is incomplete");
    Reader header(bytes.substr(sizeof snapshot_magic, header_size - sizeof snapshot_magic));
    const std::uint32_t version = header.u32();
    header.u32(); // flags: informative; the TLS section says what is there
    const std::uint64_t body_size = header.u64();
    const Sha256 digest = header.digest();
    if (version != snapshot_format_version)
        return fail("snapshot format version " + std::to_string(version) + " is not supported (this mfcc reads version " +
                    std::to_string(snapshot_format_version) + "); recompile it with this mfcc");
    const std::string_view body = bytes.substr(header_size);
    if (body.size() < body_size)
        return fail("truncated snapshot: " + std::to_string(body.size()) + " of " +
                    std::to_string(body_size) + " body bytes");
    if (body.size() > body_size)
        return fail("corrupt snapshot: " + std::to_string(body.size() - body_size) +
                    " bytes after the end of the body");
    if (sha256(body) != digest)
        return fail("corrupt snapshot: the body's SHA-256 does not match the header");
    auto snapshot = std::make_shared<Snapshot>();
    // The parameters view their texts in this copy of the body, which the snapshot keeps.
    Reader sections(snapshot->keep(std::string(body)));
    while (!sections.done()) {
        const std::uint32_t tag = sections.u32();
        const std::uint64_t size = sections.u64();
        const std::string_view content = sections.take(size);
        if (sections.bad() || !decode_section(tag, content, *snapshot))
            return fail("corrupt snapshot: section " + std::to_string(tag) + " is malformed");
    }
    if (auto problem = restriction_link_problem(*snapshot))
        return fail("corrupt snapshot: " + *problem);
    return std::shared_ptr<const Snapshot>(std::move(snapshot));
}

Result<void> write_snapshot(const Snapshot& snapshot, const std::string& path)
{
    const std::string bytes = encode_snapshot(snapshot);
    auto file = AtomicFile::create(path, snapshot.holds_private_key() ? 0600 : 0644);
    if (!file)
        return tl::unexpected(file.error());
    if (auto written = file->write(bytes); !written)
        return written;
    return file->commit();
}

Result<std::shared_ptr<const Snapshot>> read_snapshot(const std::string& path)
{
    // Far above a snapshot with thousands of embedded certificates, and a bound when the path
    // names a device or a pipe that never ends (/dev/zero).
    constexpr std::size_t snapshot_file_limit = std::size_t{1} << 30;
    const auto bytes = read_file(path, snapshot_file_limit);
    if (!bytes)
        return fail("cannot read snapshot " + bytes.error().message);
    auto snapshot = decode_snapshot(*bytes);
    if (!snapshot)
        return fail(path + ": " + snapshot.error().message);
    return snapshot;
}

} // namespace mf::compiler
