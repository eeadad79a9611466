// See dict_lmdb.hpp. Locking: the environment is opened MDB_NOTLS, so each lookup runs in its
// own short read-only transaction from any thread; MDB_NOLOCK is safe because our writers never
// modify a table file in place (they rename a new one over it) and real postmap writes under an
// exclusive flock() that lookups honour with a shared one. Building: entries arrive sorted by
// key and go in with MDB_APPEND, committed every few megabytes, with one sync at the end.
#include "postmap/dict_lmdb.hpp"

#include <lmdb.h>
#include <sys/file.h>
#include <sys/stat.h>

#include <cstring>
#include <optional>

#include "postmap/case_fold.hpp"
#include "postmap/file_lock.hpp"
#include "postmap/nul_probe.hpp"

namespace mf::maps {

namespace {

struct EnvCloser {
    void operator()(MDB_env* env) const { mdb_env_close(env); }
};
using EnvHandle = std::unique_ptr<MDB_env, EnvCloser>;

struct CursorCloser {
    void operator()(MDB_cursor* cursor) const { mdb_cursor_close(cursor); }
};
using CursorHandle = std::unique_ptr<MDB_cursor, CursorCloser>;

// A transaction that is aborted unless committed.
class Txn {
public:
    Txn() = default;
    Txn(const Txn&) = delete;
    Txn& operator=(const Txn&) = delete;
    ~Txn() { abort(); }
    int begin(MDB_env* env, unsigned flags) { return mdb_txn_begin(env, nullptr, flags, &txn_); }
    MDB_txn* get() const { return txn_; }
    int commit()
    {
        int status = mdb_txn_commit(txn_);
        txn_ = nullptr;
        return status;
    }
    void abort()
    {
        if (txn_ != nullptr)
            mdb_txn_abort(txn_);
        txn_ = nullptr;
    }

private:
    MDB_txn* txn_ = nullptr;
};

MDB_val bytes_val(std::string_view bytes)
{
    return MDB_val{bytes.size(), const_cast<char*>(bytes.data())};
}

std::string lmdb_error(const std::string& path, const char* what, int status)
{
    return std::string(what) + " " + path + ": " + mdb_strerror(status);
}

class LmdbDict final : public Dict {
public:
    LmdbDict(std::string name, std::string path, EnvHandle env, MDB_dbi dbi,
             const DictOptions& options, bool writable)
        : Dict(std::move(name)), path_(std::move(path)), env_(std::move(env)), dbi_(dbi),
          options_(options), probe_(options.nul), writable_(writable)
    {
        mdb_env_get_fd(env_.get(), &fd_);
    }

    LookupResult lookup(std::string_view key) const override
    {
        std::string folded_key;
        key = query_key(key, options_, folded_key);
        std::optional<FlockGuard> lock;
        if (options_.lock_per_lookup)
            lock.emplace(fd_, LOCK_SH);
        std::string error;
        auto value = probe_.lookup(key, [&](std::string_view bytes) -> std::optional<std::string> {
            Txn own;
            MDB_txn* txn = write_txn_.get();
            if (txn == nullptr) {
                int status = own.begin(env_.get(), MDB_RDONLY);
                if (status != 0) {
                    error = lmdb_error(path_, "read", status);
                    return std::nullopt;
                }
                txn = own.get();
            }
            MDB_val k = bytes_val(bytes), v;
            int status = mdb_get(txn, dbi_, &k, &v);
            if (status == MDB_NOTFOUND)
                return std::nullopt;
            if (status != 0) {
                error = lmdb_error(path_, "read", status);
                return std::nullopt;
            }
            return std::string(static_cast<const char*>(v.mv_data), v.mv_size);
        });
        if (!error.empty())
            return LookupResult::try_again(error);
        if (!value)
            return LookupResult::not_found();
        return LookupResult::found(std::move(*value));
    }

    Result<UpdateOutcome> update(std::string_view key, std::string_view value,
                                 DuplicatePolicy policy) override
    {
        if (auto opened = open_write_txn(); !opened)
            return tl::unexpected(opened.error());
        std::string stored_key = stored(key, true), stored_value = stored(value, false);
        MDB_val k = bytes_val(stored_key), v = bytes_val(stored_value);
        int status = mdb_put(write_txn_.get(), dbi_, &k, &v,
                             policy == DuplicatePolicy::replace ? 0 : MDB_NOOVERWRITE);
        if (status == MDB_KEYEXIST)
            return UpdateOutcome::kept_existing;
        if (status != 0)
            return fail(lmdb_error(path_, "update", status));
        return UpdateOutcome::stored;
    }

