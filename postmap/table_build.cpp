// See table_build.hpp. Steps: fold keys; rank every entry for the writer; sort by (rank, key,
// source order) in bounded memory (record_sorter.hpp, which sorts and spills full arenas on a
// second thread while this one parses) so duplicates sit together in source order; merge the
// sorted runs on a second thread while this one resolves duplicates and writes into the
// temporary file (record_pipe.hpp); fsync and rename under the target's flock.
#include "postmap/table_build.hpp"

#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <fcntl.h>

#include <signal.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <cerrno>
#include <cstring>

#include "postmap/case_fold.hpp"
#include "postmap/record_pipe.hpp"
#include "postmap/record_sorter.hpp"
#include "postmap/registry.hpp"
#include "util/atomic_file.hpp"
#include "util/unique_fd.hpp"

namespace mf::maps {

namespace {

// Memory for sorting the entries; more goes to scratch files (record_sorter.hpp).
constexpr std::size_t sort_memory = 4u << 20;

// An exclusive flock() on the current target file, if there is one. Real postmap locks the
// same file while rewriting it in place, so the two serialise; a rebuild that finds the target
// replaced after waiting for the lock locks the new file instead.
Result<UniqueFd> lock_target(const std::string& file)
{
    for (int attempt = 0; attempt < 100; ++attempt) {
        UniqueFd fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC));
        if (!fd) {
            if (errno == ENOENT)
                return UniqueFd();
            return fail("open database " + file + ": " + std::strerror(errno));
        }
        while (::flock(fd.get(), LOCK_EX) != 0)
            if (errno != EINTR)
                return fail("lock " + file + ": " + std::strerror(errno));
        struct stat locked, current;
        if (::fstat(fd.get(), &locked) == 0 && ::stat(file.c_str(), &current) == 0 &&
            locked.st_ino == current.st_ino && locked.st_dev == current.st_dev)
            return fd;
    }
    return fail("lock " + file + ": the file keeps being replaced");
}

// Temporary files of builds that were killed (SIGKILL, power loss) are named
// TARGET.tmp.PID.N; once that process is gone, nobody will ever commit them.
void remove_stale_temporaries(const std::string& file)
{
    std::filesystem::path target(file);
    std::filesystem::path directory = target.parent_path().empty() ? "." : target.parent_path();
    std::string prefix = target.filename().string() + ".tmp.";
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(directory, error)) {
        std::string name = entry.path().filename().string();
        if (name.compare(0, prefix.size(), prefix) != 0)
            continue;
        char* end = nullptr;
        long pid = std::strtol(name.c_str() + prefix.size(), &end, 10);
        if (pid <= 0 || *end != '.' || pid == ::getpid())
            continue;
        if (::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH)
            std::filesystem::remove(entry.path(), error);
    }
}

struct Ownership {
    mode_t mode = 0644;
    bool change_owner = false;
    uid_t uid = 0;
    gid_t gid = 0;
};

// spec D.5: an existing table keeps its mode and owner; a new one gets 0644 narrowed by the
// source's missing group/other read bits, and the source's owner when we run as root. cdb
// tables are always new ones (`keep_existing` false): postmap writes them anew and renames.
Ownership ownership_for(const std::string& file, const BuildOptions& options, bool keep_existing)
{
    Ownership result;
    struct stat existing;
    if (keep_existing && ::stat(file.c_str(), &existing) == 0) {
        result.mode = existing.st_mode & 07777;
        if (::geteuid() == 0) {
            result.change_owner = true;
            result.uid = existing.st_uid;
            result.gid = existing.st_gid;
        }
        return result;
    }
    struct stat source;
    if (options.source_path && ::stat(options.source_path->c_str(), &source) == 0) {
        if (!options.plain_mode)
            result.mode = 0644 & ~(~source.st_mode & 044);
        if (::geteuid() == 0 && !options.keep_root_owner && source.st_uid != 0) {
            result.change_owner = true;
            result.uid = source.st_uid;
            result.gid = source.st_gid;
        }
    }
    return result;
}

void report_progress(const BuildOptions& options, double done)
{
    if (options.on_progress)
        options.on_progress(done);
}

// What is reported for an entry dropped because an earlier one has the same key.
std::string duplicate_warning(std::string_view key)
{
    return "duplicate entry: \"" + std::string(key) + "\" -- keeping the first value";
}

// Resolves duplicates on the sorted stream (equal keys arrive together, in source order) and
// hands the survivors to the writer: postmap keeps the first of equal keys (with a warning by
// default, silently with -w) or the last (-r); cdb with -w keeps them all, as tinycdb's
// CDB_PUT_ADD does for postmap.
class DuplicateFilter {
public:
    DuplicateFilter(TableWriter& writer, DuplicatePolicy policy, bool keep_all)
        : writer_(writer), policy_(policy), keep_all_(keep_all)
    {
    }

