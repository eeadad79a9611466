// See dict_db.hpp. Reading: read-only tables are looked up by our own page readers
// (db_hash_reader.hpp, db_btree_reader.hpp) with pread() on libdb's descriptor, which keeps a
// bulk query's memory at a page or two where libdb needs its cache or a mapping of the whole
// file; libdb still opens the table (and lists it, and reads any layout ours refuse). Locking:
// the readers keep no state between lookups; the DB handle is opened DB_THREAD (free-threaded,
// unless the caller promises one thread: DictOptions::concurrent_lookups) and every get asks
// libdb for a malloc'ed copy of the value (DB_DBT_MALLOC), so lookups from many threads need
// no lock of ours. Building (fresh files only; updates go through libdb): a hash table's entries
// arrive in bucket order (rank below) and our own page writer (db_hash_writer.hpp) writes each
// bucket once, in a table sized up front, without libdb's bucket splits as it grows; a
// btree's entries arrive in key order and our page writer (db_btree_writer.hpp) lays the tree
// out directly, without libdb's search from the root for every record.
#include "postmap/dict_db.hpp"

#include <db.h>
#include <fcntl.h>
#include <sys/file.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <vector>

#include "postmap/case_fold.hpp"
#include "postmap/db_btree_reader.hpp"
#include "postmap/db_btree_writer.hpp"
#include "postmap/db_hash_reader.hpp"
#include "postmap/db_hash_writer.hpp"
#include "postmap/file_lock.hpp"
#include "postmap/nul_probe.hpp"

namespace mf::maps {

namespace {

struct DbCloser {
    void operator()(DB* db) const { db->close(db, 0); }
};
using DbHandle = std::unique_ptr<DB, DbCloser>;

struct EnvCloser {
    void operator()(DB_ENV* env) const { env->close(env, 0); }
};
using EnvHandle = std::unique_ptr<DB_ENV, EnvCloser>;

struct CursorCloser {
    void operator()(DBC* cursor) const { cursor->close(cursor); }
};
using CursorHandle = std::unique_ptr<DBC, CursorCloser>;

struct MallocFree {
    void operator()(void* p) const { std::free(p); }
};

const char* kind_name(DbKind kind) { return kind == DbKind::hash ? "hash" : "btree"; }

DBTYPE db_type(DbKind kind) { return kind == DbKind::hash ? DB_HASH : DB_BTREE; }

// libdb prints its own diagnostics to stderr unless told otherwise; our callers get the
// status code and say what failed themselves.
void ignore_libdb_message(const DB_ENV*, const char*, const char*) {}

Result<DbHandle> create_handle()
{
    DB* raw = nullptr;
    int status = db_create(&raw, nullptr, 0);
    if (status != 0)
        return fail(std::string("db_create: ") + db_strerror(status));
    raw->set_errcall(raw, ignore_libdb_message);
    return DbHandle(raw);
}

DBT bytes_dbt(std::string_view bytes)
{
    DBT dbt;
    std::memset(&dbt, 0, sizeof dbt);
    dbt.data = const_cast<char*>(bytes.data());
    dbt.size = static_cast<u_int32_t>(bytes.size());
    return dbt;
}

class DbDict final : public Dict {
public:
    DbDict(DbKind kind, std::string name, std::string path, EnvHandle env, DbHandle db,
           const DictOptions& options, bool writable)
        : Dict(std::move(name)), path_(std::move(path)), env_(std::move(env)), db_(std::move(db)),
          options_(options), probe_(options.nul)
    {
        db_->fd(db_.get(), &fd_);
        if (writable)
            return;
        // Lookups need not stamp the table's access time, a measurable share of each read
        // (allowed to the file's owner only; others keep the default).
        int flags = ::fcntl(fd_, F_GETFL);
        if (flags >= 0)
            ::fcntl(fd_, F_SETFL, flags | O_NOATIME);
        // Our own readers on libdb's descriptor (the same file whatever happens to the path);
        // the btree's internal pages are cached only while nobody can rewrite the file.
        if (kind == DbKind::hash)
            hash_reader_ = DbHashReader::open(fd_);
        else
            btree_reader_ = DbBtreeReader::open(fd_, !options.lock_per_lookup);
    }

