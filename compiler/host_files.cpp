// --host-checks, files (see host_files.hpp). The trees are walked as postfix-script's find(1)
// commands walk them, so that each Postfix warning has its mfcc diagnostic at the same file:
// without -L (lstat, symbolic links not followed) for owners, with -L (stat, links followed,
// a dangling link as itself) for the configuration tree's write permissions.
#include "compiler/host_files.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "compiler/config_readers.hpp"
#include "compiler/diagnostic_codes.hpp"
#include "util/directory_names.hpp"
#include "util/read_to_end.hpp"

namespace mf::compiler {

namespace {

enum class Links { physical, logical };

bool status_of(const std::string& path, Links links, struct stat& info)
{
    if (links == Links::logical && ::stat(path.c_str(), &info) == 0)
        return true;
    return ::lstat(path.c_str(), &info) == 0;
}

// A folder's path in lexically normal form without a trailing slash, so that one folder has
// one spelling, and the path of a file below it minus the folder's is the file's path from
// the folder.
std::string folder(const std::string& path)
{
    std::string normal = std::filesystem::path(path).lexically_normal().string();
    while (normal.size() > 1 && normal.back() == '/')
        normal.pop_back();
    return normal;
}

std::string joined(const std::string& directory, const std::string& name)
{
    return directory.empty() || directory.back() == '/' ? directory + name
                                                        : directory + "/" + name;
}

// `root` and everything under it, each directory before its entries, in name order. Links
// are followed as `links` says, the root itself also when `follow_root` (find's operand
// "DIR/." is followed even without -L); a directory reached twice is walked once (find -L
// stops at a loop).
template <typename Visit>
void walk(const std::string& root, Links links, bool follow_root, Visit&& visit)
{
    std::set<std::pair<dev_t, ino_t>> walked;
    std::vector<std::string> pending{root};
    while (!pending.empty()) {
        const std::string path = std::move(pending.back());
        pending.pop_back();
        struct stat info {};
        if (!status_of(path, path == root && follow_root ? Links::logical : links, info))
            continue;
        visit(path, info);
        if (!S_ISDIR(info.st_mode) || !walked.emplace(info.st_dev, info.st_ino).second)
            continue;
        const std::vector<std::string> names = directory_names(path).value_or(
            std::vector<std::string>{}); // unreadable: find(1) says so and goes on
        for (auto name = names.rbegin(); name != names.rend(); ++name)
            pending.push_back(joined(path, *name));
    }
}

bool same_contents(const std::string& a, const std::string& b)
{
    std::ifstream first(a, std::ios::binary), second(b, std::ios::binary);
    if (!first || !second)
        return true; // cmp(1) fails, and postfix-script says nothing
    std::array<char, 65536> x{}, y{};
    while (first && second) {
        first.read(x.data(), x.size());
        second.read(y.data(), y.size());
        if (first.gcount() != second.gcount() ||
            !std::equal(x.begin(), x.begin() + first.gcount(), y.begin()))
            return false;
    }
    return first.eof() && second.eof();
}

std::string mode_text(mode_t mode)
{
    char text[8];
    std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode & 07777));
    return text;
}

constexpr mode_t group_or_other_write = S_IWGRP | S_IWOTH;

// The queue's directories that postsuper, run by postfix check as mail_owner, opens.
constexpr std::array<const char*, 8> postsuper_queues = {
    "maildrop", "incoming", "active", "deferred", "hold", "defer", "bounce", "flush"};
// The queue's directories whose trees postfix-script wants owned by mail_owner.
constexpr std::array<const char*, 12> mail_owner_queues = {
    "saved", "incoming", "active", "defer", "deferred", "bounce",
    "hold", "trace", "corrupt", "public", "private", "flush"};
// The folders of the chroot jail where Debian copies host files.
constexpr std::array<const char*, 5> jail_folders = {"bin", "etc", "lib", "sbin", "usr"};

class FileChecker {
public:
    FileChecker(const Configuration& config, DiagnosticSink& sink, const CheckOptions& options,
                const AccountDirectory& accounts)
        : config_(config), sink_(sink), options_(options)
    {
        mail_owner_name_ = config.expand("mail_owner");
        setgid_group_name_ = config.expand("setgid_group");
        mail_owner_ = accounts.user(mail_owner_name_);
        setgid_group_ = accounts.group(setgid_group_name_);
    }

