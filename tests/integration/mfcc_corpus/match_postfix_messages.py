#!/usr/bin/python3
# For the defect corpus of 42_mfcc_defects.sh: reads what postconf / postfix check printed
# (warnings and fatals) and mfcc's JSON diagnostics, works out the file and line each Postfix
# message is about (from ", line N", or from the parameter, field or text it names), and
# fails unless mfcc reported a diagnostic at that file and line.
# Usage: match_postfix_messages.py CONFIG_DIR POSTFIX_OUTPUT MFCC_JSON
import json
import os
import re
import sys

config_dir, postfix_output, mfcc_json = sys.argv[1:4]


def resolved(path):
    """The path with its directories' symbolic links resolved, not its own: postfix check's
    warnings name a link itself."""
    path = os.path.normpath(os.path.abspath(path))
    return os.path.join(os.path.realpath(os.path.dirname(path)), os.path.basename(path))


main_cf = resolved(os.path.join(config_dir, "main.cf"))
master_cf = resolved(os.path.join(config_dir, "master.cf"))
lines = {f: open(f, encoding="utf-8", errors="replace").read().split("\n") for f in (main_cf, master_cf)}


def find(path, predicate):
    for number, text in enumerate(lines[path], 1):
        if predicate(text):
            return number
    return None


def collapse(text):
    return " ".join(text.split())


def find_in(path, predicate):
    try:
        text = open(path, encoding="utf-8", errors="replace").read().split("\n")
    except OSError:
        return None
    for number, line in enumerate(text, 1):
        if predicate(line):
            return number
    return None


def queue_directory():
    settings = [m.group(1) for m in (re.match(r"queue_directory\s*=\s*(\S+)", t) for t in lines[main_cf]) if m]
    return settings[-1] if settings else "/var/spool/postfix"