    LookupResult lookup(std::string_view key) const override
    {
        std::string folded_key;
        key = query_key(key, options_, folded_key);
        std::optional<FlockGuard> lock;
        if (options_.lock_per_lookup)
            lock.emplace(fd_, LOCK_SH);
        if (hash_reader_ || btree_reader_)
            return read_without_libdb(key);
        std::string error;
        auto value = probe_.lookup(key, [&](std::string_view bytes) -> std::optional<std::string> {
            DBT k = bytes_dbt(bytes);
            DBT v;
            std::memset(&v, 0, sizeof v);
            v.flags = DB_DBT_MALLOC;
            int status = db_->get(db_.get(), nullptr, &k, &v, 0);
            if (status == DB_NOTFOUND)
                return std::nullopt;
            if (status != 0) {
                error = path_ + ": " + db_strerror(status);
                return std::nullopt;
            }
            std::unique_ptr<void, MallocFree> owned(v.data);
            return std::string(static_cast<const char*>(v.data), v.size);
        });
        if (!error.empty())
            return LookupResult::try_again(error);
        if (!value)
            return LookupResult::not_found();
        return LookupResult::found(std::move(*value));
    }

    // Through our readers, one key after the other, with one buffer for every folded key and
    // value instead of strings per answer.
    void lookup_batch(std::span<const std::string_view> keys,
                      const BatchVisitor& each) const override
    {
        if ((!hash_reader_ && !btree_reader_) || options_.lock_per_lookup) {
            Dict::lookup_batch(keys, each);
            return;
        }
        std::string folded_key, value, reason;
        for (std::size_t i = 0; i < keys.size(); ++i) {
            folded_key.clear();
            bool corrupt = false;
            bool found = find_without_libdb(query_key(keys[i], options_, folded_key), value,
                                            corrupt);
            BatchAnswer answer{LookupStatus::not_found, {}};
            if (corrupt) {
                reason = corrupt_reason();
                answer = {LookupStatus::try_again, reason};
            } else if (found) {
                answer = {LookupStatus::found, value};
            }
            if (!each(i, answer))
                return;
        }
    }

    Result<UpdateOutcome> update(std::string_view key, std::string_view value,
                                 DuplicatePolicy policy) override
    {
        std::string stored_key = stored(key, true);
        std::string stored_value = stored(value, false);
        DBT k = bytes_dbt(stored_key);
        DBT v = bytes_dbt(stored_value);
        int status = db_->put(db_.get(), nullptr, &k, &v,
                              policy == DuplicatePolicy::replace ? 0 : DB_NOOVERWRITE);
        if (status == DB_KEYEXIST)
            return UpdateOutcome::kept_existing;
        if (status != 0)
            return fail(path_ + ": cannot update: " + db_strerror(status));
        return UpdateOutcome::stored;
    }

    Result<bool> remove(std::string_view key) override
    {
        std::string stored_key = stored(key, true);
        DBT k = bytes_dbt(stored_key);
        int status = db_->del(db_.get(), nullptr, &k, 0);
        if (status == DB_NOTFOUND) {
            // The other NUL convention, as lookups probe both.
            if (options_.nul == NulMode::probe && !stored_key.empty() && stored_key.back() == '\0') {
                stored_key.pop_back();
                k = bytes_dbt(stored_key);
                status = db_->del(db_.get(), nullptr, &k, 0);
            }
            if (status == DB_NOTFOUND)
                return false;
        }
        if (status != 0)
            return fail(path_ + ": cannot delete: " + db_strerror(status));
        return true;
    }

    Result<void> commit() override
    {
        int status = db_->sync(db_.get(), 0);
        if (status != 0)
            return fail(path_ + ": cannot write: " + db_strerror(status));
        return {};
    }

