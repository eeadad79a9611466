// See name_service.hpp.
#include "compiler/name_service.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <stdexcept>
#include <vector>

#include "util/read_to_end.hpp"
#include "util/result.hpp"
#include "util/text_lines.hpp"
#include "util/unique_fd.hpp"

extern char** environ;

namespace mf::compiler {

namespace {

// posix_spawn's file actions, destroyed however the spawn ends.
class SpawnActions {
public:
    SpawnActions() { posix_spawn_file_actions_init(&actions_); }
    SpawnActions(const SpawnActions&) = delete;
    SpawnActions& operator=(const SpawnActions&) = delete;
    ~SpawnActions() { posix_spawn_file_actions_destroy(&actions_); }
    posix_spawn_file_actions_t* get() { return &actions_; }

private:
    posix_spawn_file_actions_t actions_;
};

struct GetentAnswer {
    bool found = false;
    std::string entry; // the first line getent printed
};

// Runs `getent DATABASE KEY` and reads its one line. getent exits 2 when the key is not there.
Result<GetentAnswer> run_getent(const char* database, const std::string& key)
{
    const std::string command = std::string("getent ") + database + " " + key;
    int ends[2];
    if (::pipe2(ends, O_CLOEXEC) != 0)
        return fail(command + ": pipe: " + std::strerror(errno));
    UniqueFd reader(ends[0]);
    UniqueFd writer(ends[1]);
    SpawnActions actions;
    posix_spawn_file_actions_addopen(actions.get(), 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(actions.get(), writer.get(), 1);
    // "--": a name that starts with '-' is a key, not an option.
    std::vector<char*> arguments{const_cast<char*>("getent"), const_cast<char*>("--"),
                                 const_cast<char*>(database), const_cast<char*>(key.c_str()),
                                 nullptr};
    pid_t child = 0;
    const int spawned =
        ::posix_spawnp(&child, "getent", actions.get(), nullptr, arguments.data(), environ);
    if (spawned != 0)
        return fail(command + ": " + std::strerror(spawned));
    writer.reset();
    std::string output;
    const int read_status = read_to_end(reader.get(), output, 16 << 20);
    int status = 0;
    while (::waitpid(child, &status, 0) < 0)
        if (errno != EINTR)
            return fail(command + ": waitpid: " + std::strerror(errno));
    if (read_status != 0)
        return fail(command + ": reading its output: " + std::strerror(read_status));
    if (!WIFEXITED(status))
        return fail(command + ": killed by signal " + std::to_string(WTERMSIG(status)));
    if (WEXITSTATUS(status) == 2)
        return GetentAnswer{};
    if (WEXITSTATUS(status) != 0)
        return fail(command + ": exit status " + std::to_string(WEXITSTATUS(status)));
    return GetentAnswer{true, output.substr(0, output.find('\n'))};
}

// The colon-separated fields of a passwd or group entry.
std::vector<std::string_view> fields_of(std::string_view entry)
{
    std::vector<std::string_view> fields;
    for (;;) {
        const std::size_t colon = entry.find(':');
        fields.push_back(entry.substr(0, colon));
        if (colon == std::string_view::npos)
            return fields;
        entry.remove_prefix(colon + 1);
    }
}

std::optional<unsigned long> number_of(std::string_view text)
{
    unsigned long value = 0;
    const auto [end, problem] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || problem != std::errc() || end != text.data() + text.size())
        return std::nullopt;
    return value;
}

std::optional<NameServiceAccount> lookup(const char* database, const std::string& name,
                                         std::size_t fields_wanted, std::size_t id_field,
                                         std::size_t group_field)
{
    Result<GetentAnswer> answer = run_getent(database, name);
    if (!answer)
        throw std::runtime_error(answer.error().message);
    if (!answer->found)
        return std::nullopt;
    const std::vector<std::string_view> fields = fields_of(answer->entry);
    // getent reads a numeric key as an ID (getpwuid, getgrgid); getpwnam("0") finds no root.
    if (fields[0] != name)
        return std::nullopt;
    const auto id = fields.size() >= fields_wanted ? number_of(fields[id_field]) : std::nullopt;
    const auto group = id ? number_of(fields[group_field]) : std::nullopt;
    if (!group)
        throw std::runtime_error(std::string("getent ") + database + " " + name +
                                 ": not an entry: \"" + answer->entry + "\"");
    return NameServiceAccount{*id, *group};
}

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

} // namespace

std::optional<NameServiceAccount> name_service_user(const std::string& name)
{
    // name:password:UID:GID:gecos:home:shell
    return lookup("passwd", name, 7, 2, 3);
}

std::optional<NameServiceAccount> name_service_group(const std::string& name)
{
    // name:password:GID:members
    return lookup("group", name, 4, 2, 2);
}

std::string foreign_hosts_services(std::string_view nsswitch_conf)
{
    std::string foreign;
    while (!nsswitch_conf.empty()) {
        std::string_view line = take_line(nsswitch_conf);
        line = line.substr(0, line.find('#'));
        while (!line.empty() && is_blank(line.front()))
            line.remove_prefix(1);
        const std::size_t colon = line.find(':');
        if (colon == std::string_view::npos || line.substr(0, colon) != "hosts")
            continue;
        // Every hosts line counts: which one glibc obeys need not be known to be safe.
        line.remove_prefix(colon + 1);
        while (!line.empty()) {
            if (is_blank(line.front())) {
                line.remove_prefix(1);
                continue;
            }
            if (line.front() == '[') {
                const std::size_t close = line.find(']');
                line.remove_prefix(close == std::string_view::npos ? line.size() : close + 1);
                continue;
            }
            std::size_t length = 0;
            while (length < line.size() && !is_blank(line[length]) && line[length] != '[')
                ++length;
            const std::string_view service = line.substr(0, length);
            line.remove_prefix(length);
            if (service != "files" && service != "dns")
                foreign += (foreign.empty() ? "" : " ") + std::string(service);
        }
    }
    return foreign;
}

const std::string& foreign_hosts_services()
{
    static const std::string services = [] {
        Result<std::string> text = read_file("/etc/nsswitch.conf", 1 << 20);
        return text ? foreign_hosts_services(*text) : std::string();
    }();
    return services;
}

} // namespace mf::compiler