    Result<bool> remove(std::string_view key) override
    {
        if (auto opened = open_write_txn(); !opened)
            return tl::unexpected(opened.error());
        std::string stored_key = stored(key, true);
        MDB_val k = bytes_val(stored_key);
        int status = mdb_del(write_txn_.get(), dbi_, &k, nullptr);
        if (status == MDB_NOTFOUND && options_.nul == NulMode::probe) {
            stored_key.pop_back();
            k = bytes_val(stored_key);
            status = mdb_del(write_txn_.get(), dbi_, &k, nullptr);
        }
        if (status == MDB_NOTFOUND)
            return false;
        if (status != 0)
            return fail(lmdb_error(path_, "delete from", status));
        return true;
    }

    Result<void> commit() override
    {
        if (write_txn_.get() == nullptr)
            return {};
        int status = write_txn_.commit();
        if (status == 0)
            status = mdb_env_sync(env_.get(), 1);
        if (status != 0)
            return fail(lmdb_error(path_, "write", status));
        return {};
    }

    Result<void> sequence(const EntryVisitor& each) const override
    {
        std::optional<FlockGuard> lock;
        if (options_.lock_per_lookup)
            lock.emplace(fd_, LOCK_SH);
        Txn txn;
        int status = txn.begin(env_.get(), MDB_RDONLY);
        MDB_cursor* cursor = nullptr;
        if (status == 0)
            status = mdb_cursor_open(txn.get(), dbi_, &cursor);
        if (status != 0)
            return fail(lmdb_error(path_, "read", status));
        std::unique_ptr<MDB_cursor, void (*)(MDB_cursor*)> cursor_owner(cursor, mdb_cursor_close);
        MDB_val k, v;
        for (status = mdb_cursor_get(cursor, &k, &v, MDB_FIRST); status == 0;
             status = mdb_cursor_get(cursor, &k, &v, MDB_NEXT)) {
            if (!each(without_trailing_nul({static_cast<const char*>(k.mv_data), k.mv_size}),
                      without_trailing_nul({static_cast<const char*>(v.mv_data), v.mv_size})))
                return {};
        }
        if (status != MDB_NOTFOUND)
            return fail(lmdb_error(path_, "read", status));
        return {};
    }

private:
    Result<void> open_write_txn()
    {
        if (!writable_)
            return fail(path_ + ": table is open read-only");
        if (write_txn_.get() != nullptr)
            return {};
        int status = write_txn_.begin(env_.get(), 0);
        if (status != 0)
            return fail(lmdb_error(path_, "update", status));
        return {};
    }

    std::string stored(std::string_view text, bool is_key) const
    {
        std::string out;
        if (is_key && options_.fold_case)
            append_folded(text, options_.utf8_fold, out);
        else
            out.assign(text);
        if (probe_.mode() != NulMode::without_nul)
            out.push_back('\0');
        return out;
    }

    std::string path_;
    EnvHandle env_;
    MDB_dbi dbi_;
    DictOptions options_;
    mutable NulProbe probe_;
    bool writable_;
    Txn write_txn_;
    int fd_ = -1;
};

Result<EnvHandle> create_env(const std::string& path, std::size_t map_size)
{
    MDB_env* raw = nullptr;
    int status = mdb_env_create(&raw);
    if (status != 0)
        return fail(lmdb_error(path, "open database", status));
    EnvHandle env(raw);
    if (map_size != 0) {
        status = mdb_env_set_mapsize(raw, map_size);
        if (status != 0)
            return fail(lmdb_error(path, "open database", status));
    }
    return env;
}

// Room for the data with B-tree overhead, at least the 16 MiB Postfix starts with.
std::size_t map_size_for(std::size_t bytes)
{
    std::size_t size = bytes * 3 + (64u << 20);
    return (size + 4095) & ~std::size_t(4095);
}

class LmdbWriter final : public TableWriter {
public:
    LmdbWriter(std::string path, bool nul) : path_(std::move(path)), nul_(nul) {}

    Result<void> start(const WriteStats& stats) override
    {
        auto env = create_env(path_, map_size_for(stats.key_bytes + stats.value_bytes +
                                                   stats.entries * 32));
        if (!env)
            return tl::unexpected(env.error());
        env_ = std::move(*env);
        int status = mdb_env_open(env_.get(), path_.c_str(),
                                  MDB_NOSUBDIR | MDB_NOLOCK | MDB_NOSYNC, 0644);
        if (status == 0)
            status = txn_.begin(env_.get(), 0);
        if (status == 0)
            status = mdb_dbi_open(txn_.get(), nullptr, MDB_CREATE, &dbi_);
        if (status == 0)
            status = open_cursor();
        if (status != 0)
            return fail(lmdb_error(path_, "open database", status));
        return {};
    }

