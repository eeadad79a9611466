// See table_build.hpp. Steps: fold keys; rank every entry for the writer; sort by (rank, key,
// source order) so duplicates sit together in source order; resolve duplicates; write into
// the temporary file; fsync and rename under the target's flock. Memory is one small record
// per entry plus the folded keys that differ from the source.
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
#include "postmap/registry.hpp"
#include "util/atomic_file.hpp"
#include "util/unique_fd.hpp"

namespace mf::maps {

namespace {

// Everything the write loop needs, so it walks one array in order instead of jumping around
// the entries.
struct Prepared {
    std::uint64_t rank;
    std::string_view key;
    std::string_view value;
    std::uint32_t line;
    std::uint32_t index;
};

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
// source's missing group/other read bits, and the source's owner when we run as root.
Ownership ownership_for(const std::string& file, const BuildOptions& options)
{
    Ownership result;
    struct stat existing;
    if (::stat(file.c_str(), &existing) == 0) {
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

} // namespace

Result<BuildReport> build_table(const std::string& table_text, const TableEntries& entries,
                                const BuildOptions& options, const std::string& default_type)
{
    TableRef table = parse_table_ref(table_text, default_type);
    const TableType* type = find_table_type(table.type);
    if (type == nullptr)
        return fail("unsupported dictionary type: " + table.type);
    if (!type->buildable)
        return fail("unsupported dictionary type for building: " + table.type);
    bool nul = options.nul.value_or(type->nul_by_default);
    BuildReport report;
    report.file = table_file(table);

    auto lock = lock_target(report.file);
    if (!lock)
        return tl::unexpected(lock.error());
    remove_stale_temporaries(report.file);
    Ownership ownership = ownership_for(report.file, options);
    auto temporary = AtomicFile::create(report.file, ownership.mode);
    if (!temporary)
        return tl::unexpected(temporary.error());
    if (ownership.change_owner && ::fchown(temporary->fd(), ownership.uid, ownership.gid) != 0)
        return fail("chown " + temporary->temporary_path() + ": " + std::strerror(errno));

    auto writer = make_table_writer(table, temporary->temporary_path(), nul);
    if (!writer)
        return tl::unexpected(writer.error());

    // Folded keys that differ from their source live in `folded_keys`.
    const std::vector<TableEntry>& source = entries.entries();
    TableEntries folded_keys;
    std::vector<Prepared> order;
    order.reserve(source.size());
    WriteStats stats;
    std::string scratch;
    for (std::uint32_t i = 0; i < source.size(); ++i) {
        std::string_view key = source[i].key;
        if (options.fold_case && needs_folding(key, options.utf8_fold)) {
            scratch.clear();
            append_folded(key, options.utf8_fold, scratch);
            key = folded_keys.copy(scratch);
        }
        order.push_back({0, key, source[i].value, source[i].line, i});
        stats.key_bytes += key.size();
        stats.value_bytes += source[i].value.size();
    }
    stats.entries = source.size();
    if (auto started = (*writer)->start(stats); !started)
        return tl::unexpected(started.error());
    for (Prepared& entry : order)
        entry.rank = (*writer)->rank(entry.key);
    report_progress(options, 0.1);
    std::sort(order.begin(), order.end(), [](const Prepared& a, const Prepared& b) {
        if (a.rank != b.rank)
            return a.rank < b.rank;
        if (int order = a.key.compare(b.key); order != 0)
            return order < 0;
        return a.index < b.index;
    });
    report_progress(options, 0.3);

    // cdb with -w keeps every duplicate record, as tinycdb's CDB_PUT_ADD does for postmap.
    bool keep_all = table.type == "cdb" && options.duplicates == DuplicatePolicy::ignore;
    std::vector<std::pair<std::uint32_t, std::string>> warnings;
    std::size_t step = std::max<std::size_t>(order.size() / 50, 1);
    for (std::size_t i = 0; i < order.size();) {
        std::size_t end = i + 1;
        while (end < order.size() && order[end].rank == order[i].rank &&
               order[end].key == order[i].key)
            ++end;
        std::size_t chosen = options.duplicates == DuplicatePolicy::replace ? end - 1 : i;
        for (std::size_t k = i; k < end; ++k) {
            if (!keep_all && k != chosen) {
                ++report.duplicates;
                if (options.duplicates == DuplicatePolicy::warn_keep_first)
                    warnings.emplace_back(order[k].line,
                                          "duplicate entry: \"" + std::string(order[k].key) +
                                              "\" -- keeping the first value");
                continue;
            }
            if (auto added = (*writer)->add(order[k].key, order[k].value); !added)
                return tl::unexpected(added.error());
            ++report.records;
        }
        if (i / step != end / step)
            report_progress(options, 0.3 + 0.6 * static_cast<double>(end) / order.size());
        i = end;
    }
    if (!options.raw_records.empty()) {
        for (const auto& [key, value] : options.raw_records) {
            if (auto added = (*writer)->add_raw(key, value); !added)
                return tl::unexpected(added.error());
            ++report.records;
        }
    }
    if (auto finished = (*writer)->finish(); !finished)
        return tl::unexpected(finished.error());
    if (auto committed = temporary->commit(); !committed)
        return tl::unexpected(committed.error());
    report_progress(options, 1.0);

    if (options.on_warning) {
        std::stable_sort(warnings.begin(), warnings.end(),
                         [](const auto& a, const auto& b) { return a.first < b.first; });
        for (const auto& [line, message] : warnings)
            options.on_warning(line, message);
    }
    return report;
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
