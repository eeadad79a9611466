// The values of the access tables smtpd's restriction lists name (check_*_access and bare
// type:table entries, in main.cf, every smtpd service's -o overrides and the restriction
// classes), read as the administrator wrote them (table_values.hpp) and judged as smtpd will
// read them (access_table_values.hpp): a value smtpd cannot read tempfails the mail that
// matches it, a lone "554" accepts it. A table is read once.
#include <set>

#include "compiler/access_table_values.hpp"
#include "compiler/checks.hpp"
#include "compiler/config_check_codes.hpp"
#include "compiler/diagnostic_codes.hpp"
#include "compiler/restriction_inputs.hpp"
#include "compiler/table_reference.hpp"
#include "compiler/table_values.hpp"
#include "compiler/transport_services.hpp"

namespace mf::compiler {

namespace {

class AccessTableReader {
public:
    AccessTableReader(const Configuration& config, const CheckOptions& options,
                      UniqueReporter& reporter)
        : config_(config), options_(options), reporter_(reporter)
    {
    }

    // `restriction` names how the table is used ("check_sender_access"), for messages.
    void read(const TableReference& table, std::string_view restriction,
              const RestrictionEnvironment& env)
    {
        if (table.name.empty() || table.name.front() != '/')
            return;
        const std::string path = options_.resolve(table.name);
        if (!read_.insert(table.type + ":" + path).second)
            return;
        const std::string label =
            std::string(restriction) + " " + table.type + ":" + table.name + ": ";
        for_each_table_value(table, path, [&](const TableValue& entry) {
            if (entry.substitutes)
                return;
            if (auto problem = access_value_problem(entry.value, env))
                reporter_.report(problem->severity, {path, entry.line, entry.column},
                                 label + entry.key_label + problem->message,
                                 code::access_table_value);
            else if (auto transport = filter_action_transport(entry.value))
                report_missing_filter(*transport, {path, entry.line, entry.column},
                                      label + entry.key_label);
        });
    }

private:
    void report_missing_filter(std::string_view transport, const SourceLocation& where,
                               const std::string& label)
    {
        if (const auto unavailable = transport_unavailable(config_, transport))
            reporter_.report(Severity::error, where,
                             label + "FILTER transport " + std::string(transport) + *unavailable +
                                 "; qmgr defers the mail this entry filters (\"mail transport "
                                 "unavailable\") until it expires",
                             code::transport_not_in_master);
    }

    const Configuration& config_;
    const CheckOptions& options_;
    UniqueReporter& reporter_;
    std::set<std::string> read_;
};

// The table a check_*_access argument names: itself, or the first element of a
// "{ type:table, { search_order = ... } }" group.
std::string table_of_argument(std::string_view argument)
{
    if (argument.empty() || argument.front() != '{')
        return std::string(argument);
    auto tokens = split_postfix_list(argument.substr(1, argument.size() - 2)).tokens;
    return tokens.empty() ? std::string() : std::move(tokens.front().text);
}

void read_list(const RestrictionValue& value, const RestrictionEnvironment& env,
               std::string_view bare_table_restriction, AccessTableReader& reader)
{
    for (const RestrictionEntry& entry : parse_restriction_entries(value.text, env)) {
        std::string table_text;
        std::string_view restriction;
        if (entry.bare_table && !bare_table_restriction.empty()) {
            table_text = entry.token.text;
            restriction = bare_table_restriction;
        } else if (entry.info && entry.info->argument == RestrictionArgument::table &&
                   entry.has_argument) {
            table_text = table_of_argument(entry.argument.text);
            restriction = entry.info->name;
        } else {
            continue;
        }
        for (const TableReference& table : table_list_references(table_text))
            reader.read(table, restriction, env);
    }
}

void read_context(const Configuration& config, const Service* service, AccessTableReader& reader)
{
    const RestrictionEnvironment env = restriction_environment(config, service);
    for (RestrictionList list : all_restriction_lists())
        read_list(restriction_value(config, restriction_list_parameter(list), service), env,
                  default_access_restriction(list), reader);
    // A class body has no list of its own; smtpd reads a bare table there as the list that
    // uses the class does, which is not known here.
    for (const auto& [name, body] : env.classes)
        read_list(body, env, {}, reader);
}

} // namespace

void check_access_tables(const Configuration& config, DiagnosticSink& sink,
                         const CheckOptions& options)
{
    UniqueReporter reporter(sink);
    AccessTableReader reader(config, options, reporter);
    for_each_restriction_scope(config,
                               [&](const Service* service) { read_context(config, service, reader); });
}

} // namespace mf::compiler
