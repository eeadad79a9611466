// `mfmap fingerprint`: client-certificate fingerprint tables for relay_clientcerts and
// check_ccert_access. Prints one table line per certificate ("FINGERPRINT label"), or with
// -o TYPE:FILE writes that source file and builds the table atomically, or with --check
// TYPE:FILE compares a table with the certificates. The default digest is the one the
// configuration in force uses (smtpd_tls_fingerprint_digest).
#pragma once

#include "postmap/map_config.hpp"

namespace mf::maps {

// argv[0] is the subcommand's name ("fingerprint"); options start at argv[1].
// Exit status: 0 success, 1 a certificate could not be read or --check found differences,
// 2 usage error or unusable configuration. `read_config` supplies main.cf's settings.
int run_fingerprint_command(int argc, char** argv, const MapConfigReader& read_config);

} // namespace mf::maps
