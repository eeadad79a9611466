// maillog_file, which `postfix check` and `postfix start` refuse in two ways: a value that
// starts with none of maillog_file_prefixes (plain, case-sensitive string prefixes, so /var
// admits /variable.log; postfix(1) stops), and a master.cf without the postlog service of type
// unix-dgram that writes the file (postfix-script stops, looking for it as
// `postconf -M postlog/unix-dgram` does). Both are reported at maillog_file's line.
#include <string>

#include "compiler/checks.hpp"
#include "compiler/diagnostic_codes.hpp"

namespace mf::compiler {

void check_maillog_file(const Configuration& config, DiagnosticSink& sink, const CheckOptions&)
{
    const Setting* setting = config.main_cf_setting("maillog_file");
    if (!setting)
        return;
    const std::string value = config.expand("maillog_file");
    if (value.empty())
        return;
    const std::string prefixes = config.expand("maillog_file_prefixes");
    bool admitted = false;
    for (std::string_view prefix : split_list(prefixes))
        admitted = admitted || value.compare(0, prefix.size(), prefix) == 0;
    if (!admitted)
        sink.report(Severity::error, setting->value_location,
                    "maillog_file value '" + value + "' does not match any prefix in "
                    "maillog_file_prefixes (" + prefixes + "); postfix check and postfix start "
                    "stop: write a path under one of them, or add its directory to "
                    "maillog_file_prefixes",
                    code::maillog_file_prefix);
    if (config.has_master_cf() && !config.find_service("postlog", "unix-dgram"))
        sink.report(Severity::error, setting->value_location,
                    "maillog_file is set, but master.cf has no postlog service of type "
                    "unix-dgram to write it: postfix check and postfix start stop (\"missing "
                    "'postlog' service in master.cf\"); add to master.cf the line `postlog   "
                    "unix-dgram n  -       n       -       1       postlogd`",
                    code::maillog_file_no_postlog);
}

} // namespace mf::compiler
