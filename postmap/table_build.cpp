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

std::vector<std::uint32_t> all_indices(std::size_t count)
{
    std::vector<std::uint32_t> indices(count);
    for (std::size_t i = 0; i < count; ++i)
        indices[i] = static_cast<std::uint32_t>(i);
    return indices;
}

// 64-bit FNV-1a: only for finding equal keys, never stored.
std::uint64_t key_hash(std::string_view key)
{
    std::uint64_t h = 14695981039346656037ull;
    for (unsigned char c : key) {
        h ^= c;
        h *= 1099511628211ull;
    }
    return h;
}

// The entries to store, in source order, after postmap's duplicate policy: the first of
// equal keys wins (with a warning by default, silently with -w), or the last with -r.
// An open-addressing table of entry indices finds equal keys in one pass.
std::vector<std::uint32_t> resolve_duplicates(
    const std::vector<std::string_view>& keys, const std::vector<TableEntry>& source,
    DuplicatePolicy policy, std::vector<std::pair<std::uint32_t, std::string>>& warnings)
{
    std::size_t capacity = 16;
    while (capacity < keys.size() * 2)
        capacity <<= 1;
    // A slot holds an entry index and the upper half of its key's hash, so most probes that
    // hit another key are told apart without touching the key bytes.
    constexpr std::uint32_t empty = 0xFFFFFFFFu;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> slots(capacity, {empty, 0});
    std::vector<bool> chosen(keys.size(), false);
    for (std::uint32_t i = 0; i < keys.size(); ++i) {
        std::uint64_t hash = key_hash(keys[i]);
        auto tag = static_cast<std::uint32_t>(hash >> 32);
        std::size_t slot = hash & (capacity - 1);
        while (slots[slot].first != empty &&
               (slots[slot].second != tag || keys[slots[slot].first] != keys[i]))
            slot = (slot + 1) & (capacity - 1);
        if (slots[slot].first == empty) {
            slots[slot] = {i, tag};
            chosen[i] = true;
            continue;
        }
        std::uint32_t first = slots[slot].first;
        if (policy == DuplicatePolicy::replace) {
            chosen[first] = false;
            chosen[i] = true;
            slots[slot].first = i;
        } else if (policy == DuplicatePolicy::warn_keep_first) {
            warnings.emplace_back(source[i].line, "duplicate entry: \"" + std::string(keys[i]) +
                                                      "\" -- keeping the first value");
        }
    }
    std::vector<std::uint32_t> kept;
    kept.reserve(keys.size());
    for (std::uint32_t i = 0; i < keys.size(); ++i)
        if (chosen[i])
            kept.push_back(i);
    return kept;
}

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

// For writers that want their entries sorted: the kept entries in (rank, key) order, with
// duplicates resolved as resolve_duplicates() does. Ranks are integers, so the big sort
// compares integers only; keys are compared only within runs of equal rank.
std::vector<std::uint32_t> ordered_unique(
    const std::vector<std::string_view>& keys, const std::vector<TableEntry>& source,
    const TableWriter& writer, DuplicatePolicy policy,
    std::vector<std::pair<std::uint32_t, std::string>>& warnings)
{
    std::vector<std::pair<std::uint64_t, std::uint32_t>> ranked(keys.size());
    for (std::uint32_t i = 0; i < keys.size(); ++i)
        ranked[i] = {writer.rank(keys[i]), i};
    std::sort(ranked.begin(), ranked.end());
    std::vector<std::uint32_t> kept;
    kept.reserve(keys.size());
    auto by_key = [&](const auto& a, const auto& b) {
        if (int order = keys[a.second].compare(keys[b.second]); order != 0)
            return order < 0;
        return a.second < b.second;
    };
    for (std::size_t begin = 0; begin < ranked.size();) {
        std::size_t end = begin + 1;
        while (end < ranked.size() && ranked[end].first == ranked[begin].first)
            ++end;
        if (end - begin > 1)
            std::sort(ranked.begin() + begin, ranked.begin() + end, by_key);
        // Within the run, equal keys are now adjacent and in source order.
        for (std::size_t i = begin; i < end;) {
            std::size_t same = i + 1;
            while (same < end && keys[ranked[same].second] == keys[ranked[i].second])
                ++same;
            kept.push_back(ranked[policy == DuplicatePolicy::replace ? same - 1 : i].second);
            if (policy == DuplicatePolicy::warn_keep_first)
                for (std::size_t k = i + 1; k < same; ++k)
                    warnings.emplace_back(source[ranked[k].second].line,
                                          "duplicate entry: \"" +
                                              std::string(keys[ranked[k].second]) +
                                              "\" -- keeping the first value");
            i = same;
        }
        begin = end;
    }
    return kept;
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
    std::vector<std::string_view> keys(source.size());
    WriteStats stats;
    std::string scratch;
    for (std::size_t i = 0; i < source.size(); ++i) {
        std::string_view key = source[i].key;
        if (options.fold_case && needs_folding(key, options.utf8_fold)) {
            scratch.clear();
            append_folded(key, options.utf8_fold, scratch);
            key = folded_keys.copy(scratch);
        }
        keys[i] = key;
        stats.key_bytes += key.size();
        stats.value_bytes += source[i].value.size();
    }
    report_progress(options, 0.1);

    // cdb with -w keeps every duplicate record, as tinycdb's CDB_PUT_ADD does for postmap.
    bool keep_all = table.type == "cdb" && options.duplicates == DuplicatePolicy::ignore;
    std::vector<std::pair<std::uint32_t, std::string>> warnings;
    std::vector<std::uint32_t> kept;
    if ((*writer)->ordered()) {
        // The writer needs its order anyway: sorting by (rank, source position) puts equal
        // keys side by side in source order, and duplicates are resolved on the way.
        stats.entries = source.size();
        if (auto started = (*writer)->start(stats); !started)
            return tl::unexpected(started.error());
        kept = ordered_unique(keys, source, **writer, options.duplicates, warnings);
    } else {
        kept = keep_all ? all_indices(source.size())
                        : resolve_duplicates(keys, source, options.duplicates, warnings);
        stats.entries = kept.size();
        if (auto started = (*writer)->start(stats); !started)
            return tl::unexpected(started.error());
    }
    report.duplicates = source.size() - kept.size();
    report_progress(options, 0.3);

    std::size_t step = std::max<std::size_t>(kept.size() / 50, 1);
    for (std::size_t i = 0; i < kept.size(); ++i) {
        std::uint32_t index = kept[i];
        if (auto added = (*writer)->add(keys[index], source[index].value); !added)
            return tl::unexpected(added.error());
        if (i % step == 0) {
            report_progress(options, 0.3 + 0.6 * static_cast<double>(i) / kept.size());
            // Start writing back what the writer has flushed so far, so the final fsync does
            // not wait for the whole file at once.
            ::sync_file_range(temporary->fd(), 0, 0, SYNC_FILE_RANGE_WRITE);
        }
    }
    report.records = kept.size();
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
