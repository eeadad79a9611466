#!/usr/bin/python3
# Differential test of mfcc against real postconf on random main.cf files built from every `$`
# expansion form (bare, ${}, $(), ?, :, the braced branches, relational tests with and without
# `level`, $$), continuation lines, comments, duplicates, and user-defined names referenced or
# not. For each configuration:
#   - where postconf -n and postconf -x -h both succeed: mfcc -n prints what postconf -n prints,
#     mfcc -p what postconf -x -h prints for every name used, and both call the same names
#     "unknown parameter";
#   - where postconf dies on it: mfcc (checks) exits 1, an error, and mfcc -n and -p refuse
#     (exit 1, nothing printed) where postconf -n and -x -h do, and only there.
# And random master.cf files (fields with their `-` defaults, `?` wakeups, host:port services,
# -o in every spelling, braced arguments, continuation lines): mfcc -M prints what postconf -M
# prints, and where postconf finds a brace syntax error (master dies on it), mfcc reports one
# (and mfcc -M still prints what postconf -M prints, the entry cut into words as Postfix cuts it).
# inet_interfaces is left out: postconf resolves its names on this host.
# Usage: random_configurations.py MFCC WORK_DIR SEED COUNT; prints the differences, exits 1 if any.
import os
import random
import re
import subprocess
import sys
import time

mfcc, work, seed, count = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])

KNOWN = ["myhostname", "mydomain", "myorigin", "relay_domains", "mydestination", "smtpd_banner",
         "mail_name", "alias_maps", "virtual_alias_maps", "compatibility_level", "smtp_helo_name",
         "notify_classes", "masquerade_domains", "smtpd_tls_security_level",
         "maximal_queue_lifetime", "recipient_delimiter", "default_transport", "relay_transport",
         "smtpd_client_restrictions"]
USER = ["foo", "bar", "baz", "x1", "my_list"]
NAMES = sorted(set(KNOWN + USER))
WORDS = ["a", "b.example", "example.com", "hash:/etc/postfix/x", "{ a b }", "$$", "x,y", "-", "",
         "1", "3.6", "2", "10d", "yes", "no", "permit", "reject", " 3.6", "+2", "3.6.1024"]
OPERATORS = ["==", "!=", "<", "<=", ">", ">=", "<level", "<=level", ">level", ">=level",
             "==level", "!=level"]


def reference(r, depth):
    name = r.choice(KNOWN + USER + ["undefined_thing"])
    form = r.randrange(3) if depth > 2 else r.randrange(9)
    if form == 0:
        return "$" + name
    if form == 1:
        return "${" + name + "}"
    if form == 2:
        return "$(" + name + ")"
    if form == 3:
        return "${" + name + "?" + value(r, depth + 1) + "}"
    if form == 4:
        return "${" + name + ":" + value(r, depth + 1) + "}"
    if form == 5:
        return "${" + name + r.choice(["?", " ? "]) + "{" + value(r, depth + 1) + "}" + \
            r.choice([":", " : "]) + "{" + value(r, depth + 1) + "}}"
    if form == 6:
        operator = r.choice(OPERATORS)
        if operator.endswith("level") and r.random() < 0.8:
            # Mostly levels on both sides: a malformed one is fatal, and fatal costs a second.
            left, right = "$compatibility_level", r.choice(["2", "3.6", " 3.6", "+3", "3.6.1023"])
        else:
            left, right = reference(r, depth + 1), r.choice(WORDS)
        return "${{" + left + "} " + operator + " {" + right + "} ? {" + value(r, depth + 1) + \
            "} : {" + value(r, depth + 1) + "}}"
    if form == 7:
        return "${" + name + "?{" + value(r, depth + 1) + "}}"
    return "${" + name + ":{" + value(r, depth + 1) + "}}"


def value(r, depth=0):
    parts = [reference(r, depth) if r.random() < 0.45 else r.choice(WORDS)
             for _ in range(r.randrange(1, 4))]
    return r.choice([" ", ", ", ",", "  ", ""]).join(parts)


def main_cf(r):
    lines = []
    for _ in range(r.randrange(1, 8)):
        name = r.choice(KNOWN + USER)
        text = value(r)
        # Mostly a level that works: postconf's every fatal error costs a second's sleep.
        if name == "compatibility_level" and r.random() < 0.8:
            text = r.choice(["2", "3.6", " 3.6", "+3.6", "3.6.1023", "${foo:3.6}"])
        line = "%s = %s" % (name, text)
        if r.random() < 0.15 and " " in text:
            first, rest = text.split(" ", 1)
            line = "%s = %s\n    %s" % (name, first, rest)
        if r.random() < 0.05:
            line = "# a comment\n" + line
        lines.append(line)
    return "\n".join(lines) + "\n"


MASTER_ARGUMENTS = ["-o smtpd_banner=x", "-o { smtpd_banner = a  b }", "-o {x1 = 1 2}", "-v",
                    "-o{smtpd_helo_required=yes}", "-o foo=$bar", "{a b}", "{ a  b }", "flags=R",
                    "argv=/bin/cat", "${recipient}", "{}", "{a}{b}", "{a b}c", "-D", "-o", "--",
                    "-o {smtpd_banner =}", "{-v}", "{-o}", "x{a b}", "{ a b = c }", "-oa=b",
                    "{k = v}", "-vDo{ a = b }", "-o {=x}", "-v{a b}", "{-o a=b}"]