    Result<void> sequence(const EntryVisitor& each) const override
    {
        std::optional<FlockGuard> lock;
        if (options_.lock_per_lookup)
            lock.emplace(fd_, LOCK_SH);
        DBC* raw = nullptr;
        int status = db_->cursor(db_.get(), nullptr, &raw, 0);
        if (status != 0)
            return fail(path_ + ": cannot read: " + db_strerror(status));
        CursorHandle cursor(raw);
        for (;;) {
            DBT k, v;
            std::memset(&k, 0, sizeof k);
            std::memset(&v, 0, sizeof v);
            k.flags = DB_DBT_MALLOC;
            v.flags = DB_DBT_MALLOC;
            status = cursor->get(cursor.get(), &k, &v, DB_NEXT);
            if (status == DB_NOTFOUND)
                return {};
            if (status != 0)
                return fail(path_ + ": cannot read: " + db_strerror(status));
            std::unique_ptr<void, MallocFree> key_owned(k.data), value_owned(v.data);
            if (!each(without_trailing_nul({static_cast<const char*>(k.data), k.size}),
                      without_trailing_nul({static_cast<const char*>(v.data), v.size})))
                return {};
        }
    }

private:
    // lookup() through DbHashReader or DbBtreeReader. Without a lock held for the table's
    // whole life, each lookup reads the meta page again (a writer may have changed it).
    LookupResult read_without_libdb(std::string_view key) const
    {
        std::string value;
        bool corrupt = false;
        bool found = find_without_libdb(key, value, corrupt);
        if (corrupt)
            return LookupResult::try_again(corrupt_reason());
        if (!found)
            return LookupResult::not_found();
        return LookupResult::found(std::move(value));
    }

    // The value of the (folded) `key` by Postfix's NUL probing, into `value`; `corrupt` when a
    // page on the way was (which outweighs a value found by the other probe).
    bool find_without_libdb(std::string_view key, std::string& value, bool& corrupt) const
    {
        bool reread = options_.lock_per_lookup;
        return probe_.find(key, value, [&](std::string_view bytes, std::string& into) {
            PageLookup status = hash_reader_ ? hash_reader_->lookup(bytes, into, reread)
                                             : btree_reader_->lookup(bytes, into, reread);
            corrupt = corrupt || status == PageLookup::corrupt;
            return status == PageLookup::found;
        });
    }

    std::string corrupt_reason() const { return path_ + ": corrupt or changing database file"; }

    // Bytes as stored: folded (keys) and with the table's NUL convention.
    std::string stored(std::string_view text, bool is_key) const
    {
        std::string out;
        if (is_key && options_.fold_case)
            append_folded(text, options_.utf8_fold, out);
        else
            out.assign(text);
        NulMode mode = probe_.mode();
        if (mode != NulMode::without_nul)
            out.push_back('\0');
        return out;
    }

    std::string path_;
    EnvHandle env_; // outlives db_ (members are destroyed in reverse order)
    DbHandle db_;
    DictOptions options_;
    mutable NulProbe probe_;
    int fd_ = -1;
    std::optional<DbHashReader> hash_reader_;
    std::optional<DbBtreeReader> btree_reader_;
};

// The few add_raw() records (postalias's YP_ keys, stored without NUL and in no order) go in
// through libdb once our page writer has completed the file, as neither of its layouts can
// take them in place after the entries.
Result<void> put_through_libdb(const std::string& path, DbKind kind,
                               const std::vector<std::pair<std::string, std::string>>& records)
{
    if (records.empty())
        return {};
    auto db = create_handle();
    if (!db)
        return tl::unexpected(db.error());
    int status = (*db)->open(db->get(), nullptr, path.c_str(), nullptr, db_type(kind), 0, 0);
    for (const auto& [key, value] : records) {
        if (status != 0)
            break;
        DBT k = bytes_dbt(key);
        DBT v = bytes_dbt(value);
        status = (*db)->put(db->get(), nullptr, &k, &v, 0);
    }
    DB* raw = db->release();
    int closed = raw->close(raw, 0);
    if (status == 0)
        status = closed;
    if (status != 0)
        return fail("cannot write " + path + ": " + db_strerror(status));
    return {};
}

// A fresh table through one of our page writers (`Writer`: DbHashWriter or DbBtreeWriter);
// the subclass opens it (start) and orders the entries for it (rank).
template <typename Writer>
class PageTableWriter : public TableWriter {
public:
    PageTableWriter(std::string path, bool nul, DbKind kind)
        : path_(std::move(path)), nul_(nul), kind_(kind)
    {
    }

    Result<void> add(std::string_view key, std::string_view value) override
    {
        return writer_->add(key, value);
    }

    Result<void> add_raw(std::string_view key, std::string_view value) override
    {
        raw_.emplace_back(key, value);
        return {};
    }

    Result<void> finish() override
    {
        auto finished = writer_->finish();
        writer_.reset();
        if (!finished)
            return finished;
        return put_through_libdb(path_, kind_, raw_);
    }

protected:
    Result<void> opened(Result<Writer> writer)
    {
        if (!writer)
            return tl::unexpected(writer.error());
        writer_.emplace(std::move(*writer));
        return {};
    }

