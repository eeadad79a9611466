// Table file checks (see table_file_checks.hpp). The messages follow what Postfix itself says at
// run time: "database X.db is older than source file X", "open database X.db: No such file".
#include "compiler/table_file_checks.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

#include "compiler/closest_name.hpp"
#include "compiler/config_check_codes.hpp"
#include "compiler/database_client_file.hpp"
#include "compiler/database_client_settings.hpp"
#include "compiler/diagnostic_codes.hpp"
#include "util/unique_fd.hpp"

namespace mf::compiler {

namespace {

struct FileState {
    bool exists = false;
    bool readable = false;
    int open_errno = 0;
    struct stat info {};
};

FileState inspect(const std::string& path)
{
    FileState state;
    if (stat(path.c_str(), &state.info) != 0) {
        state.open_errno = errno;
        return state;
    }
    state.exists = true;
    mf::UniqueFd fd(open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
    state.readable = fd.get() >= 0;
    if (!state.readable)
        state.open_errno = errno;
    return state;
}

bool newer(const struct stat& a, const struct stat& b)
{
    if (a.st_mtim.tv_sec != b.st_mtim.tv_sec)
        return a.st_mtim.tv_sec > b.st_mtim.tv_sec;
    return a.st_mtim.tv_nsec > b.st_mtim.tv_nsec;
}

std::string octal_mode(mode_t mode)
{
    char buffer[8];
    std::snprintf(buffer, sizeof buffer, "%04o", static_cast<unsigned>(mode & 07777));
    return buffer;
}

std::string rebuild_command(const TableCheckInput& input)
{
    const std::string tool = input.use == TableUse::aliases ? "mfalias" : "mfmap";
    return tool + " " + input.table.type + ":" + input.table.name;
}

// A table no daemon opens is a warning where it would be an error, and says why.
Severity severity_of(const TableCheckInput& input)
{
    return input.unread_reason.empty() ? Severity::error : Severity::warning;
}

std::string unread_note(const TableCheckInput& input)
{
    return input.unread_reason.empty() ? "" : " (" + input.unread_reason + ")";
}

std::string table_label(const TableCheckInput& input)
{
    return input.parameter + " table " + input.table.type + ":" + input.table.name;
}

void report_unreadable(const TableCheckInput& input, const std::string& file,
                       const FileState& state, UniqueReporter& reporter)
{
    reporter.report(severity_of(input), input.location,
                    table_label(input) + ": cannot read " + file + ": " +
                        std::strerror(state.open_errno) +
                        (input.unread_reason.empty()
                             ? "; every lookup fails and smtpd answers 451 4.3.5"
                             : unread_note(input)),
                    code::table_unreadable);
}

void check_secret_mode(const TableCheckInput& input, const std::string& file,
                       const FileState& state, UniqueReporter& reporter)
{
    if (input.use != TableUse::secret || !state.exists)
        return;
    // proxymap opens a proxy: table as the unprivileged mail_owner, so such a table is made
    // readable by the postfix group (root:postfix 0640) on purpose: only others count then.
    const mode_t group = input.table.proxied ? 0 : (S_IRGRP | S_IWGRP);
    const mode_t exposed = state.info.st_mode & (group | S_IROTH | S_IWOTH);
    if (exposed == 0)
        return;
    const char* who = (exposed & (S_IROTH | S_IWOTH)) ? "others" : "its group";
    reporter.report(Severity::warning, input.location,
                    table_label(input) + " holds passwords but " + file + " (mode " +
                        octal_mode(state.info.st_mode) + ") is readable by " + who +
                        ": chmod go-rwx " + file,
                    code::table_secret_readable);
}

// Database client configurations hold bind_pw/password; others must not read them.
void check_client_config_mode(const TableCheckInput& input, const std::string& file,
                              const FileState& state, UniqueReporter& reporter)
{
    if (!state.exists || (state.info.st_mode & S_IROTH) == 0)
        return;
    reporter.report(Severity::warning, input.location,
                    table_label(input) + ": " + file + " (mode " +
                        octal_mode(state.info.st_mode) +
                        ") may hold a database password and is readable by everyone: "
                        "chmod o-rwx " + file,
                    code::table_secret_readable);
}

void check_indexed(const TableCheckInput& input, const TableFileOptions& options,
                   UniqueReporter& reporter)
{
    const std::string& source = input.table.name;
    const std::string built = built_table_file(input.table);
    const FileState source_state = inspect(options.resolve(source));
    const FileState built_state = inspect(options.resolve(built));
    if (!built_state.exists) {
        if (options.no_file_checks)
            return;
        const Severity severity = severity_of(input);
        const std::string when = unread_note(input);
        if (source_state.exists)
            reporter.report(severity, input.location,
                            table_label(input) + " is not built: " + built +
                                " does not exist" + when + "; run `" + rebuild_command(input) +
                                "`",
                            code::table_not_built);
        else
            reporter.report(severity, input.location,
                            table_label(input) + ": neither " + source + " nor " + built +
                                " exists" + when + "; create " + source + " and run `" +
                                rebuild_command(input) + "`",
                            code::table_missing);
        return;
    }
    if (!built_state.readable) {
        report_unreadable(input, built, built_state, reporter);
        return;
    }
    if (source_state.exists && newer(source_state.info, built_state.info))
        reporter.report(Severity::warning, input.location,
                        table_label(input) + ": database " + built +
                            " is older than source file " + source + "; run `" +
                            rebuild_command(input) + "`",
                        code::table_stale);
    check_secret_mode(input, source, source_state, reporter);
    check_secret_mode(input, built, built_state, reporter);
}

void check_plain_file(const TableCheckInput& input, const TableFileOptions& options,
                      bool client_config, UniqueReporter& reporter)
{
    const std::string& file = input.table.name;
    const FileState state = inspect(options.resolve(file));
    if (!state.exists) {
        if (!options.no_file_checks)
            reporter.report(severity_of(input), input.location,
                            table_label(input) + ": " + file + " does not exist" +
                                unread_note(input),
                            code::table_missing);
        return;
    }
    if (!state.readable) {
        report_unreadable(input, file, state, reporter);
        return;
    }
    // A database client file holds the database's password, not the SASL passwords, and
    // the daemon (or proxymap) reads it unprivileged: only others must not read it.
    if (client_config)
        check_client_config_mode(input, file, state, reporter);
    else
        check_secret_mode(input, file, state, reporter);
    if (!client_config)
        return;
    const std::string host_path = options.resolve(file);
    if (const auto settings =
            check_database_client_file(input.table.type, input.table.name, host_path, reporter))
        check_database_client_settings(
            input.table.type, {table_label(input), host_path, {host_path, 0, 0}, ""}, *settings,
            options.client_judge_context(), severity_of(input), reporter);
}

} // namespace

ClientJudgeContext TableFileOptions::client_judge_context() const
{
    return {[this](std::string_view path) -> std::optional<std::string> {
                if (no_file_checks)
                    return std::nullopt;
                return resolve(std::string(path));
            },
            known_tcp_ports};
}

void check_table_reference(const TableCheckInput& input, const TableFileOptions& options,
                           UniqueReporter& reporter)
{
    const TableTypeInfo* info = find_table_type(input.table.type);
    if (!info) {
        std::vector<std::string_view> names;
        for (const auto& known : known_table_types())
            names.push_back(known.type);
        reporter.report(severity_of(input), input.location,
                        "unsupported dictionary type: " + input.table.type + " in " +
                            input.parameter + did_you_mean(input.table.type, names) +
                            "; Postfix knows " + [&] {
                                std::string all;
                                for (auto name : names)
                                    all += (all.empty() ? "" : " ") + std::string(name);
                                return all;
                            }() + unread_note(input),
                        code::table_type_unknown);
        return;
    }
    if (options.mfd_opens && info->storage != TableStorage::composite &&
        !options.mfd_opens(info->type))
        reporter.report(Severity::warning, input.location,
                        input.parameter + " uses a " + std::string(info->type) +
                            ": table, which Postfix can open but mfd cannot",
                        code::table_type_unsupported);
    // Caches are created by the daemons; relative names are resolved against the queue
    // directory at run time, which a configuration check cannot see.
    if (input.use == TableUse::cache || input.table.name.empty() ||
        input.table.name.front() != '/')
        return;
    switch (info->storage) {
    case TableStorage::indexed:
        check_indexed(input, options, reporter);
        return;
    case TableStorage::text_file:
        check_plain_file(input, options, false, reporter);
        return;
    case TableStorage::client_config:
        check_plain_file(input, options, true, reporter);
        return;
    case TableStorage::composite:
    case TableStorage::none:
        return;
    }
}

TableUse table_use_for_parameter(std::string_view parameter)
{
    if (parameter == "alias_maps" || parameter == "alias_database")
        return TableUse::aliases;
    if (parameter == "smtp_sasl_password_maps" || parameter == "lmtp_sasl_password_maps")
        return TableUse::secret;
    if (parameter == "address_verify_map" || parameter == "postscreen_cache_map" ||
        parameter == "smtp_sasl_auth_cache_name" || parameter == "lmtp_sasl_auth_cache_name" ||
        parameter == "smtpd_tls_session_cache_database" ||
        parameter == "smtp_tls_session_cache_database" ||
        parameter == "lmtp_tls_session_cache_database" ||
        parameter == "tlsproxy_tls_session_cache_database")
        return TableUse::cache;
    return TableUse::lookup;
}

} // namespace mf::compiler