def locate(message):
    m = re.search(r"(\S+), line (\d+): ", message) or re.search(r"file (\S+): line (\d+): ", message)
    if m:
        return resolved(m.group(1)), int(m.group(2))
    # postfix-script's ownership and permission warnings, and postsuper's queue directories
    # it cannot open: at the file itself (line 0), as mfcc --host-checks reports them.
    m = re.search(r"warning: (?:not owned by (?:group )?\S+|group or other writable|symlink leaves directory"
                  r"|not set-gid or not owner\+group\+world executable): (/\S+)$", message) or \
        re.search(r"warning: (/\S+) and /\S+ differ$", message)
    if m:
        return resolved(m.group(1)), 0
    m = re.search(r"warning: damaged message: (\S+)$", message)
    if m:
        return resolved(os.path.join(queue_directory(), m.group(1))), 0
    # postsuper names the queue folder it cannot open; mfcc may name the cause above it, a
    # queue_directory mail_owner cannot search.
    m = re.search(r"fatal: scan_dir_push: open directory (\S+): Permission denied", message)
    if m:
        folder = resolved(os.path.join(queue_directory(), m.group(1)))
        return [(folder, 0), (resolved(queue_directory()), 0)]
    # A database client configuration file: "mysql:/path: unused parameter: name=value".
    m = re.search(r"\b[a-z]+:(/\S+): unused parameter: ([^=]+)=", message)
    if m:
        path, name = resolved(m.group(1)), m.group(2)
        return path, find_in(path, lambda t: re.match(re.escape(name) + r"\s*=", t))
    # Text that continues no line, in main.cf or a database client file: at that text.
    m = re.search(r'(/\S+): logical line must not start with whitespace: "(.*)"$', message)
    if m:
        path, text = resolved(m.group(1)), m.group(2)
        return path, find_in(path, lambda t: t.rstrip("\r") == text)
    # A database client configuration file that is missing: at the reference in main.cf.
    m = re.search(r'open "[a-z]+" configuration "([^"]+)"', message)
    if m:
        return main_cf, find(main_cf, lambda t: m.group(1) in t)
    # mail_params_init, which every Postfix program runs: "file DIR/main.cf: parameter NAME:
    # ...", "parameters A and B ...", "A and B parameter settings ...", "NAME parameter setting
    # ...": at NAME's line, or at the first of A and B that main.cf sets. A myhostname or
    # mydomain computed from the other is reported at the other.
    # "myhostname and relayhost ... must not be identical": relayhost is the one to change.
    m = re.search(r"main\.cf: parameters? (\w+)(?: and (\w+))?[: ]", message) or \
        re.search(r"(\w+) and (\w+) parameter settings must not", message) or \
        re.search(r"(\w+)() parameter setting must not", message)
    if m:
        names = [n for n in m.groups() if n]
        if "must not be identical" in message:
            names.reverse()
        if names[0] in ("myhostname", "mydomain"):
            names.append("mydomain" if names[0] == "myhostname" else "myhostname")
        for name in names:
            line = find(main_cf, lambda t: re.match(re.escape(name) + r"\s*=", t))
            if line:
                return main_cf, line
        return main_cf, None
    # maillog_file: postfix(1)'s prefix check, and postfix-script's look for the postlog
    # service that writes the file: both at maillog_file's line.
    if re.search(r"maillog_file value '[^']*' does not match any prefix", message) or \
            "missing 'postlog' service in master.cf" in message:
        return main_cf, find(main_cf, lambda t: re.match(r"maillog_file\s*=", t))
    # inet_interfaces as every program reads it: "config variable inet_interfaces: host not
    # found: X", "parameter inet_interfaces: no local interface found for X".
    m = re.search(r"config variable (\w+): host not found: ", message) or \
        re.search(r"parameter (\w+): no local interface found for ", message)
    if m:
        return main_cf, find(main_cf, lambda t: re.match(re.escape(m.group(1)) + r"\s*=", t))
    # A directory postfix(1) changes into ("chdir(/x): No such file or directory") or
    # postfix-script does ("no Postfix meta directory /x!"): at the line that names it.
    m = re.search(r"fatal: chdir\((/[^)]*)\): ", message) or \
        re.search(r"fatal: no Postfix [\w -]+ directory (/\S+)!", message)
    if m:
        return main_cf, find(main_cf, lambda t: re.match(r"\w+_directory\s*=\s*" + re.escape(m.group(1)) + r"\s*$", t))
    m = re.search(r"fatal: (/\S+): cannot open file", message)
    if m:
        return main_cf, find(main_cf, lambda t: m.group(1) in t)
    # postfix(1)'s own parameter checks: "bad string length 0 < 1: name = value". An empty
    # mydomain that main.cf does not set was made from myhostname: at myhostname's line.
    m = re.search(r"bad string length \d+ [<>] \d+: (\S+) =", message)
    if m:
        names = [m.group(1)] + (["myhostname"] if m.group(1) == "mydomain" else [])
        for name in names:
            line = find(main_cf, lambda t: re.match(re.escape(name) + r"\s*=", t))
            if line:
                return main_cf, line
        return main_cf, None
    m = re.search(r"(\S+): unused parameter: ([^=]+)=", message)
    if m:
        path = resolved(m.group(1))
        name = m.group(2)
        if path == master_cf:
            # postconf cuts joined option words at each letter o (-osyslog_name=x makes it
            # see g_name=x): then the name is inside a word.
            return path, find(path, lambda t: re.search(r"(^|\s|\{)\s*" + re.escape(name) + r"\s*=", t)) or \
                find(path, lambda t: re.search(r"\s-\S*" + re.escape(name) + r"\s*=", t))
        return path, find(path, lambda t: re.match(re.escape(name) + r"\s*=", t))
    m = re.search(r"undefined parameter: (\w+)", message)
    if m:
        ref = re.compile(r"\$(\{|\()?\s*" + m.group(1) + r"\b")
        return main_cf, find(main_cf, lambda t: ref.search(t) is not None)
    m = re.search(r"bad (boolean|numerical) configuration: (\S+) =", message) or \
        re.search(r"invalid (\S+ )?(\S+) parameter value", message)
    if m:
        return main_cf, find(main_cf, lambda t: t.startswith(m.group(2)))
    m = re.search(r'invalid \S+ field "[^"]*" in "([^"]*)"', message)
    if m:
        entry = collapse(m.group(1))
        return master_cf, find(master_cf, lambda t: collapse(t) == entry)
    m = re.search(r'(truncated macro reference|empty macro name): "([^"]*)"', message)
    if m:
        return main_cf, find(main_cf, lambda t: m.group(2) in t)
    m = re.search(r"missing '\}' in \"([^\"]*)\"", message)
    if m:
        return master_cf, find(master_cf, lambda t: m.group(1) in t)
    m = re.search(r'syntax error at: "\.\.\.(.*)>>>(.*)"', message)
    if m:
        text = m.group(1) + m.group(2)
        return main_cf, find(main_cf, lambda t: text in t)
    # mac_expand's other parse errors show what it read and what follows, blanks between skipped.
    m = re.search(r'(unexpected input|":" expected) at: "\.\.\.(.*)>>>(.*)"', message)
    if m:
        return main_cf, find(main_cf, lambda t: m.group(2) in t and m.group(3) in t)
    # compatibility_level's own value (its first line), or an operand of a `level` comparison.
    m = re.search(r'malformed compatibility level syntax: "([^"]*)"', message)
    if m:
        said = collapse(m.group(1))

        def own(t):
            setting = re.match(r"compatibility_level\s*=\s*(.*)$", t)
            return setting is not None and said.startswith(collapse(setting.group(1)))
        return main_cf, find(main_cf, own) or \
            find(main_cf, lambda t: re.search(r"[<>=!]=?level\b", t) is not None)
    return None


reported = set()
for item in json.load(open(mfcc_json)):
    reported.add((resolved(item["file"]), item["line"]))

messages = set()
for line in open(postfix_output, encoding="utf-8", errors="replace"):
    # valid_hostname's warning only gives the reason of the fatal error that follows it, and
    # postfix-script's "Replace one by a symbolic link" the advice for the warning before it.
    if re.search(r"(warning|fatal): ", line) and "macro processing error" not in line and \
            "valid_hostname: " not in line and "Replace one by a symbolic link" not in line:
        messages.add(re.sub(r"^\S+: ", "", line.strip().replace("\r", "")))
if not messages:
    sys.exit("Postfix printed no warning or error: this case is not a defect")
missing = []
for message in sorted(messages):
    where = locate(message)
    # One place, or a list of places any of which will do.
    places = where if isinstance(where, list) else [where]
    if where is None or any(line is None for _, line in places):
        missing.append("cannot locate: " + message)
    elif not any(place in reported for place in places):
        missing.append("mfcc says nothing at %s for: %s" %
                       (" or ".join("%s:%d" % place for place in places), message))
if missing:
    sys.exit("\n".join(missing))
print("%d Postfix messages, each matched by mfcc" % len(messages))