    void run()
    {
        const bool shared = checks_shared_files();
        for (const std::string& root : root_owned_trees(shared))
            check_root_owned_tree(root);
        const std::string queue = directory("queue_directory");
        struct stat info {};
        if (::stat(queue.c_str(), &info) == 0 && S_ISDIR(info.st_mode))
            check_queue(queue);
        if (mail_owner_)
            check_data_directory(directory("data_directory"));
        if (shared) {
            check_submission_programs();
            check_sendmail_programs();
        }
    }

private:
    // A directory parameter's path on this host.
    std::string directory(const char* parameter) const
    {
        return folder(options_.resolve(config_.expand(parameter)));
    }

    // The configuration directory checked (where Postfix is told to look with -c), absolute as
    // Postfix's config_directory always is, so that the same folder reached as the
    // configuration directory and as meta_directory is walked once.
    std::string checked_directory() const
    {
        const std::string checked = config_.config_directory();
        return folder(std::filesystem::absolute(checked.empty() ? "." : checked).string());
    }

    // postfix-script leaves the files that instances share (Postfix's programs, the sendmail
    // programs) to the default instance, /etc/postfix: a configuration directory that its
    // main.cf lists in multi_instance_directories (postmulti's secondary instances) is checked
    // without them. The list is read as postfix-script reads it, unexpanded (postconf -h).
    bool checks_shared_files() const
    {
        const std::string default_directory = folder(options_.resolve("/etc/postfix"));
        const std::string checked = checked_directory();
        if (checked == default_directory)
            return true;
        const std::string default_main_cf = joined(default_directory, "main.cf");
        const Result<std::string> text = read_file(default_main_cf);
        if (!text)
            return true;
        std::vector<Setting> settings;
        DiagnosticSink not_this_configuration; // the default instance's own check reports them
        read_main_cf(default_main_cf, *text, settings, not_this_configuration);
        const auto instances =
            std::find_if(settings.rbegin(), settings.rend(), [](const Setting& setting) {
                return setting.name == "multi_instance_directories";
            });
        if (instances == settings.rend())
            return true;
        for (const std::string_view entry : split_list(instances->value))
            if (folder(options_.resolve(std::string(entry))) == checked)
                return false;
        return true;
    }

    // The configuration directory and, when `shared`, the directories of Postfix's programs,
    // each once, as postfix-script lists them.
    std::vector<std::string> root_owned_trees(bool shared) const
    {
        std::set<std::string> trees{checked_directory()};
        if (!shared)
            return {trees.begin(), trees.end()};
        for (const char* parameter : {"daemon_directory", "meta_directory", "shlib_directory"})
            if (const std::string path = directory(parameter); path != "no") // shlib_directory's
                trees.insert(path);
        return {trees.begin(), trees.end()};
    }

    void check_root_owned_tree(const std::string& root)
    {
        walk(root, Links::physical, true, [&](const std::string& path, const struct stat& info) {
            if (info.st_uid != 0)
                not_owned_by(path, info, "root");
            if (S_ISLNK(info.st_mode))
                check_symbolic_link(path);
        });
        walk(root, Links::logical, true, [&](const std::string& path, const struct stat& info) {
            struct stat own {};
            if (!(info.st_mode & group_or_other_write))
                return;
            const bool link = ::lstat(path.c_str(), &own) == 0 && S_ISLNK(own.st_mode) &&
                              !S_ISLNK(info.st_mode);
            writable(path, info, link ? " (the link's target)" : "",
                     "Postfix reads what is here as root");
        });
    }

    void check_symbolic_link(const std::string& path)
    {
        // postfix-script's own exception, a file of Postfix's installation.
        if (path == options_.resolve("/etc/postfix/makedefs.out"))
            return;
        std::array<char, 4096> target{};
        const ssize_t size = ::readlink(path.c_str(), target.data(), target.size() - 1);
        if (size <= 0 || std::string_view(target.data(), size).find('/') == std::string::npos)
            return;
        report(Severity::warning, path,
               "a symbolic link to " + std::string(target.data(), size) +
                   ", outside its directory: postfix check warns \"symlink leaves directory\"; "
                   "whoever may change the target changes what Postfix reads",
               code::host_symlink);
    }