def master_cf(r):
    lines = []
    for _ in range(r.randrange(1, 5)):
        fields = [r.choice(["smtp", "127.0.0.1:2525", "[::1]:2526", "submission", "relay", "foo"]),
                  r.choice(["inet", "unix", "pass", "fifo", "unix-dgram"]),
                  r.choice(["y", "n", "-"]), r.choice(["y", "n", "-"]), r.choice(["y", "n", "-"]),
                  r.choice(["-", "0", "60", "60?"]), r.choice(["-", "0", "1", "100"]),
                  r.choice(["smtpd", "pipe", "local", "smtp", "qmgr"])]
        arguments = [r.choice(MASTER_ARGUMENTS) for _ in range(r.randrange(0, 5))]
        separator = r.choice([" ", "\n  ", "\t"])
        lines.append(" ".join(fields) + "".join(separator + a for a in arguments))
        if r.random() < 0.1:
            lines.append("# a comment")
    return "\n".join(lines) + "\n"


def run(*command):
    return subprocess.run(command, capture_output=True, text=True)


def unknown_names(stderr):
    return sorted(line.split(": ")[-2] for line in stderr.splitlines()
                  if line.endswith(": unknown parameter"))


differences = []


def master_brace_error(stderr, master):
    """A brace error postconf reports for a word as master reads it (master dies on it), not for
    a piece that postconf's own cutting of an option word made (-o{smtpd_hel...)."""
    for m in re.finditer(r"(?:syntax error after '}'|missing '}') in \"([^\"]*)\"", stderr):
        if re.search(r"(^|\s)" + re.escape(m.group(1)), master):
            return True
    return False


def expect_error(label, what, postconf):
    """Postconf found what master or every program dies on: mfcc must report an error."""
    checked = run(mfcc, "--no-file-checks", "-q", directory)
    if checked.returncode != 1:
        differences.append("%s%s (%s), mfcc exits %d" % (
            label, what, postconf.stderr.strip().splitlines()[-1], checked.returncode))


compared = died = 0
directory = os.path.join(work, "random.cf")
os.makedirs(directory, exist_ok=True)
for case in range(count):
    r = random.Random(seed * 1000003 + case)
    text = main_cf(r)
    master = master_cf(r) if r.random() < 0.5 else ""
    with open(os.path.join(directory, "master.cf"), "w") as out:
        out.write(master)
    path = os.path.join(directory, "main.cf")
    with open(path, "w") as out:
        out.write(text)
    # Postfix's programs wait while main.cf looks freshly written; make it look settled.
    settled = time.time() - 60
    os.utime(path, (settled, settled))
    label = "seed %d case %d:\n%s%s" % (seed, case, text, "master.cf:\n" + master if master else "")
    want_m = run("postconf", "-c", directory, "-M")
    got_m = run(mfcc, "-M", directory)
    if not want_m.returncode and got_m.stdout != want_m.stdout:
        differences.append("%smfcc -M:\n%spostconf -M:\n%s" % (label, got_m.stdout, want_m.stdout))
    if master_brace_error(want_m.stderr, master):
        died += 1
        expect_error(label, "postconf -M", want_m)
        continue
    want_n = run("postconf", "-c", directory, "-n")
    want_x = run("postconf", "-c", directory, "-x", "-h", *NAMES) if not want_n.returncode \
        else want_n
    got_n = run(mfcc, "-n", directory)
    got_x = run(mfcc, "-p", "-c", directory, *NAMES)
    # Where postconf dies (reading, or expanding at start-up or for -x), mfcc's view refuses:
    # exit 1, nothing printed; where it does not, mfcc's view prints.
    for view, want, got in (("-n", want_n, got_n), ("-p", want_x, got_x)):
        if bool(want.returncode) != bool(got.returncode) or (want.returncode and got.stdout):
            differences.append("%smfcc %s exits %d, postconf exits %d (%s)" % (
                label, view, got.returncode, want.returncode,
                (want.stderr.strip().splitlines() or [""])[-1]))
    if want_x.returncode:
        died += 1
        expect_error(label, "postconf dies", want_x)
        continue
    compared += 1
    if got_n.stdout != want_n.stdout:
        differences.append("%smfcc -n:\n%spostconf -n:\n%s" % (label, got_n.stdout, want_n.stdout))
    if got_x.stdout != want_x.stdout or unknown_names(got_x.stderr) != unknown_names(want_x.stderr):
        lines = []
        for name in NAMES:
            want = run("postconf", "-c", directory, "-x", "-h", name)
            got = run(mfcc, "-p", "-c", directory, name)
            if want.stdout != got.stdout:
                lines.append("  %s: postconf %r, mfcc %r" % (name, want.stdout, got.stdout))
        differences.append("%smfcc -p differs from postconf -x -h:\n%s" % (label, "\n".join(lines)))
for difference in differences[:5]:
    print(difference)
print("seed %d: %d configurations compared, %d that postconf dies on, %d differences"
      % (seed, compared, died, len(differences)))
sys.exit(1 if differences else 0)
