// mfmap: postmap(1) and, when invoked as mfalias or with --aliases, postalias(1).
// The command line is postmap's (getopt, the same letters), plus --convert and --verify.
// This file only parses options and dispatches to map_commands.hpp; `mfmap fingerprint ...`
// goes to fingerprint_command.hpp.
#include <getopt.h>

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "postmap/fingerprint_command.hpp"
#include "postmap/map_commands.hpp"
#include "postmap/map_config.hpp"

namespace {

using mf::maps::CommandOptions;

int usage(const std::string& program)
{
    std::fprintf(stderr,
                 "usage: %s [-NfinoprsvwUF] [-b] [-h] [-c config_dir] [-d key] [-q key] "
                 "[type:]file...\n"
                 "       %s --convert [type:]from type:to\n"
                 "       %s --verify [type:]file...\n"
                 "       %s fingerprint [options] cert_or_dir...\n",
                 program.c_str(), program.c_str(), program.c_str(), program.c_str());
    return 2;
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
        return mf::maps::run_fingerprint_command(argc - 1, argv + 1);

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
            return usage(options.program), 0;
        else
            args.push_back(argv[i]);
    }
    args.push_back(nullptr);
    int count = static_cast<int>(args.size()) - 1;

    std::string config_dir = "/etc/postfix";
    std::string query_key, delete_key;
    bool query = false, remove = false, dump = false, incremental = false;
    int option;
    while ((option = getopt(count, args.data(), "Nbc:d:fhimnopq:rsuUvwxF")) != -1) {
        switch (option) {
        case 'N': options.nul = true; break;
        case 'n': options.nul = false; break;
        case 'b': options.body_keys = true; break;
        case 'h': options.header_keys = true; break;
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
        case 'U': options.require_utf8 = false; break;
        case 'u': options.require_utf8 = true; break;
        case 'v': options.verbose = true; break;
        case 'F': options.base64_files = true; break;
        case 'm': case 'x': break; // MIME awareness and pipemap expansion: accepted, no effect
        default: return usage(options.program);
        }
    }
    std::vector<std::string> tables(args.begin() + optind, args.begin() + count);
    if (options.aliases && options.program == "mfmap")
        options.program = "mfalias";

    auto config = mf::maps::read_map_config(config_dir);
    if (!config) {
        std::fprintf(stderr, "%s: fatal: %s\n", options.program.c_str(),
                     config.error().message.c_str());
        return 2;
    }
    options.config = *config;

    int modes = query + remove + dump + incremental + convert + verify;
    if (modes > 1) {
        std::fprintf(stderr, "%s: fatal: specify only one of -q, -d, -s, -i, --convert, --verify\n",
                     options.program.c_str());
        return 2;
    }
    if (convert) {
        if (tables.size() != 2)
            return usage(options.program);
        return mf::maps::run_convert(options, tables[0], tables[1]);
    }
    if (tables.empty())
        return usage(options.program);
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