    void check_queue(const std::string& queue)
    {
        for (const std::string& path : {queue, joined(queue, "pid")}) {
            struct stat info {};
            if (!status_of(path, path == queue ? Links::logical : Links::physical, info))
                continue;
            if (info.st_uid != 0)
                not_owned_by(path, info, "root");
            if (info.st_mode & group_or_other_write)
                writable(path, info, "", "the queue's top directory and pid/ are root's");
        }
        if (mail_owner_)
            check_queue_owners(queue, unopenable_queues(queue));
        for (const char* name : {"public", "maildrop"})
            check_setgid_group(joined(queue, name));
        check_jail_copies(queue);
        walk(joined(queue, "corrupt"), Links::physical, false,
             [&](const std::string& path, const struct stat& info) {
                 if (S_ISREG(info.st_mode))
                     report(Severity::warning, path,
                            "a damaged message, set aside in the corrupt queue: postfix check "
                            "warns \"damaged message\"; it was never delivered",
                            code::host_damaged_message);
             });
    }

    // The queue folders that postsuper, as mail_owner, cannot open, each reported as the error
    // postfix check stops with; or, when mail_owner cannot search the queue itself, that.
    std::set<std::string> unopenable_queues(const std::string& queue)
    {
        std::set<std::string> unopenable;
        if (!mail_owner_may(queue, S_IXUSR)) {
            report(Severity::error, queue,
                   "mail_owner " + mail_owner_name_ + " cannot search queue_directory: postfix "
                   "check stops (postsuper: \"scan_dir_push: open directory ...: Permission "
                   "denied\"), and so does every daemon that works in the queue",
                   code::host_queue_access);
            return unopenable;
        }
        for (const char* name : postsuper_queues) {
            const std::string path = joined(queue, name);
            if (mail_owner_may(path, S_IRUSR | S_IXUSR))
                continue;
            report(Severity::error, path,
                   "mail_owner " + mail_owner_name_ + " cannot open this queue directory: "
                   "postfix check stops (postsuper: \"scan_dir_push: open directory " +
                       std::string(name) + ": Permission denied\"), and so do the daemons "
                       "that use it",
                   code::host_queue_access);
            unopenable.insert(path);
        }
        return unopenable;
    }

    // mail_owner owns the queue folders' trees (pipes and sockets aside) and maildrop itself;
    // a folder already reported as unopenable is not reported again.
    void check_queue_owners(const std::string& queue, const std::set<std::string>& unopenable)
    {
        const auto owned = [&](const std::string& path, const struct stat& info) {
            if (!S_ISFIFO(info.st_mode) && !S_ISSOCK(info.st_mode) &&
                info.st_uid != mail_owner_->uid && !unopenable.count(path))
                not_owned_by(path, info, mail_owner_name_, "mail_owner");
        };
        for (const char* name : mail_owner_queues)
            walk(joined(queue, name), Links::physical, false, owned);
        const std::string maildrop = joined(queue, "maildrop");
        struct stat info {};
        if (::lstat(maildrop.c_str(), &info) == 0)
            owned(maildrop, info);
    }

    // Whether mail_owner, with its primary group only, has the `access` (owner bits: S_IRUSR,
    // S_IXUSR) to the directory `path` (true when it is not there, or not a directory: postfix
    // check creates a missing queue folder).
    bool mail_owner_may(const std::string& path, mode_t access) const
    {
        struct stat info {};
        if (::stat(path.c_str(), &info) != 0 || !S_ISDIR(info.st_mode))
            return true;
        const int shift = info.st_uid == mail_owner_->uid   ? 0
                          : info.st_gid == mail_owner_->gid ? 3
                                                            : 6;
        return ((info.st_mode << shift) & access) == access;
    }

    void check_jail_copies(const std::string& queue)
    {
        for (const char* folder : jail_folders) {
            const std::string root = joined(queue, folder);
            struct stat info {};
            if (::stat(root.c_str(), &info) != 0 || !S_ISDIR(info.st_mode))
                continue;
            walk(root, Links::physical, false, [&](const std::string& path,
                                                   const struct stat& entry) {
                if (entry.st_uid != 0)
                    not_owned_by(path, entry, "root");
                if (!S_ISREG(entry.st_mode))
                    return;
                const std::string original = options_.resolve(path.substr(queue.size()));
                struct stat host {};
                if (::stat(original.c_str(), &host) == 0 && S_ISREG(host.st_mode) &&
                    !same_contents(path, original))
                    report(Severity::warning, path,
                           "differs from " + original + ": postfix check warns (\"" + path +
                               " and " + original + " differ\"); the daemons that run chrooted "
                               "read this copy, not the host's file",
                           code::host_chroot_copy);
            });
        }
    }

