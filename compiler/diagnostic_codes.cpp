// The table of diagnostic codes and their explanations, shown by `mfcc --explain CODE`, used as
// SARIF rules, and listed in mfcc(1). Keep it sorted by theme; one row per code.
#include "compiler/diagnostic_codes.hpp"

#include <algorithm>

#include "compiler/config_check_codes.hpp"
#include "compiler/tls_codes.hpp"

namespace mf::compiler {

namespace {

constexpr DiagnosticCodeInfo codes[] = {
    {code::unreadable_file, "a configuration file cannot be read",
     "mfcc could not open or read a file the configuration needs (main.cf, master.cf). Nothing is "
     "checked or compiled; the exit status is 2. Check the path and the permissions."},
    {code::nul_byte, "a NUL byte inside a configuration line",
     "Postfix reads main.cf and master.cf as C strings: everything after a NUL byte on that line "
     "would be silently dropped. The line is skipped. Remove the byte (often a file saved in "
     "UTF-16 or a binary file named by mistake)."},
    {code::invalid_utf8, "a value that is not valid UTF-8",
     "Postfix itself treats values as bytes, but an invalid UTF-8 sequence in a configuration "
     "usually means a file in another encoding (Latin-1, UTF-16) or binary data. Save the file as "
     "UTF-8 or ASCII."},
    {code::leading_whitespace, "text that continues no line",
     "A line that starts with whitespace continues the previous logical line. At the start of the "
     "file there is no previous line, so Postfix ignores it with the warning \"logical line must "
     "not start with whitespace\". Remove the indentation or join it to a parameter."},
    {code::main_cf_syntax, "a main.cf line is not name = value",
     "Every logical line of main.cf must be `name = value`. Postfix stops with \"missing '=' after "
     "attribute name\" or \"missing attribute name\" on such a line, so no program starts. The "
     "line is skipped; fix or comment it out."},
    {code::duplicate_parameter, "a parameter is defined twice",
     "When main.cf defines a parameter twice, the last definition wins and Postfix warns "
     "\"overriding earlier entry\". The earlier line is dead text that misleads readers: delete "
     "it. config_directory has an entry before main.cf is read (from -c, MAIL_CONFIG or "
     "/etc/postfix), so a main.cf value naming another directory draws that warning from every "
     "program; delete the setting."},
    {code::unknown_parameter, "a parameter Postfix does not know",
     "Postfix ignores parameters it does not know (postconf says \"unused parameter\"), so a typo "
     "silently leaves the intended setting at its default. Names referenced as $name elsewhere, "
     "restriction classes, per-transport names of master.cf delivery services, and the "
     "settings of a database configured in main.cf (corp_server_host for ldap:corp) are not "
     "flagged. The same is reported for a name that a database client configuration file "
     "(mysql:/etc/postfix/x.cf...) sets but its type does not define, at that file's line. mfcc "
     "suggests the nearest known name: a parameter, a name that a database configured in "
     "main.cf reads (corp_search_base for corp_serch_base), or a database client "
     "configuration's own name."},
    {code::read_only_parameter, "a parameter each program sets itself is assigned",
     "Every Postfix program sets process_id, process_name and service_name itself when it "
     "starts, over any value in main.cf or in an -o. postconf drops such a setting with "
     "\"read-only parameter assignment\" (postconf -n does not list it), and the programs "
     "use their own value. The line does nothing: delete it."},
    {code::bad_boolean, "a boolean that is neither yes nor no",
     "Boolean parameters accept only yes or no (any case). Postfix daemons stop with \"bad boolean "
     "configuration\" on anything else (true, 1, on, empty), although postconf accepts it "
     "silently."},
    {code::bad_integer, "a malformed number",
     "Integer parameters take a plain decimal number with no unit or suffix. Postfix stops with "
     "\"bad numerical configuration\" on 0x10, 5k, 1.5 or a number out of range."},
    {code::out_of_range, "a number outside the parameter's bounds",
     "Some numeric parameters have a minimum or maximum (for example hash_queue_depth >= 1, "
     "in_flow_delay <= 10s). Postfix stops with \"invalid NAME parameter value\" outside them."},
    {code::bad_time, "a malformed time value",
     "Time values are a decimal number with an optional lowercase unit s, m, h, d or w; a bare "
     "number uses the parameter's default unit, a leading + is allowed and a unit alone means 0. "
     "Postfix stops on 4x, 10S, 1.5h, -5, an empty value, or a count of minutes, hours, days or "
     "weeks that reaches 2^31 seconds (3550w)."},
    {code::time_trailing_text, "text after a time unit",
     "Postfix checks only the first letter after a time value's number: 10sec is 10 seconds, and "
     "2w3d is 2 weeks (the 3d is ignored, not added). mfcc accepts the value as Postfix does and "
     "warns, because the ignored text rarely means what was intended."},
    {code::bad_size, "a malformed byte size",
     "Sizes (message_size_limit, mailbox_size_limit...) are plain byte counts. Postfix 3.7 has no "
     "k/M/G suffixes: 10M makes the daemons stop with \"bad numerical configuration\"."},
    {code::bad_enumeration, "a value outside the parameter's fixed set",
     "This parameter takes one of a fixed set of words (for example smtpd_tls_security_level: "
     "none, may, encrypt). Postfix refuses anything else when the daemon starts or the feature "
     "is used. Some parameters are read only while a feature is on (smtpd_sasl_type with "
     "smtpd_sasl_auth_enable = yes, milter_protocol with milters): while it is off wherever "
     "the value is in force (master.cf -o counted per service), a bad value is a warning that "
     "names the condition. The TLS protocol and cipher lists come in pairs: smtpd, tlsproxy, "
     "smtp and lmtp read the *_mandatory_* list where TLS is required (level encrypt or "
     "stronger, the legacy *_enforce_tls = yes, smtpd_tls_wrappermode = yes) and the other at "
     "level may (dane reads both, a TLS policy table may pick either); tlsproxy's server lists "
     "(by default smtpd's) only for postscreen's STARTTLS. Where a bad list is read, smtpd "
     "runs without TLS and smtp defers the mail. The eecdh grades are ignored since Postfix "
     "3.6: a warning."},
    {code::empty_value, "an empty value where Postfix requires one",
     "This parameter must not be empty: every daemon that reads it stops at start-up when it "
     "is (\"bad string length 0 < 1\"), even while the feature that uses it is off."},
    {code::bad_string_length, "a value of the wrong length",
     "Postfix reads a few strings with a length bound, and every daemon that reads one stops at "
     "start-up on a value outside it (\"bad string length 1 < 2\"): default_verp_delimiters "
     "is exactly two characters, the recipient and the domain delimiter of VERP addresses."},
    {code::bad_cidr, "a malformed element of a network list",
     "mynetworks, debug_peer_list, smtpd_authorized_xforward_hosts and the other address match "
     "lists hold network/prefix (192.0.2.0/24, [2001:db8::]/32), addresses, host names, /files "
     "or type:table lookups. A network written with host bits set (192.0.2.1/24) is refused "
     "with \"non-null host address bits\", a prefix beyond 32 or 128 with \"bad mask length\", "
     "and the list then fails every lookup (smtpd answers 421 or 451). An IPv6 address needs "
     "brackets: unbracketed, its ':' makes Postfix read it as a type:table and stop. "
     "postscreen_access_list takes only permit, reject, dunno, permit_mynetworks and tables."},
    {code::bad_compatibility_level, "a malformed compatibility_level",
     "compatibility_level is a release number: N, N.N or N.N.N (2, 3.6, 3.7.0), the last two parts "
     "at most 1023. Postfix reports "
     "\"malformed compatibility level syntax\" and every program stops. A common cause is an "
     "indented line after it, which continues the value."},
    {code::hostname_not_fqdn, "myhostname is not fully qualified",
     "myhostname names this host in the SMTP greeting, HELO and Received headers. Many receivers "
     "reject or score a HELO name that is not a fully qualified domain name. Use the full name, "
     "such as mail.example.com."},
    {code::bad_hostname, "a malformed host name",
     "A host name parameter holds characters a DNS name cannot contain, or an empty label. "
     "Postfix stops when myhostname or mydomain is malformed; a bad smtp_helo_name is sent as "
     "it is and receivers refuse it (a warning). An address literal ([192.0.2.1], "
     "[IPv6:2001:db8::1]) is a valid HELO name."},
    {code::bad_ip_address, "a malformed listening or bind address",
     "smtp_bind_address and lmtp_bind_address take one numeric IPv4 address, the *_bind_address6 "
     "parameters one numeric IPv6 address; inet_interfaces and proxy_interfaces take all, "
     "loopback-only, addresses or host names, not networks. The daemon stops on anything "
     "else. In inet_interfaces, all and loopback-only are special only as the whole value (in "
     "a list Postfix looks them up as host names), and a numeric address must be of a family "
     "inet_protocols enables (::1 with inet_protocols = ipv4 is \"host not found\"): every "
     "Postfix program stops otherwise. Whether names resolve and addresses are this host's is "
     "checked only with --host-checks."},
    {code::bad_next_hop, "a malformed SMTP next hop",
     "relayhost and smtp_fallback_relay take host, [host], host:port or [host]:port (port: a "
     "number or a service name; [ipv6:2001:db8::1] for an IPv6 address). A malformed next hop "
     "makes every delivery through it fail."},
    {code::bad_mail_address, "a parameter that holds one mail address holds something else",
     "double_bounce_sender, empty_address_recipient and the *_notice_recipient parameters hold "
     "one address (postmaster, or user@example.com). Postfix uses the whole text as that one "
     "address: a list such as \"postmaster, admin\" or a value with <brackets> becomes an "
     "address nobody can receive mail at."},
    {code::startup_refused, "a setting every Postfix program refuses at start-up",
     "Every Postfix program (postfix check, master, each daemon, sendmail) checks a few settings "
     "before doing anything and stops: mail_owner or default_privs set to root, setgid_group "
     "set to root, default_privs equal to mail_owner, relayhost equal to myhostname (mail would "
     "loop), default_verp_delimiters with a character verp_delimiter_filter does not allow, "
     "and myorigin holding more than one word (on Debian a myorigin of /path is the "
     "first line of that file, which must exist). Nothing runs until the setting is fixed."},
    {code::known_tcp_ports, "a known_tcp_ports association Postfix skips",
     "known_tcp_ports (Postfix 3.6+) maps TCP service names to ports before the services "
     "database is asked: associations separated by commas, each one or more names and a port "
     "joined by '=' (smtps = submissions = 465). Every Postfix program warns at start-up about "
     "an association it cannot read (no '=', a name or port missing or with a space in it, a "
     "numerical name, a port that is not a number, a name listed twice) and skips it, so the "
     "name falls back to /etc/services, or to no port at all."},
    {code::maillog_file_prefix, "maillog_file is outside maillog_file_prefixes",
     "maillog_file must start with one of the strings in maillog_file_prefixes (by default /var "
     "and /dev/stdout), compared as plain, case-sensitive prefixes: /var admits /var/log/x and "
     "/variable.log, but not /VAR/x or a relative name. Otherwise postfix check and postfix "
     "start stop with \"maillog_file value ... does not match any prefix in "
     "maillog_file_prefixes\". The prefixes keep a typo from making Postfix, running as root, "
     "append to an arbitrary file."},
    {code::maillog_file_no_postlog, "maillog_file is set but master.cf has no postlog service",
     "With maillog_file set, Postfix logs through the postlogd daemon, which master runs from "
     "the master.cf entry `postlog unix-dgram n - n - 1 postlogd`. postfix check and postfix "
     "start look for a service named postlog of type unix-dgram and stop with \"missing "
     "'postlog' service in master.cf\" when there is none. Add the line mfcc prints (postfix "
     "upgrade-configuration adds it too)."},
    {code::domain_in_two_classes, "a domain listed in two address classes",
     "trivial-rewrite gives each recipient domain one address class, the first that lists it: "
     "mydestination (local delivery), virtual_alias_domains, virtual_mailbox_domains, "
     "relay_domains. A domain in two of them gets the first; the other listing is silently "
     "ignored (example.com in mydestination and virtual_mailbox_domains is delivered to local "
     "UNIX accounts, not to the virtual mailboxes). Postfix warns \"do not list domain ... in "
     "BOTH ...\" only when mail arrives. List each domain in one class. mfcc checks the domains "
     "named literally in these lists, looking them up in the others' built tables where it can "
     "read them."},
    {code::virtual_mailbox_owner, "virtual(8) cannot find or accept the owner of a mailbox",
     "Where virtual(8) delivers virtual_mailbox_domains, it writes each mailbox as the uid that "
     "virtual_uid_maps answers and the gid that virtual_gid_maps answers, read as atol() reads "
     "them: `static:vmail` is uid 0. A uid below virtual_minimum_uid, a gid of 0 or less, or an "
     "empty map makes virtual(8) log \"bad uid\" (or \"not found in virtual_uid_maps\") and "
     "defer every message for those mailboxes (\"mail system configuration error\") until it "
     "expires. Write the numeric ids (`static:5000`), or answer them from "
     "the table; static: answers are reported in main.cf, table answers at their line. A "
     "warning while transport_maps is set: its answers may send that mail to another "
     "transport, and virtual(8) never sees it."},
    {code::virtual_domain_without_table, "virtual domains without the table of their users",
     "virtual_mailbox_domains with an empty virtual_mailbox_maps, where virtual(8) delivers: "
     "smtpd accepts every recipient of those domains and virtual(8) bounces each message "
     "(\"unknown user\"). virtual_alias_domains listing domains with an empty "
     "virtual_alias_maps: smtpd rejects every recipient (\"User unknown in virtual alias "
     "table\"). No mail for those domains is delivered. Name the table of their users. The "
     "mailbox case is a warning while transport_maps is set, whose answers may send that mail "
     "to another transport."},
    {code::relay_recipients_unknown, "relay domains without relay_recipient_maps",
     "A domain in relay_domains that no other address class claims is relayed to its next hop. "
     "With relay_recipient_maps empty, smtpd accepts every address of it; the next hop refuses "
     "the unknown ones and Postfix bounces them to their senders, who are mostly forged: "
     "backscatter, which gets a server listed. Postfix's documentation asks for the table of "
     "valid recipients (a backup MX included); Postfix says nothing. Only while "
     "smtpd_reject_unlisted_recipient is yes (the default), which is when smtpd reads it."},
    {code::mailbox_setting_ignored, "a mailbox setting local(8) never reads",
     "local(8) delivers a mailbox through the first of mailbox_transport, mailbox_command, "
     "home_mailbox and mail_spool_directory that is not empty (mailbox_transport_maps and "
     "mailbox_command_maps first, for the users they list). A later one is never read: "
     "home_mailbox = Maildir/ does nothing while mailbox_command is set, as it often is by an "
     "installer (procmail). Postfix says nothing. Empty the setting that wins, or remove the "
     "ignored one."},
    {code::mailbox_size_limit, "a mailbox size limit below the message size limit",
     "local(8) and virtual(8) must be able to write a whole message, so each refuses to start "
     "when its mailbox limit (mailbox_size_limit, virtual_mailbox_limit) is above 0 and is "
     "smaller than message_size_limit, or when message_size_limit is 0 or negative (no limit) "
     "while the mailbox limit is above 0. It logs \"fatal: configuration error: mailbox_size_limit is smaller "
     "than message_size_limit\" (or \"is limited but message_size_limit is unlimited\") at "
     "every attempt, and all mail it should deliver is deferred until it expires. Raising "
     "message_size_limit alone, or setting it to 0, is how this usually happens; Postfix says "
     "nothing before. Raise the mailbox limit with it, or set the mailbox limit to 0. Judged "
     "for each local and virtual service of master.cf with its -o overrides that a transport "
     "parameter in use hands mail to (local_transport while mydestination lists a domain, "
     "virtual_transport while virtual_mailbox_domains does, ...); an agent that gets no mail "
     "never runs. A warning while transport_maps is set, whose answers may send that mail "
     "elsewhere."},
    {code::transport_not_in_master, "a transport that master.cf does not run",
     "content_filter, default_transport, relay_transport, local_transport, virtual_transport, "
     "mailbox_transport, fallback_transport and address_verify_*_transport name a transport "
     "(before the first ':'). The queue manager delivers through it by connecting to "
     "private/NAME, a socket that exists only while master.cf has a unix service NAME with the "
     "private field y or -. Otherwise qmgr logs \"connect to transport private/NAME: No such "
     "file or directory\" and defers the mail (\"mail transport unavailable\") until it "
     "expires. local(8) itself passes mail to mailbox_transport and fallback_transport, and "
     "defers it while it cannot connect. An error where the transport is in use, a warning where "
     "its address class lists no domain, or where local never falls back (mailbox_transport, "
     "when set, takes every recipient before local looks the user up). The answers of transport_maps and sender_dependent_default_transport_maps "
     "(transport:nexthop) and the FILTER transport:destination actions of access tables and "
     "header/body_checks name transports too, and are reported at their table line. Add the "
     "service (an amavis content filter needs its smtp-amavis entry) or fix the name."},
    {code::content_filter_loop, "an after-queue content filter gets its own mail back",
     "With content_filter = scan:[127.0.0.1]:10024 the queue manager hands each message to a "
     "filter (amavisd-new, the examples of FILTER_README) that sends it back into Postfix "
     "through an smtpd service on the next port, 10025 by their convention. That service must "
     "turn the filter off with -o content_filter= (usually with -o "
     "receive_override_options=no_unknown_recipient_checks,no_header_body_checks,no_milters "
     "too). Keeping the same content_filter hands the message to the filter again, round and "
     "round, each pass adding a Received: header, until cleanup refuses it (\"message "
     "rejected: hopcount exceeded\"). mfcc judges the smtpd inet services on the port after a "
     "content filter's that keep the same content_filter."},
    {code::dnsbl_unfiltered, "a Spamhaus list without a reply filter",
     "A DNS list entry without =filter counts any A record as a listing. Spamhaus answers "
     "queries that reach it through public or unregistered resolvers (and over-quota ones) "
     "with the error codes 127.255.255.252..255, so an unfiltered reject_rbl_client "
     "zen.spamhaus.org refuses every client behind such a resolver, an unfiltered allowlist "
     "lets every client through, and an unfiltered postscreen_dnsbl_sites entry scores every "
     "client. Filter the codes the list documents: zen.spamhaus.org=127.0.0.[2..255], "
     "dbl.spamhaus.org=127.0.1.[2..255] (in postscreen before the weight: "
     "zen.spamhaus.org=127.0.0.[2..255]*3). A warning: with a "
     "local recursive resolver registered with Spamhaus the lists work unfiltered."},
    {code::dnsbl_action_ignore, "postscreen DNSBL sites that nothing acts on",
     "postscreen_dnsbl_action defaults to ignore: postscreen queries postscreen_dnsbl_sites, "
     "logs each client's rank (\"DNSBL rank N for ...\") and lets every client through, as a "
     "trial run. Set postscreen_dnsbl_action = enforce (refuse the client's mail with 550) or "
     "drop (hang up) to act on the lists; an explicit postscreen_dnsbl_action = ignore is "
     "taken as meant."},
    {code::dnsbl_threshold_unreachable, "a postscreen DNSBL threshold no client can reach",
     "postscreen adds the weights (*N, 1 without) of the postscreen_dnsbl_sites that list a "
     "client and blocks it (postscreen_dnsbl_action) once the sum reaches "
     "postscreen_dnsbl_threshold. When the positive weights of all sites together stay below "
     "the threshold, no client ever scores enough: the DNSBLs block nothing, while every "
     "connection still waits for their answers. Lower the threshold, or weigh the sites with "
     "*N (zen.spamhaus.org*3)."},
    {code::tls_verify_no_ca, "an SMTP client that must verify servers trusts no CA",
     "At smtp_tls_security_level = verify or secure (lmtp_ likewise; the legacy "
     "smtp_enforce_tls = yes means verify) the client delivers only to a server whose "
     "certificate chains to a CA of smtp_tls_CAfile or smtp_tls_CApath, or to a trust anchor of "
     "smtp_tls_trust_anchor_file. With none of them set, "
     "Postfix loads no CA at all (tls_append_default_CA only adds the system's CAs to "
     "configured ones): no server is ever verified, and every delivery at that level is "
     "deferred (\"Server certificate not verified\") until it expires. Debian's main.cf sets "
     "smtp_tls_CApath = /etc/ssl/certs; minimal configurations do not. Judged for each smtp "
     "and lmtp service with its -o overrides; a verify or secure entry of a TLS policy table "
     "without a tafile attribute is reported as tls-policy-value."},
    {code::sender_login_maps_missing, "a sender-login restriction without smtpd_sender_login_maps",
     "reject_sender_login_mismatch and its authenticated, unauthenticated and known variants "
     "compare the envelope sender with the SASL login that owns it, and smtpd_sender_login_maps "
     "says who owns what. Without that table no sender has an owner: the restriction never "
     "rejects, smtpd says nothing, and every client, logged in or not, may send as anyone. "
     "Set smtpd_sender_login_maps (main.cf, or the service's -o)."},
    {code::pipe_recipient_limit, "pipe flags D or O where deliveries carry several recipients",
     "pipe(8) flags=D prepends Delivered-To: and flags=O X-Original-To:, each naming the one "
     "recipient of the delivery. pipe refuses a delivery request with more recipients (\"pipe "
     "flag `D' requires NAME_destination_recipient_limit = 1\") and defers it with \"mail "
     "system configuration error\", and the queue manager groups up to "
     "NAME_destination_recipient_limit recipients of one destination per request (main.cf; "
     "default_destination_recipient_limit = 50 without it). Every message for two users of one "
     "domain then waits in the queue until it expires. Dovecot's deliver and maildrop entries "
     "(Debian's master.cf ships maildrop with flags=DRXhu) are the usual case. Judged for the "
     "pipe services a transport parameter in use or a transport_maps answer hands mail to; a "
     "warning for one that only a transport parameter names while transport_maps is set, whose "
     "answers may send that mail elsewhere. Set NAME_destination_recipient_limit = 1 in "
     "main.cf, NAME being the master.cf service name."},
    {code::proxy_table_unapproved, "a proxy: table that proxymap does not approve",
     "proxymap(8) opens a table for another daemon only when proxy_read_maps (proxy_write_maps "
     "for the caches written through proxywrite) names it with the proxy: prefix, as proxymap "
     "itself expands that parameter: with main.cf's values and the proxymap service's -o, never "
     "the client service's -o. Any other table gets \"request for unapproved table\" in "
     "proxymap's log, and the daemon that opens it stops (\"fatal: proxymap service is not "
     "configured for table\"); smtpd opens its tables at start-up, so it greets no client. The "
     "default proxy_read_maps names the tables of Postfix's own parameters; what falls through "
     "are restriction classes, -o overrides (a submission service's own restrictions) and "
     "parameters a main.cf proxy_read_maps leaves out. Add the table, with proxy:, to "
     "proxy_read_maps in main.cf (after the entries of its default, which postconf -d "
     "proxy_read_maps prints; a reference to $proxy_read_maps itself would be a loop), or drop "
     "proxy: where the daemon may open the file itself."},
    {code::sasl_auth_not_offered, "smtpd never offers AUTH on a service that enables SASL",
     "With smtpd_tls_auth_only = yes smtpd announces AUTH only inside a TLS session. On a "
     "service without TLS (smtpd_tls_security_level = none, or no level and smtpd_use_tls = no, "
     "and no smtpd_tls_wrappermode) it never does: smtpd_sasl_auth_enable = yes does nothing, no "
     "client can log in, and permit_sasl_authenticated never matches, so a submission service "
     "that relays only for authenticated clients refuses everyone. Port 25 without AUTH is "
     "often intended, so a service is judged where it sets smtpd_sasl_auth_enable or "
     "smtpd_tls_auth_only by -o, and main.cf's settings where no running smtpd service offers "
     "AUTH at all. Enable TLS on the service (-o smtpd_tls_security_level=encrypt), or set "
     "smtpd_tls_auth_only = no."},
    {code::chroot_socket_path, "a chrooted daemon names a socket by its path outside the chroot",
     "master(8) runs a service whose master.cf chroot field is y (Debian's master.cf chroots "
     "smtpd, cleanup and lmtp) inside queue_directory, and the daemon opens every UNIX-domain "
     "socket path from there: smtpd_milters = unix:/var/run/opendkim/opendkim.sock is looked "
     "for as /var/spool/postfix/var/run/opendkim/opendkim.sock (\"connect to Milter service "
     "...: No such file or directory\"). Checked: smtpd_milters (smtpd), non_smtpd_milters "
     "(cleanup), check_policy_service unix:/path (smtpd answers with "
     "smtpd_policy_service_default_action), smtpd_sasl_path of Dovecot SASL (smtpd stops: "
     "\"no SASL authentication mechanisms\") and lmtp:unix:/path in the transport parameters "
     "and transport_maps (lmtp defers the mail). A path that starts with queue_directory is "
     "looked for below it a second time (error; name it relative to queue_directory). Any "
     "other absolute path works only where the same path exists inside the chroot, for example "
     "by a bind mount or a socket made there (guides put OpenDKIM's at "
     "/var/spool/postfix/opendkim/opendkim.sock and write unix:/opendkim/opendkim.sock): with "
     "--host-checks its directory is looked for there (error when absent), without it only the "
     "host can tell, and this is a note. Put the socket below queue_directory and name it "
     "relative to it (unix:private/dovecot-lmtp, unix:opendkim/opendkim.sock), or set the "
     "service's chroot field to n."},
    {code::milter_definition, "a Milter definition Postfix cannot use",
     "smtpd reads smtpd_milters, cleanup non_smtpd_milters (mail from sendmail and pickup). Each "
     "element is transport:endpoint (inet:host:port, inet:port on localhost, unix:/path, "
     "local:/path) or { transport:endpoint, name=value ... } with connect_timeout, "
     "command_timeout, content_timeout (times of at least 1s), default_action (accept, reject, "
     "tempfail, quarantine) and protocol (2, 3, 4 or 6, optionally no_header_reply). Some "
     "mistakes stop the program: a port that starts with a digit but is not a number "
     "(inet:127.0.0.1 takes 127.0.0.1 as the port), an empty port, an unknown or malformed "
     "attribute, an empty { }; smtpd then greets no client and cleanup queues no mail. The "
     "others (no transport, an unknown transport such as tcp:, a port name /etc/services does "
     "not list, an unknown default_action or protocol) make it skip that Milter with a warning: "
     "at the default milter_default_action = tempfail every client gets \"451 4.3.5 Server "
     "configuration problem\", at accept the mail passes unfiltered. Postfix says nothing "
     "before mail arrives."},
    {code::postscreen_access_command, "a postscreen_access_list word postscreen does not know",
     "postscreen_access_list is postscreen's own list, not an smtpd restriction list: it knows "
     "permit, reject, dunno, permit_mynetworks and type:table (whose answers are such words). "
     "At any other word (permit_sasl_authenticated, check_client_access ...) postscreen logs "
     "\"unknown command ... ignoring the remainder of this access list\" for every client, so "
     "what follows, such as permit_mynetworks, never applies and trusted clients go through all "
     "the tests. The answers of its tables are read the same way (permit, reject, dunno, "
     "permit_mynetworks; not smtpd's OK, and no nested type:table) and reported at their "
     "line. Postfix says nothing before a client connects."},
    {code::service_missing, "a feature needs a helper service master.cf does not run",
     "With smtp_tls_connection_reuse = yes (lmtp_ likewise) the smtp client hands TLS to "
     "tlsproxy(8), and postscreen asks dnsblog(8) for each of postscreen_dnsbl_sites; both "
     "reach the helper at private/NAME. Debian's master.cf ships tlsproxy and dnsblog commented "
     "out. Without tlsproxy every TLS delivery of that client is deferred (\"Cannot start TLS: "
     "handshake failure\"), even at level may (error); a client that never starts TLS (level "
     "none, or no level and smtp_use_tls = no, and no TLS policy table) needs no tlsproxy. "
     "Without dnsblog postscreen scores no "
     "DNSBL and logs \"connect to private/dnsblog service\" for each lookup (warning). "
     "postscreen hands the clients it lets through to the pass service smtpd_service_name "
     "(\"smtpd pass ... smtpd\"); without it every client gets \"421 4.3.2 All server ports are "
     "busy\" and no mail is received (error). check_policy_service unix:private/NAME reaches "
     "the socket of a private unix service NAME (a spawn service such as policyd-spf; "
     "unix:public/NAME a public one); without it smtpd logs \"problem talking to server "
     "private/NAME\" and answers every request that reaches the restriction with "
     "smtpd_policy_service_default_action, 451 4.3.5: an error when master.cf's service NAME "
     "is public (its socket is public/NAME), a warning when master.cf has no service NAME, "
     "since another program may listen there itself (Dovecot's quota-status service with a "
     "unix_listener in Postfix's private/ directory). Uncomment the helper in master.cf, or "
     "add the policy server's service."},
    {code::relay_credentials_unmatched, "smtp_sasl_password_maps has no entry smtp finds for the relayhost",
     "smtp looks up the credentials of a server by the server's host name, then by the next-hop "
     "destination exactly as relayhost writes it: for relayhost = [smtp.example.com]:587 the keys "
     "are smtp.example.com and [smtp.example.com]:587 (case does not matter). An entry written "
     "smtp.example.com:587 or [smtp.example.com] matches neither, so smtp sends no AUTH and the "
     "relay refuses the mail (530 Authentication required). Write the key as relayhost writes "
     "the destination, and rebuild the table. Judged for bracketed relayhosts, with every "
     "password table readable (source, inline) and smtp_sender_dependent_authentication off."},
    {code::dane_without_dnssec, "TLS level dane without DNSSEC lookups",
     "smtp (and lmtp) use level dane or dane-only only with smtp_dns_support_level = dnssec and "
     "smtp_host_lookup including dns: TLSA records are trusted only from DNSSEC-validated "
     "lookups. Otherwise smtp logs \"dane configured with dnssec lookups disabled\" for every "
     "destination; at level dane it falls back to opportunistic TLS (may), silently giving up "
     "the server authentication asked for (warning); at level dane-only it defers every message "
     "(error). Set smtp_dns_support_level = dnssec (and a DNSSEC-validating resolver)."},
    {code::alias_database_mismatch, "alias_maps and alias_database list different tables",
     "local(8) reads the alias tables alias_maps lists; newaliases (sendmail -bi) rebuilds the "
     "ones alias_database lists (an entry without type: default_database_type). A built table "
     "in alias_maps but not in alias_database is never rebuilt by newaliases, so edits to its "
     "source do nothing; one in alias_database (set by hand) but not in alias_maps is built and "
     "never read. Postfix says nothing. List the same indexed tables in both."},
    {code::client_sasl_half_configured, "SMTP client authentication set up by halves",
     "smtp(8) authenticates to a server only when smtp_sasl_auth_enable = yes and "
     "smtp_sasl_password_maps has a user name and password for that server (lmtp(8): the "
     "lmtp_ names). The switch without the maps stops smtp at start-up (\"specify a password "
     "table via the `smtp_sasl_password_maps' configuration parameter\"): an error, outbound "
     "mail waits. The maps without the switch are never read, and a relay that requires AUTH "
     "answers 530 Authentication required: a warning. Set both, per service where master.cf "
     "overrides them."},
    {code::client_sasl_plaintext_refused, "SMTP client authentication that rules out PLAIN and LOGIN",
     "With smtp_sasl_auth_enable = yes and credentials, smtp(8) chooses a SASL mechanism the "
     "server offers and its security options allow: smtp_sasl_security_options without TLS, "
     "smtp_sasl_tls_security_options in a TLS session (levels may and above), "
     "smtp_sasl_tls_verified_security_options with a verified server (the latter two default to "
     "the former). Postfix's default is noplaintext, noanonymous, which rules out PLAIN and "
     "LOGIN, the only mechanisms most relays and mail providers offer: smtp logs \"SASL "
     "authentication failed; cannot authenticate to server ...: no mechanism available\" and "
     "the mail waits in the queue. Set smtp_sasl_security_options = noanonymous (lmtp_ "
     "likewise) and protect the password with TLS. A warning: a relay may offer another "
     "mechanism, such as SCRAM or CRAM-MD5."},
    {code::client_wrapper_mode, "the SMTP client's TLS wrapper mode does not fit the relay's port",
     "A server on port 465 (submissions, RFC 8314) starts every connection with TLS; on 587 and "
     "25 it greets in plain text and offers STARTTLS. smtp(8) must match: smtp_tls_wrappermode = "
     "yes for port 465, no elsewhere. Without it on 465, smtp waits for a greeting that never "
     "comes (\"timed out while receiving the initial server greeting\"); with it on 587, 25 or "
     "toward MX hosts (no relayhost), the TLS handshake fails. Either way the mail waits in the "
     "queue. Judged for the smtp service default_transport names, which delivers to "
     "relayhost and to the answers of sender_dependent_relayhost_maps, and for the smtp "
     "service each transport_maps answer names (transport:nexthop), at the table line."},
    {code::tls_required_on_mx, "TLS required on port 25, where other servers deliver",
     "smtpd_tls_security_level = encrypt (or the legacy smtpd_enforce_tls = yes) on an smtpd "
     "service that receives mail on port 25 (directly, or behind postscreen there) answers MAIL "
     "FROM without STARTTLS with \"530 5.7.0 Must issue a STARTTLS command first\". Many "
     "servers deliver without TLS, so their mail is refused; RFC 3207 and Postfix's "
     "documentation say a publicly-referenced server must not require TLS. Use may on port 25 "
     "and encrypt on submission (-o smtpd_tls_security_level=encrypt). A warning: a relay only "
     "known peers use may mean it. smtpd_tls_wrappermode = yes there is an error: smtpd then "
     "waits for a TLS handshake before its greeting, so no server that delivers with SMTP ever "
     "gets a banner; set it with -o on the smtps (port 465) service only."},
    {code::host_unknown_account, "(--host-checks) an account this host does not have",
     "Only with --host-checks, run on the mail server itself. mail_owner and default_privs must "
     "name users, and setgid_group a group, that exist on the host (in /etc/passwd, "
     "/etc/group or another name service): every Postfix program looks them up at start-up "
     "and stops with \"unknown user name value\" or \"unknown group name\". Without "
     "--host-checks mfcc does not judge accounts, since the machine it runs on (CI) need not "
     "have the server's users."},
    {code::host_privileged_account, "(--host-checks) an account with user or group ID 0",
     "Only with --host-checks. mail_owner and default_privs must not have user ID 0 or group ID "
     "0, nor setgid_group group ID 0, whatever their names: every Postfix program stops with "
     "\"has privileged user ID\" or \"has privileged group ID\". The name root is reported "
     "without --host-checks too (startup-refused)."},
    {code::host_shared_id, "(--host-checks) Postfix accounts that share a user or group ID",
     "Only with --host-checks. Postfix keeps the queue owner, the account that runs external "
     "commands and the group of its set-gid programs apart: default_privs must not have "
     "mail_owner's user ID, and mail_owner, default_privs and setgid_group must have three "
     "different group IDs. Every Postfix program stops otherwise (\"specify the same user\", "
     "\"have the same group ID\"). Give each role its own account and group."},
    {code::host_interface, "(--host-checks) inet_interfaces names an address this host lacks",
     "Only with --host-checks. Each inet_interfaces entry other than all and loopback-only must "
     "resolve (a numeric address, /etc/hosts or the DNS) to addresses of the families "
     "inet_protocols enables, and each address must belong to a network interface of this "
     "host. Otherwise every Postfix program that needs the list (postfix check, master, smtpd) "
     "stops with \"host not found\" or \"no local interface found for ADDRESS\"."},
    {code::host_name_service, "(--host-checks) a host name mfcc could not look up as Postfix does",
     "Only with --host-checks, a note. mfcc is linked with the C library statically (a run is "
     "then mostly its own work, not the dynamic loader's), and a static C library can use only "
     "the name services built into it, files and dns. When the hosts line of /etc/nsswitch.conf "
     "names another (resolve, myhostname, mdns4_minimal, sss...), mfcc cannot resolve an "
     "inet_interfaces name as Postfix would, so it says so instead of judging the name. "
     "Numeric addresses are judged all the same; users and groups are looked up through "
     "getent(1), which uses every service."},
    {code::host_directory, "(--host-checks) a directory Postfix needs is not there",
     "Only with --host-checks. queue_directory, command_directory and daemon_directory must "
     "exist (postfix stops with \"chdir(...): No such file or directory\"), and so must "
     "meta_directory and shlib_directory unless it is no (postfix-script stops with \"no Postfix "
     "... directory\"). data_directory is not checked: postfix check creates it."},
    {code::host_file_owner, "(--host-checks) a file Postfix trusts has another owner or group",
     "Only with --host-checks, a warning at the file, as postfix check's. Root must own the "
     "configuration directory and everything in it, daemon_directory, meta_directory, "
     "shlib_directory and the copies in the chroot jail (queue_directory/etc, lib, usr ...), "
     "since Postfix acts on them as root; mail_owner must own data_directory and the queue's "
     "directories and files; setgid_group must be the group of public/, maildrop/, postdrop and "
     "postqueue. Whoever owns such a file can change what Postfix does. Fix with chown, or with "
     "postfix set-permissions."},
    {code::host_file_mode,
     "(--host-checks) a file Postfix trusts is writable by others, or postdrop or postqueue is "
     "not set-gid",
     "Only with --host-checks, a warning at the file, as postfix check's. Nothing in the "
     "configuration directory (through symbolic links too), in Postfix's program directories, "
     "in data_directory, nor the queue's top directory and pid/, may be writable by its group "
     "or by others (postfix check: \"group or other writable\"). postdrop and postqueue must be "
     "set-gid and executable by all, or local submission (sendmail, mailq) fails for users "
     "other than root. Fix with chmod, or with postfix set-permissions."},
    {code::host_symlink, "(--host-checks) a symbolic link leaves Postfix's directory",
     "Only with --host-checks, a warning at the link, as postfix check's (\"symlink leaves "
     "directory\"). A symbolic link in the configuration directory (or a program directory) "
     "whose target has a slash lets whoever controls the target change what Postfix reads as "
     "root. Copy the file in, or point the parameter at the target itself."},
    {code::host_queue_access, "(--host-checks) mail_owner cannot open a queue directory",
     "Only with --host-checks. postsuper, which postfix check runs as mail_owner, opens "
     "maildrop, incoming, active, deferred, hold, defer, bounce and flush in queue_directory; "
     "one that mail_owner can neither read nor search (for example owned by root, mode 0700) "
     "stops postfix check (\"scan_dir_push: open directory ...: Permission denied\"), and the "
     "daemons that use it fail. Fix with postfix set-permissions."},
    {code::host_chroot_copy, "(--host-checks) a file of the chroot jail differs from the host's",
     "Only with --host-checks, a warning, as postfix check's (\"... and ... differ\"). Daemons "
     "that run chrooted (the master.cf chroot column) read queue_directory/etc/resolv.conf, "
     "hosts, services and the like, copies that Debian's start script makes; a copy that differs "
     "from the host's file is stale, and those daemons resolve names or ports as the host no "
     "longer does. Restart Postfix (the copies are refreshed) or copy the file again."},
    {code::host_sendmail_differs, "(--host-checks) /usr/lib/sendmail is not Postfix's sendmail",
     "Only with --host-checks, a warning at /usr/lib/sendmail, as postfix check's "
     "(\"/usr/lib/sendmail and /usr/sbin/sendmail differ\"). Old software and crontabs run "
     "/usr/lib/sendmail; when it is a program of its own, usually left by another mail system, "
     "their mail never reaches Postfix. Make it a symbolic link to /usr/sbin/sendmail (Debian's "
     "postfix package does), or remove the other mail system."},
    {code::host_damaged_message, "(--host-checks) a damaged message in the corrupt queue",
     "Only with --host-checks, a warning at the file, as postfix check's (\"damaged message\"). "
     "Postfix moves a queue file it cannot read to queue_directory/corrupt, and never delivers "
     "it. Look at it with postcat, then remove it (postsuper -d) or recover what can be."},
    {code::undefined_parameter, "a $name reference to a parameter that exists nowhere",
     "A $name that names no built-in parameter and nothing in main.cf expands to the empty "
     "string, as postconf warns with \"undefined parameter\". Usually a typo in the name."},
    {code::expansion_loop, "parameters that expand each other forever",
     "A value that refers back to itself through $name references (a = $b, b = $a) cannot be "
     "expanded: Postfix stops with \"unreasonable macro call nesting\" when a program reads it."},
    {code::expansion_syntax, "a malformed $ reference",
     "A `$` must be followed by a name, `$`, `{...}` or `(...)`. Postfix stops with \"macro "
     "processing error\" on an unclosed ${, an empty name, or a name with other characters than "
     "letters, digits and _ (${foo-bar}). Write $$ for a literal dollar sign. A `level` comparison "
     "(${{$compatibility_level} <level {3.6} ? {a} : {b}}) stops it too when a side is not a "
     "compatibility level (\"malformed compatibility level syntax\"). In a parameter that "
     "Postfix does not know and nothing references, it is a warning: no program expands it. "
     "postconf, which postfix check and postfix start run, also evaluates "
     "smtpd_restriction_classes and the values its host and network defaults read (myhostname "
     "while mydomain is at its default, mydomain while myhostname is, inet_interfaces, "
     "inet_protocols and mynetworks_style while mynetworks is) with only main.cf's settings defined; a branch taken only there can "
     "meet an error that the daemons, with every default defined, do not."},
    {code::master_cf_syntax, "a master.cf line cannot be read",
     "A master.cf entry is a list of whitespace-separated fields; a `{` group must be closed, and "
     "a word that starts with one ends at its `}`. master stops on a word that starts with `{` "
     "and breaks either rule (\"missing '}'\", \"syntax error after '}'\" on {a b}c). A `{` "
     "later in a word without its `}` runs the word to the end of the entry, which the daemon "
     "gets as one argument (pipe defers every message on a ${user so cut). mfcc keeps the entry "
     "as Postfix cuts it, so -M prints it as postconf -M does."},
    {code::master_field_count, "a master.cf entry has fewer than 8 fields",
     "A master.cf entry is service, type, private, unpriv, chroot, wakeup, maxproc, command and "
     "its arguments. postconf and master stop with \"bad field count\"."},
    {code::master_bad_type, "a master.cf service type that does not exist",
     "The type field is one of inet, unix, unix-dgram, fifo, pass (case matters). master stops "
     "on anything else."},
    {code::master_bad_field, "a master.cf private, unpriv or chroot field that is not y, n or -",
     "These fields take y, n, or - for the default. master stops on anything else."},
    {code::master_bad_wakeup, "a malformed master.cf wakeup field",
     "The wakeup field is a number of seconds, optionally followed by ? (wake only a service "
     "that was used), or - for none."},
    {code::master_bad_process_limit, "a malformed master.cf maxproc field",
     "The maxproc field is a number (0 = no limit) or - for $default_process_limit."},
    {code::master_bad_service, "a malformed inet service name",
     "An inet service is a port, host:port or [host]:port, where host is a host name or a "
     "numeric address (an IPv6 address before the last ':' needs no brackets, [ipv6:address] "
     "is one too) and an empty host means every address. master stops at start-up on anything "
     "else, with the reason mfcc gives: no port (\"missing service information\"), a port "
     "such as 25x (\"garbage after numerical service\"), a host that is neither name nor "
     "address (\"valid hostname or network address required\")."},
    {code::master_bad_override, "an -o option without name=value",
     "Each -o takes one name=value operand (or -o { name = value with spaces }). postconf lets a "
     "bare -o through, but the daemon stops at start-up. The daemon reads its options with "
     "getopt: in -vo name=value the -o takes the next word, in -ovo name=value it takes \"vo\"."},
    {code::missing_master_cf, "no master.cf beside main.cf",
     "mfcc checks main.cf alone; service-specific checks and per-transport parameters need "
     "master.cf. Use --master FILE to name it."},
// The restriction, table, master.cf semantics and not-implemented checks.
#include "compiler/config_check_codes.inc"
// The TLS checks.
#include "compiler/tls_codes.inc"
};

} // namespace

std::span<const DiagnosticCodeInfo> diagnostic_codes() { return codes; }

const DiagnosticCodeInfo* find_diagnostic_code(std::string_view code)
{
    auto it = std::find_if(std::begin(codes), std::end(codes),
                           [&](const DiagnosticCodeInfo& info) { return code == info.code; });
    return it == std::end(codes) ? nullptr : &*it;
}

} // namespace mf::compiler
