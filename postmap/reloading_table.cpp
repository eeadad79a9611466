// See reloading_table.hpp.
#include "postmap/reloading_table.hpp"

#include <sys/stat.h>

namespace mf::maps {

namespace {

long long now_ns()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

bool identify(const std::string& file, ReloadingTable::FileIdentity& identity)
{
    struct stat info;
    if (::stat(file.c_str(), &info) != 0)
        return false;
    identity = {info.st_dev, info.st_ino, info.st_size,
                static_cast<long long>(info.st_mtim.tv_sec) * 1000000000LL + info.st_mtim.tv_nsec};
    return true;
}

// The file a table type reads, or empty when it reads none.
std::string file_of(const TableRef& table)
{
    if (table.type == "inline" || table.type == "static")
        return {};
    return table_file(table);
}

} // namespace

ReloadingTable::ReloadingTable(TableRef table, DictOptions options, std::string file,
                               std::chrono::milliseconds interval)
    : table_(std::move(table)), options_(options), file_(std::move(file)), interval_(interval)
{
}

Result<std::unique_ptr<ReloadingTable>> ReloadingTable::open(const std::string& text,
                                                             const DictOptions& options,
                                                             std::chrono::milliseconds interval)
{
    TableRef table = parse_table_ref(text, "hash");
    std::string file = file_of(table);
    std::unique_ptr<ReloadingTable> reloading(
        new ReloadingTable(table, options, file, interval));
    // Identify before opening: if the file is replaced in between, the next check reopens.
    if (!file.empty())
        identify(file, reloading->identity_);
    auto dict = open_table(table, options);
    if (!dict)
        return tl::unexpected(dict.error());
    reloading->dict_ = std::shared_ptr<const Dict>(std::move(*dict));
    reloading->next_check_ns_ = now_ns() + interval.count() * 1000000LL;
    return reloading;
}

std::shared_ptr<const Dict> ReloadingTable::current() const
{
    check_for_replacement();
    std::lock_guard<std::mutex> lock(mutex_);
    return dict_;
}

LookupResult ReloadingTable::lookup(std::string_view key) const
{
    return current()->lookup(key);
}

void ReloadingTable::check_for_replacement() const
{
    if (file_.empty())
        return;
    long long now = now_ns();
    long long due = next_check_ns_.load(std::memory_order_relaxed);
    if (now < due)
        return;
    // One thread checks; the others go on with the table they have.
    if (!next_check_ns_.compare_exchange_strong(due, now + interval_.count() * 1000000LL))
        return;
    FileIdentity seen;
    if (!identify(file_, seen))
        return;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if (seen == identity_)
            return;
    }
    auto dict = open_table(table_, options_);
    if (!dict)
        return;
    std::lock_guard<std::mutex> lock(mutex_);
    dict_ = std::shared_ptr<const Dict>(std::move(*dict));
    identity_ = seen;
    ++reloads_;
}

} // namespace mf::maps
