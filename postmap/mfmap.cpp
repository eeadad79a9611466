// mfmap: postmap(1) and, when invoked as mfalias or with --aliases, postalias(1).
// The command line is postmap's (getopt, the same letters), plus --convert and --verify.
// This file only parses options, reads main.cf through the compiler's configuration reader
// (compiler/map_settings.hpp; ARCHITECTURE.md allows the command, not the table library, to)
// and dispatches to map_commands.hpp; `mfmap fingerprint ...` goes to fingerprint_command.hpp.
#include <getopt.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "compiler/map_settings.hpp"
#include "postmap/fingerprint_command.hpp"
#include "postmap/map_commands.hpp"

namespace {

using mf::maps::CommandOptions;

// postmap's usage message and status: a fatal error, exit 1; --help prints the same text on
// standard output, without the "fatal:", and exits 0.
int usage(const CommandOptions& options, bool help = false)
{
    std::FILE* out = help ? stdout : stderr;
    std::string program = options.program;
    std::fprintf(out,
                 "%s%s [-%s] [-c config_dir] [-d key] [-q key] [type:]file...\n"
                 "       %s --convert [type:]from type:to\n"
                 "       %s --verify [type:]file...\n",
                 help ? "usage: " : (program + ": fatal: usage: ").c_str(), program.c_str(),
                 options.aliases ? "Nfinoprsuvw" : "bfFhimnNoprsuUvw", program.c_str(),
                 program.c_str());
    if (!options.aliases)
        std::fprintf(out, "       %s fingerprint [options] cert_or_dir...\n", program.c_str());
    return help ? 0 : 1;
}

int fatal(const CommandOptions& options, const std::string& message)
{
    std::fprintf(stderr, "%s: fatal: %s\n", options.program.c_str(), message.c_str());
    return 1;
}

std::string base_name(const char* path)
{
    const char* slash = std::strrchr(path, '/');
    return slash ? slash + 1 : path;
}

} // namespace

int main(int argc, char** argv)
{
    CommandOptions options;
    options.program = base_name(argv[0]);
    if (options.program == "mfalias")
        options.aliases = true;
    else
        options.program = "mfmap";
    if (!options.aliases && argc > 1 && std::strcmp(argv[1], "fingerprint") == 0)
        return mf::maps::run_fingerprint_command(argc - 1, argv + 1,
                                                 mf::compiler::read_map_settings);

    // Long options first; what remains goes to getopt with postmap's letters.
    std::vector<char*> args{argv[0]};
    bool convert = false, verify = false;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        if (arg == "--aliases")
            options.aliases = true;
        else if (arg == "--convert")
            convert = true;
        else if (arg == "--verify")
            verify = true;
        else if (arg == "--help")
            return usage(options, true);
        else
            args.push_back(argv[i]);
    }
    args.push_back(nullptr);
    int count = static_cast<int>(args.size()) - 1;
    if (options.aliases && options.program == "mfmap")
        options.program = "mfalias";
    // getopt names the program in its messages, as postmap's does: by name, not path.
    std::string program_name = options.program;
    args[0] = program_name.data();

    // The letters postmap and postalias accept; -x and others are usage errors, as there.
    const char* letters = options.aliases ? "Nc:d:fimnopq:rsuvw" : "Nbc:d:fFhimnopq:rsuUvw";
    std::optional<std::string> config_dir;
    std::string query_key, delete_key;
    bool query = false, remove = false, dump = false, incremental = false;
    int option;
    while ((option = getopt(count, args.data(), letters)) != -1) {
        switch (option) {
        case 'N': options.nul = true; break;
        case 'n': options.nul = false; break;
        case 'b': options.body_keys = true; break;
        case 'h': options.header_keys = true; break;
        case 'm': options.mime_keys = true; break;
        case 'c': config_dir = optarg; break;
        case 'd': remove = true; delete_key = optarg; break;
        case 'q': query = true; query_key = optarg; break;
        case 'f': options.fold_case = false; break;
        case 'i': incremental = true; break;
        case 'o': options.keep_root_owner = true; break;
        case 'p': options.plain_mode = true; break;
        case 'r': options.duplicates = mf::maps::DuplicatePolicy::replace; break;
        case 'w': options.duplicates = mf::maps::DuplicatePolicy::ignore; break;
        case 's': dump = true; break;
        case 'U': options.force_utf8 = true; break;
        case 'u': options.utf8_disabled = true; break;
        case 'v': ++options.verbose; break;
        case 'F': options.base64_files = true; break;
        default: return usage(options);
        }
    }
    std::vector<std::string> tables(args.begin() + optind, args.begin() + count);
    if (std::getenv("MAIL_VERBOSE") != nullptr && options.verbose == 0)
        options.verbose = 1;

    if (query + remove + dump > 1)
        return fatal(options, "specify only one of -s -q or -d");
    bool message_keys = options.header_keys || options.body_keys;
    if ((message_keys || options.mime_keys) && !(query && query_key == "-"))
        return fatal(options, "specify -b -h or -m only with \"-q -\"");
    if (options.mime_keys && !message_keys)
        std::fprintf(stderr, "%s: warning: ignoring -m option without -b or -h\n",
                     options.program.c_str());

    // -c, else $MAIL_CONFIG, else /etc/postfix. Postfix insists on a main.cf; without one in
    // the default place (a host without Postfix) Postfix's built-in defaults apply.
    if (!config_dir)
        if (const char* environment = std::getenv("MAIL_CONFIG"))
            config_dir = environment;
    std::string directory = config_dir.value_or("/etc/postfix");
    auto config = mf::compiler::read_map_settings(directory, config_dir.has_value());
    if (!config)
        return fatal(options, config.error().message);
    options.config = *config;
    if (options.verbose > 0)
        std::fprintf(stderr,
                     "%s: info: configuration %s: default_database_type = %s, "
                     "UTF-8 mode %s\n",
                     options.program.c_str(), directory.c_str(),
                     options.config.default_database_type.c_str(),
                     mf::maps::utf8_active(options) ? "on" : "off");

    int modes = query + remove + dump + incremental + convert + verify;
    if (modes > 1)
        return fatal(options, "specify only one of -q, -d, -s, -i, --convert, --verify");
    if (convert) {
        if (tables.size() != 2)
            return usage(options);
        return mf::maps::run_convert(options, tables[0], tables[1]);
    }
    if (tables.empty())
        return usage(options);
    if (verify)
        return mf::maps::run_verify(options, tables);
    if (query)
        return mf::maps::run_query(options, query_key, tables);
    if (remove)
        return mf::maps::run_delete(options, delete_key, tables);
    if (dump)
        return mf::maps::run_dump(options, tables);
    if (incremental)
        return mf::maps::run_incremental(options, tables);
    return mf::maps::run_build(options, tables);
}
