// Which daemons read a parameter: a bad value matters only where one of them runs. The catalog
// says, from the Postfix sources, which programs declare each parameter (`readers`, with the
// daemons a "$name" default hands it to): postscreen_greet_action only postscreen,
// cleanup_replace_stray_cr_lf only cleanup. A main.cf value that master or a command the
// administrator runs reads (sendmail, posttls-finger for the TLS library's parameters) is read
// anyway, and so is one of every program (myhostname); an -o override only by its service, and
// one of the TLS library's parameters only where that service uses TLS.
#pragma once

#include <string>
#include <string_view>

namespace mf::compiler {

class Configuration;
struct Service;

// Why no daemon reads `parameter` where the value is in force, or "" when one does (or may):
// for main.cf, when master.cf runs none of its readers ("only postscreen reads
// postscreen_greet_action, and master.cf runs no postscreen service") or only local(8) or
// virtual(8) services that no transport hands mail to (virtual_transport = lmtp:..., with no
// transport table or content filter that could name them); for an -o override of
// `service`, when that service's command is not one of them ("..., and service submission/inet
// is not postscreen"). Without a master.cf nothing is known: "".
std::string unread_by_its_daemon(const Configuration& config, std::string_view parameter,
                                 const Service* service);

} // namespace mf::compiler