    Result<void> add(const SortedRecord& record)
    {
        if (keep_all_)
            return stored(record.key, record.value);
        bool same = have_ && record.key == key_;
        if (policy_ == DuplicatePolicy::replace) {
            if (same) {
                value_.assign(record.value);
                ++duplicates_;
                return {};
            }
            if (auto flushed = flush(); !flushed)
                return flushed;
            have_ = true;
            key_.assign(record.key);
            value_.assign(record.value);
            return {};
        }
        if (same) {
            ++duplicates_;
            if (policy_ == DuplicatePolicy::warn_keep_first)
                warnings_.emplace_back(record.line, duplicate_warning(key_));
            return {};
        }
        have_ = true;
        key_.assign(record.key);
        return stored(record.key, record.value);
    }

    // The pending last value of -r.
    Result<void> flush()
    {
        if (policy_ != DuplicatePolicy::replace || !have_)
            return {};
        have_ = false;
        return stored(key_, value_);
    }

    std::size_t records() const { return records_; }
    std::size_t duplicates() const { return duplicates_; }
    std::vector<std::pair<std::uint32_t, std::string>>& warnings() { return warnings_; }

private:
    Result<void> stored(std::string_view key, std::string_view value)
    {
        ++records_;
        return writer_.add(key, value);
    }

    TableWriter& writer_;
    DuplicatePolicy policy_;
    bool keep_all_;
    bool have_ = false;
    std::string key_, value_;
    std::size_t records_ = 0;
    std::size_t duplicates_ = 0;
    std::vector<std::pair<std::uint32_t, std::string>> warnings_;
};

std::string directory_of(const std::string& path)
{
    std::string directory = std::filesystem::path(path).parent_path().string();
    return directory.empty() ? "." : directory;
}

// What the entries became: records stored, entries dropped as duplicates, and the warnings
// (source line, message) to report.
struct Written {
    std::size_t records = 0;
    std::size_t duplicates = 0;
    std::vector<std::pair<std::uint32_t, std::string>> warnings;
};

// Names the source line an error is about, as postmap's warnings do.
std::string at_line(const BuildOptions& options, std::uint32_t line, const std::string& message)
{
    if (!options.source_path || line == 0)
        return message;
    return *options.source_path + ", line " + std::to_string(line) + ": " + message;
}

// The key as stored: folded unless -f.
std::string_view stored_key(const BuildOptions& options, std::string_view key,
                            std::string& folded)
{
    if (!options.fold_case || !needs_folding(key, options.utf8_fold))
        return key;
    folded.clear();
    append_folded(key, options.utf8_fold, folded);
    return folded;
}

// The general path: every entry is ranked and sorted, then merged (on a second thread) into
// the writer, duplicates resolved on the way. `fd` is the table file's, for early writeback.
Result<Written> write_sorted(TableWriter& writer, const EntrySource& entries,
                             const BuildOptions& options, bool keep_all, int fd,
                             const std::string& scratch_directory)
{
    // Read every entry once: fold its key, rank it for the writer, and sort.
    RecordSorter sorter(scratch_directory, sort_memory);
    Result<void> sorted;
    std::string folded_key;
    std::size_t progress_step = std::max<std::size_t>(entries.estimate.entries / 25, 1);
    auto produced = entries.produce([&](std::string_view key, std::string_view value,
                                        std::uint32_t line) {
        if (!sorted)
            return;
        key = stored_key(options, key, folded_key);
        sorted = sorter.add(writer.rank(key), key, value, line);
        if (!sorted)
            sorted = fail(at_line(options, line, sorted.error().message));
        if (sorter.size() % progress_step == 0)
            report_progress(options, std::min(0.5, 0.5 * static_cast<double>(sorter.size()) /
                                                       static_cast<double>(progress_step * 25)));
    });
    if (!produced)
        return tl::unexpected(produced.error());
    if (!sorted)
        return tl::unexpected(sorted.error());
    report_progress(options, 0.5);

    // Write them in the writer's order, duplicates resolved on the way.
    DuplicateFilter filter(writer, options.duplicates, keep_all);
    std::size_t total = sorter.size(), done = 0;
    std::size_t step = std::max<std::size_t>(total / 50, 1);
    auto merge = [&sorter](const RecordSorter::Visitor& put) { return sorter.merge(put); };
    auto merged = pipe_records(merge, [&](const SortedRecord& record) -> Result<void> {
        if (++done % step == 0) {
            report_progress(options, 0.5 + 0.45 * static_cast<double>(done) / total);
            // Start writing back what the writer has flushed so far, so the final fsync does
            // not wait for the whole file at once.
            ::sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
        }
        return filter.add(record);
    });
    if (!merged)
        return tl::unexpected(merged.error());
    if (auto flushed = filter.flush(); !flushed)
        return tl::unexpected(flushed.error());
    for (const auto& [key, value] : options.raw_records)
        if (auto added = writer.add_raw(key, value); !added)
            return tl::unexpected(added.error());
    if (auto finished = writer.finish(); !finished)
        return tl::unexpected(finished.error());
    Written written;
    written.records = filter.records() + options.raw_records.size();
    written.duplicates = filter.duplicates();
    written.warnings = std::move(filter.warnings());
    return written;
}