    void check_data_directory(const std::string& data)
    {
        walk(data, Links::physical, true, [&](const std::string& path, const struct stat& info) {
            if (info.st_uid != mail_owner_->uid)
                not_owned_by(path, info, mail_owner_name_, "mail_owner");
            if (info.st_mode & group_or_other_write)
                writable(path, info, "", "Postfix keeps its caches and TLS session keys here");
        });
    }

    // postdrop and postqueue: setgid_group's, and set-gid, or local submission fails.
    void check_submission_programs()
    {
        const std::string commands = directory("command_directory");
        for (const char* program : {"postqueue", "postdrop"}) {
            const std::string path = joined(commands, program);
            struct stat info {};
            if (::lstat(path.c_str(), &info) != 0)
                continue;
            check_setgid_group(path);
            if ((info.st_mode & (S_ISGID | S_IXUSR | S_IXGRP | S_IXOTH)) !=
                (S_ISGID | S_IXUSR | S_IXGRP | S_IXOTH))
                report(Severity::warning, path,
                       "mode " + mode_text(info.st_mode) + " is not set-gid and executable by "
                       "all: postfix check warns (\"not set-gid or not owner+group+world "
                       "executable\"); sendmail and mailq fail for users other than root",
                       code::host_file_mode);
        }
    }

    // postfix-script's last check: a second sendmail program, at the path old software runs,
    // that is not a link to Postfix's but another mail system's left behind.
    void check_sendmail_programs()
    {
        const std::string postfix_sendmail = options_.resolve("/usr/sbin/sendmail");
        const std::string other_sendmail = options_.resolve("/usr/lib/sendmail");
        struct stat first {}, second {};
        if (::stat(postfix_sendmail.c_str(), &first) != 0 || !S_ISREG(first.st_mode) ||
            ::stat(other_sendmail.c_str(), &second) != 0 || !S_ISREG(second.st_mode) ||
            same_contents(postfix_sendmail, other_sendmail))
            return;
        report(Severity::warning, other_sendmail,
               "differs from " + postfix_sendmail + ": postfix check warns (\"/usr/lib/sendmail "
               "and /usr/sbin/sendmail differ\"); what runs this one (cron, older scripts) "
               "reaches another mail system's program, not Postfix; make one a symbolic link "
               "to the other",
               code::host_sendmail_differs);
    }

    void check_setgid_group(const std::string& path)
    {
        struct stat info {};
        if (!setgid_group_ || ::lstat(path.c_str(), &info) != 0 ||
            info.st_gid == setgid_group_->gid)
            return;
        report(Severity::warning, path,
               "group ID " + std::to_string(info.st_gid) + ", not setgid_group " +
                   setgid_group_name_ + ": postfix check warns (\"not owned by group " +
                   setgid_group_name_ + "\"); postdrop and postqueue cannot reach it",
               code::host_file_owner);
    }

    // `parameter`: the one that names `owner`; none for root.
    void not_owned_by(const std::string& path, const struct stat& info, const std::string& owner,
                      const char* parameter = nullptr)
    {
        report(Severity::warning, path,
               "owned by user ID " + std::to_string(info.st_uid) + ", not by " +
                   (parameter ? std::string(parameter) + " " : "") + owner +
                   ": postfix check warns (\"not owned by " + owner + "\"); " +
                   (parameter ? "Postfix, which works here as " + owner + ", may fail to change it"
                              : "its owner can change what Postfix does as root"),
               code::host_file_owner);
    }

    // `whose`: what the mode is of, when that is not plain.
    void writable(const std::string& path, const struct stat& info, const char* whose,
                  const char* why)
    {
        report(Severity::warning, path,
               "mode " + mode_text(info.st_mode) +
                   (S_ISLNK(info.st_mode) ? " (a symbolic link's own)" : whose) +
                   ": group or other writable, as postfix check warns; " + why,
               code::host_file_mode);
    }

    void report(Severity severity, const std::string& path, std::string message,
                const char* code)
    {
        sink_.report(severity, {path, 0, 0}, std::move(message), code);
    }

    const Configuration& config_;
    DiagnosticSink& sink_;
    const CheckOptions& options_;
    std::string mail_owner_name_;
    std::string setgid_group_name_;
    std::optional<HostAccount> mail_owner_;
    std::optional<HostAccount> setgid_group_;
};

} // namespace

void check_host_files(const Configuration& config, DiagnosticSink& sink,
                      const CheckOptions& options, const AccountDirectory& accounts)
{
    FileChecker(config, sink, options, accounts).run();
}

} // namespace mf::compiler
