// What master(8) makes of a master.cf entry beyond its syntax: the endpoint that identifies a
// service (master canonicalises `smtp` and `25` to the same inet port, so such entries collide
// and the last one wins), the Postfix 3.7 daemons a command may name, and the daemons that must
// run as a single process or that act on wakeup events. Pure data and functions; check_master.cpp
// applies them to the configuration model.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "compiler/known_tcp_ports.hpp"

namespace mf::compiler {

// The key master uses to tell services apart: transport type plus canonical endpoint.
// inet: "inet 25", "inet [127.0.0.1]:2525" (symbolic ports looked up in main.cf's
// known_tcp_ports, then in the services database; numeric hosts normalised);
// unix/fifo/pass/unix-dgram: "unix private/name" or "unix public/name".
std::string master_endpoint_key(std::string_view service, std::string_view type,
                                bool private_service, const KnownTcpPorts& known);

// The canonical endpoint alone, as master prints it in "duplicate master.cf entry" ("25").
std::string master_endpoint_name(std::string_view service, std::string_view type,
                                 bool private_service, const KnownTcpPorts& known);

// The TCP port an inet service listens on ("smtp", "25" and "127.0.0.1:smtp" alike); nullopt
// for a service name neither known_tcp_ports nor the services database lists.
std::optional<unsigned> master_inet_port(std::string_view service, const KnownTcpPorts& known);

// The programs Postfix 3.7 installs in daemon_directory.
std::span<const std::string_view> postfix_daemons();
bool is_postfix_daemon(std::string_view command);

// Daemons that must not run as more than one process (process limit 1).
bool needs_single_process(std::string_view command);
// Daemons that do something when master wakes them up (pickup, qmgr, flush, tlsmgr).
bool acts_on_wakeup(std::string_view command);
// Daemons whose arguments must include argv=... (the command they run).
bool needs_argv_attribute(std::string_view command);
// Daemons that take no argument after their options: each stops with "fatal: unexpected
// command-line argument" when it serves its first request (Postfix 3.7's binaries; smtp, lmtp
// and postscreen ignore such arguments, pipe and spawn read them as attributes).
bool refuses_arguments(std::string_view command);

} // namespace mf::compiler
