#!/usr/bin/python3
# Random one-line settings for the parameters that a Postfix daemon reads when it starts: every
# daemon (global/mail_params.c), smtpd, the smtp and lmtp clients, the other daemons that
# master.cf runs (cleanup, qmgr, local, virtual, trivial-rewrite, postscreen...), sendmail and
# posttls-finger (for the TLS library's own parameters),
# taken from the parameter type table compiler/catalog/postconf-types.tsv: booleans, integers
# and times with their bounds, strings with a length bound (not empty, two characters), and the
# enumerations of compiler/catalog/enumerations.tsv. Values mix valid spellings with the
# mistakes administrators make (units, case, signs, overflow, empty, unknown words). Test 44 has
# the real daemon judge each one.
# Usage: typed_value_cases.py CATALOG_DIR SEED COUNT [foreign]; prints COUNT lines
# `DAEMON name = value`; with "foreign", DAEMON is another daemon of Debian's master.cf, for the
# setting as an -o override of a service that may not read it.
import os
import random
import sys

catalog, seed, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
foreign = sys.argv[4:] == ["foreign"]
FOREIGN = ["smtpd", "smtp", "lmtp", "cleanup", "qmgr", "local", "virtual", "trivial-rewrite",
           "bounce", "verify", "anvil", "scache", "flush", "tlsmgr", "proxymap", "showq"]
# The catalog generator's reading of a bound, macros (DEF_SMTPD_SASL_RESP_LIMIT...) included.
sys.dont_write_bytecode = True  # nothing written into the source tree
sys.path.insert(0, catalog)
from generate_catalog import bound  # noqa: E402

# Settings the oracle itself makes after the case (smtpd_oracle_lib.sh), settings that change
# where smtpd looks for its own files (which says nothing about the value),
# tlsproxy_service_name, whose length smtp and postscreen check but smtpd does not, and
# inet_protocols, which smtpd holds against the oracle's IPv4 connection (test 44 lists cases).
SKIP = {"queue_directory", "local_recipient_maps", "alias_maps", "myhostname", "mail_owner",
        "setgid_group", "tlsproxy_service_name", "command_directory", "daemon_directory",
        "meta_directory", "shlib_directory", "data_directory", "process_id_directory",
        "syslog_name", "import_environment", "export_environment", "inet_protocols"}

BOOLEAN = ["yes", "no", "YES", "No", "true", "false", "1", "0", "y", "yess", "on", ""]
NUMBER = ["0", "1", "-1", "2", "10", "100", "65535", "2147483647", "2147483648", "-2147483649",
          "99999999999999999999", "10k", "1e3", "0x10", "010", "+5", "abc", "", "1.5", "5x", "-0",
          "007", "1 000"]
LONG = ["9223372036854775807", "9223372036854775808", "4294967296"]
TIME = ["0", "1", "10", "10s", "10m", "2h", "3d", "1w", "10x", "s", "-1s", "1.5h", "10S", "10H",
        "1d2h", "", "0s", "4294967296s", "2147483647", "2147483648s", "99999999999d", "1W",
        "+3s", "3 s", "2147483647s", "35791394m", "35791395m", "3550w"]


def bounds(low, high, unit=""):
    out = []
    for limit in (low, high):
        if limit:
            out += [str(limit - 1) + unit, str(limit) + unit, str(limit + 1) + unit]
    return out


PROTOCOLS = ["TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3", "SSLv2", "SSLv3", "TLSv1.4", "tlsv1.2"]


def enumeration_values(form, words):
    words = [word for word in words.split(",") if word != "(empty)"]
    if form == "protocols":
        picks = [prefix + generator.choice(PROTOCOLS) for prefix in ("", "!", ">=", "<=")]
        return picks + [", ".join(picks[1:3]), ":".join(picks[:2]), "bogus", ""]
    values = words + [word.upper() for word in words] + [word.capitalize() for word in words]
    values += ["bogus", "", ", ".join(generator.sample(words, min(2, len(words))))]
    return values


generator = random.Random(seed)
enumerations = {}
with open(os.path.join(catalog, "enumerations.tsv")) as table:
    for line in table:
        fields = line.rstrip("\n").split("\t")
        if not line.startswith("#") and len(fields) >= 4:
            enumerations[fields[0]] = (fields[1], fields[3])

# The daemon that judges a parameter: the first of its source files, in this order, that is a
# daemon the oracle can start on its own (postlogd, spawn and master cannot; commands such as
# postqueue are not daemons; tls/tls_misc.c is read by any program that turns TLS on, and
# posttls-finger, which an administrator runs by hand, does).
JUDGES = [("smtpd/smtpd.c", "smtpd"), ("global/mail_params.c", "smtpd"),
          ("smtp/smtp_params.c", "smtp"), ("smtp/lmtp_params.c", "lmtp")] + [
    (daemon + "/" + daemon + ".c", daemon) for daemon in
    ("local", "virtual", "trivial-rewrite", "postscreen", "tlsproxy", "tlsmgr", "verify",
     "anvil", "scache", "flush", "qmqpd", "bounce", "pipe", "pickup", "proxymap", "showq",
     "dnsblog", "sendmail")] + [("cleanup/cleanup_init.c", "cleanup"), ("qmgr/qmgr.c", "qmgr"),
                                ("tls/tls_misc.c", "posttls-finger")]

parameters = []
with open(os.path.join(catalog, "postconf-types.tsv")) as table:
    for line in table:
        if line.startswith("#"):
            continue
        fields = line.rstrip("\n").split("\t")
        if len(fields) < 8 or fields[0] in SKIP:
            continue
        name, kind, low, high, sources = fields[0], fields[1], fields[3], fields[4], fields[7]
        daemon = next((judge for source, judge in JUDGES if source in sources.split(",")), None)
        if daemon is None:
            continue
        low, high = bound(low), bound(high)
        if name in enumerations:
            parameters.append((daemon, name, enumeration_values(*enumerations[name])))
        elif kind == "bool":
            parameters.append((daemon, name, BOOLEAN))
        elif kind == "int":
            parameters.append((daemon, name, NUMBER + bounds(low, high)))
        elif kind == "long":
            parameters.append((daemon, name, NUMBER + LONG + bounds(low, high)))
        elif kind == "time":
            parameters.append((daemon, name, TIME + bounds(low, high) + bounds(low, high, "s")))
        elif kind in ("string", "raw-string") and low >= 1:
            lengths = {low - 1, low, high, high + 1} - {-1, 0} if high else set()
            parameters.append((daemon, name, [""] + ["+=-"[:n] if n <= 3 else "+" * n
                                                     for n in sorted(lengths)]))

for _ in range(count):
    daemon, name, values = generator.choice(parameters)
    value = generator.choice(values)
    if foreign:
        daemon = generator.choice([other for other in FOREIGN if other != daemon])
    print(f"{daemon} {name} = {value}".rstrip())