// The path of writers that take source order (cdb): no sort; the writer finds duplicates.
Result<Written> write_in_source_order(TableWriter& writer, const EntrySource& entries,
                                      const BuildOptions& options, bool keep_all, int fd)
{
    Result<void> added;
    std::string folded_key;
    std::size_t count = 0;
    std::size_t step = std::max<std::size_t>(entries.estimate.entries / 50, 1);
    auto produced = entries.produce([&](std::string_view key, std::string_view value,
                                        std::uint32_t line) {
        if (!added)
            return;
        added = writer.add_in_source_order(stored_key(options, key, folded_key), value, line);
        if (++count % step == 0) {
            report_progress(options, std::min(0.9, 0.9 * static_cast<double>(count) /
                                                       static_cast<double>(step * 50)));
            ::sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
        }
    });
    if (!produced)
        return tl::unexpected(produced.error());
    if (!added)
        return tl::unexpected(added.error());
    for (const auto& [key, value] : options.raw_records)
        if (auto raw = writer.add_raw(key, value); !raw)
            return tl::unexpected(raw.error());
    Written written;
    DuplicateRules rules;
    rules.policy = options.duplicates;
    rules.keep_all = keep_all;
    rules.dropped = [&](std::uint32_t line, std::string_view key) {
        if (options.duplicates == DuplicatePolicy::warn_keep_first)
            written.warnings.emplace_back(line, duplicate_warning(key));
    };
    auto dropped = writer.finish_source_order(rules);
    if (!dropped)
        return tl::unexpected(dropped.error());
    written.records = count - *dropped + options.raw_records.size();
    written.duplicates = *dropped;
    return written;
}

} // namespace

Result<BuildReport> build_table(const std::string& table_text, const EntrySource& entries,
                                const BuildOptions& options, const std::string& default_type)
{
    TableRef table = parse_table_ref(table_text, default_type);
    const TableType* type = find_table_type(table.type);
    if (type == nullptr)
        return fail("unsupported dictionary type: " + table.type);
    if (!type->buildable)
        return fail("unsupported dictionary type: " + table.type +
                    " does not support bulk-mode creation.");
    bool nul = options.nul.value_or(type->nul_by_default);
    BuildReport report;
    report.file = table_file(table);

    auto lock = lock_target(report.file);
    if (!lock)
        return tl::unexpected(lock.error());
    remove_stale_temporaries(report.file);
    Ownership ownership = ownership_for(report.file, options, table.type != "cdb");
    auto temporary = AtomicFile::create(report.file, ownership.mode);
    if (!temporary)
        return tl::unexpected(temporary.error());
    if (ownership.change_owner && ::fchown(temporary->fd(), ownership.uid, ownership.gid) != 0)
        return fail("chown " + temporary->temporary_path() + ": " + std::strerror(errno));

    auto writer = make_table_writer(table, temporary->temporary_path(), nul);
    if (!writer)
        return tl::unexpected(writer.error());
    if (auto started = (*writer)->start(entries.estimate); !started)
        return tl::unexpected(started.error());

    bool keep_all = table.type == "cdb" && options.duplicates == DuplicatePolicy::ignore;
    auto written = (*writer)->takes_source_order()
                       ? write_in_source_order(**writer, entries, options, keep_all,
                                               temporary->fd())
                       : write_sorted(**writer, entries, options, keep_all, temporary->fd(),
                                      directory_of(temporary->temporary_path()));
    if (!written)
        return tl::unexpected(written.error());
    report.records = written->records;
    report.duplicates = written->duplicates;
    if (auto committed = temporary->commit(); !committed)
        return tl::unexpected(committed.error());
    report_progress(options, 1.0);

    if (options.on_warning) {
        auto& warnings = written->warnings;
        std::stable_sort(warnings.begin(), warnings.end(),
                         [](const auto& a, const auto& b) { return a.first < b.first; });
        for (const auto& [line, message] : warnings)
            options.on_warning(line, message);
    }
    return report;
}

Result<BuildReport> build_table(const std::string& table, const TableEntries& entries,
                                const BuildOptions& options, const std::string& default_type)
{
    EntrySource source;
    for (const TableEntry& entry : entries.entries()) {
        source.estimate.key_bytes += entry.key.size();
        source.estimate.value_bytes += entry.value.size();
    }
    source.estimate.entries = entries.size();
    source.produce = [&entries](const EntrySink& sink) -> Result<void> {
        for (const TableEntry& entry : entries.entries())
            sink(entry.key, entry.value, entry.line);
        return {};
    };
    return build_table(table, source, options, default_type);
}

Result<BuildReport> build_table(const std::string& table,
                                const std::vector<std::pair<std::string, std::string>>& entries,
                                const BuildOptions& options, const std::string& default_type)
{
    TableEntries collected;
    collected.reserve(entries.size());
    for (const auto& [key, value] : entries)
        collected.add_view(key, value);
    return build_table(table, collected, options, default_type);
}

} // namespace mf::maps
