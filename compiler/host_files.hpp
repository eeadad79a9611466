// --host-checks, files: what `postfix check` says of the ownership and permissions of the files
// Postfix trusts, as its postfix-script (check-warn) and postsuper (which check-fatal runs) judge
// them on the host. Root must own the configuration directory's tree and the program directories
// (daemon, meta, shlib), and nobody else may write there; mail_owner owns data_directory and the
// queue, whose directories postsuper must be able to open; setgid_group owns public/, maildrop/,
// postdrop and postqueue, which must be set-gid; the files copied into the chroot jail
// (queue_directory/etc ...) match the host's; the corrupt queue is empty; /usr/lib/sendmail is
// Postfix's sendmail (a link to it). A secondary instance is checked without the files instances
// share, left to the default instance as postfix-script leaves them. Postfix warns of each
// (postsuper's unopenable queue directory stops postfix check), and so does mfcc, at the file.
#pragma once

#include "compiler/checks.hpp"
#include "compiler/host_accounts.hpp"

namespace mf::compiler {

void check_host_files(const Configuration& config, DiagnosticSink& sink,
                      const CheckOptions& options, const AccountDirectory& accounts);

} // namespace mf::compiler