    std::string path_;
    bool nul_;

private:
    DbKind kind_;
    std::optional<Writer> writer_;
    std::vector<std::pair<std::string, std::string>> raw_;
};

// hash: the entries in bucket order, in a table whose shape (page size, bucket count) rank()
// needs from start() on.
class HashWriter final : public PageTableWriter<DbHashWriter> {
public:
    HashWriter(std::string path, bool nul) : PageTableWriter(std::move(path), nul, DbKind::hash) {}

    Result<void> start(const WriteStats& stats) override
    {
        shape_ = DbHashWriter::shape_for(stats.entries, stats.key_bytes, stats.value_bytes, nul_);
        return opened(DbHashWriter::open(path_, nul_, shape_));
    }

    std::uint64_t rank(std::string_view key) const override
    {
        std::uint32_t hash = DbHashWriter::stored_hash(key, nul_);
        return (std::uint64_t{DbHashWriter::bucket_of(hash, shape_.buckets)} << 32) | hash;
    }

private:
    DbHashWriter::Shape shape_{};
};

// btree: the entries sorted by key.
class BtreeWriter final : public PageTableWriter<DbBtreeWriter> {
public:
    BtreeWriter(std::string path, bool nul)
        : PageTableWriter(std::move(path), nul, DbKind::btree)
    {
    }

    Result<void> start(const WriteStats&) override
    {
        return opened(DbBtreeWriter::open(path_, nul_));
    }

    std::uint64_t rank(std::string_view key) const override { return key_prefix_rank(key); }
};

// A private environment per open table, as Postfix uses, homed in the table's directory (so a
// DB_CONFIG file there is honoured). Read-only tables are memory-mapped whatever their size:
// lookups then read the page cache directly instead of copying pages through libdb's cache
// with a system call each.
Result<EnvHandle> open_environment(const std::string& directory, bool writable, bool threads)
{
    DB_ENV* raw = nullptr;
    int status = db_env_create(&raw, 0);
    if (status != 0)
        return fail(std::string("db_env_create: ") + db_strerror(status));
    EnvHandle env(raw);
    raw->set_errcall(raw, ignore_libdb_message);
    raw->set_cachesize(raw, 0, writable ? (16u << 20) : (256u << 10), 1);
    if (!writable)
        raw->set_mp_mmapsize(raw, std::size_t(1) << 40);
    status = raw->open(raw, directory.c_str(),
                       DB_CREATE | DB_INIT_MPOOL | DB_PRIVATE | (threads ? DB_THREAD : 0u), 0);
    if (status != 0)
        return fail("open database environment " + directory + ": " + db_strerror(status));
    return env;
}

} // namespace

Result<std::unique_ptr<Dict>> open_db_dict(DbKind kind, std::string name, const std::string& path,
                                           const DictOptions& options, bool writable)
{
    auto slash = path.rfind('/');
    std::string directory = slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
    std::string file = slash == std::string::npos ? path : path.substr(slash + 1);
    bool threads = !writable && options.concurrent_lookups;
    auto env = open_environment(directory, writable, threads);
    if (!env)
        return tl::unexpected(env.error());
    DB* raw = nullptr;
    int status = db_create(&raw, env->get(), 0);
    if (status != 0)
        return fail(std::string("db_create: ") + db_strerror(status));
    DbHandle db(raw);
    u_int32_t flags = (writable ? 0 : DB_RDONLY) | (threads ? DB_THREAD : 0);
    status = db->open(db.get(), nullptr, file.c_str(), nullptr, db_type(kind), flags, 0);
    if (status != 0) {
        std::string reason = status == EINVAL ? "unexpected file type or format" :
                             status > 0       ? std::strerror(status)
                                              : db_strerror(status);
        return fail("open database " + path + ": " + reason + " (as " + kind_name(kind) + ")");
    }
    return std::unique_ptr<Dict>(
        std::make_unique<DbDict>(kind, std::move(name), path, std::move(*env), std::move(db),
                                 options, writable));
}

std::unique_ptr<TableWriter> make_db_writer(DbKind kind, std::string path, bool nul)
{
    if (kind == DbKind::btree)
        return std::make_unique<BtreeWriter>(std::move(path), nul);
    return std::make_unique<HashWriter>(std::move(path), nul);
}

} // namespace mf::maps