    std::uint64_t rank(std::string_view key) const override { return key_prefix_rank(key); }

    // Appends through one cursor that stays on the last leaf (no search from the root per
    // record); the value is written straight into its place (MDB_RESERVE).
    Result<void> add(std::string_view key, std::string_view value) override
    {
        std::size_t extra = nul_ ? 1 : 0;
        key_.assign(key);
        if (nul_)
            key_.push_back('\0');
        MDB_val k = bytes_val(key_);
        MDB_val v{value.size() + extra, nullptr};
        int status = mdb_cursor_put(cursor_.get(), &k, &v, MDB_APPEND | MDB_RESERVE);
        if (status != 0)
            return fail(lmdb_error(path_, "write", status));
        std::memcpy(v.mv_data, value.data(), value.size());
        if (nul_)
            static_cast<char*>(v.mv_data)[value.size()] = '\0';
        uncommitted_ += k.mv_size + v.mv_size + 16;
        if (uncommitted_ < commit_bytes)
            return {};
        // A transaction keeps its dirty pages in memory until it commits: commit every few
        // megabytes, so memory stays small whatever the table's size and the kernel can write
        // the file back while the build goes on. Durability still comes from the one sync in
        // finish(), before the builder renames the file into place.
        uncommitted_ = 0;
        cursor_.reset();
        status = txn_.commit();
        if (status == 0)
            status = txn_.begin(env_.get(), 0);
        if (status == 0)
            status = open_cursor();
        if (status != 0)
            return fail(lmdb_error(path_, "write", status));
        return {};
    }

    Result<void> add_raw(std::string_view key, std::string_view value) override
    {
        return put(key, value, 0);
    }

    Result<void> finish() override
    {
        cursor_.reset();
        int status = txn_.commit();
        if (status == 0)
            status = mdb_env_sync(env_.get(), 1);
        env_.reset();
        if (status != 0)
            return fail(lmdb_error(path_, "write", status));
        return {};
    }

private:
    static constexpr std::size_t commit_bytes = 16u << 20;

    int open_cursor()
    {
        MDB_cursor* cursor = nullptr;
        int status = mdb_cursor_open(txn_.get(), dbi_, &cursor);
        cursor_.reset(cursor);
        return status;
    }

    Result<void> put(std::string_view key, std::string_view value, unsigned flags)
    {
        MDB_val k = bytes_val(key), v = bytes_val(value);
        int status = mdb_put(txn_.get(), dbi_, &k, &v, flags);
        if (status != 0)
            return fail(lmdb_error(path_, "write", status));
        return {};
    }

    std::string path_;
    bool nul_;
    EnvHandle env_;
    Txn txn_;
    MDB_dbi dbi_ = 0;
    CursorHandle cursor_; // closed before its transaction ends
    std::size_t uncommitted_ = 0; // bytes added since the last commit
    std::string key_;
};

} // namespace

Result<std::unique_ptr<Dict>> open_lmdb_dict(std::string name, const std::string& path,
                                             const DictOptions& options, bool writable)
{
    struct stat info;
    if (::stat(path.c_str(), &info) != 0)
        return fail("open database " + path + ": " + std::strerror(errno));
    auto env = create_env(path, writable ? map_size_for(static_cast<std::size_t>(info.st_size))
                                         : 0);
    if (!env)
        return tl::unexpected(env.error());
    unsigned flags = MDB_NOSUBDIR | MDB_NOLOCK | (writable ? 0u : (MDB_RDONLY | MDB_NOTLS));
    int status = mdb_env_open(env->get(), path.c_str(), flags, 0644);
    Txn txn;
    MDB_dbi dbi = 0;
    if (status == 0)
        status = txn.begin(env->get(), MDB_RDONLY);
    if (status == 0)
        status = mdb_dbi_open(txn.get(), nullptr, 0, &dbi);
    if (status == 0)
        status = txn.commit();
    if (status != 0)
        return fail(lmdb_error(path, "open database", status));
    return std::unique_ptr<Dict>(std::make_unique<LmdbDict>(std::move(name), path,
                                                             std::move(*env), dbi, options,
                                                             writable));
}

std::unique_ptr<TableWriter> make_lmdb_writer(std::string path, bool nul)
{
    return std::make_unique<LmdbWriter>(std::move(path), nul);
}

} // namespace mf::maps
