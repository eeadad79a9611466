#!/usr/bin/python3
# Checks the [restrictions] section of `mfcc --dump` against the configuration it came from:
# every list and class body, for main.cf and each smtpd service, holds the entries that real
# `postconf -c DIR -x -h NAME` prints (`-P SERVICE/NAME` for a master.cf -o override), in order;
# and each entry's FILE:LINE:COLUMN points at text that starts with the entry's name (an entry
# that a $name expansion produced points at that $name). Prints "ok NAME" / "not ok NAME" lines.
# Usage: snapshot_restrictions_check.py DUMP CONFIG_DIR SCOPE...   (SCOPE: main.cf, name/type)
import hashlib, re, subprocess, sys

dump_path, confdir, expected_scopes = sys.argv[1], sys.argv[2], sorted(sys.argv[3:])

def tokens(value):
    """Postfix's list split: separators ", \t\r\n"; a {...} group is one token."""
    out, i = [], 0
    while i < len(value):
        if value[i] in ", \t\r\n":
            i += 1
            continue
        start, depth = i, 0
        while i < len(value) and (depth > 0 or value[i] not in ", \t\r\n"):
            depth += value[i] == "{"
            depth -= value[i] == "}"
            i += 1
        out.append(value[start:i])
    return out

def postconf(name, service):
    if service:
        r = subprocess.run(["postconf", "-c", confdir, "-P", "-x", "-h", service + "/" + name],
                           capture_output=True, text=True)
        if r.returncode == 0 and r.stdout.strip():
            return r.stdout.strip()
    return subprocess.run(["postconf", "-c", confdir, "-x", "-h", name],
                          capture_output=True, text=True).stdout.strip()

def ok(name, good, *detail):
    print(("ok " if good else "not ok ") + name)
    if not good:
        for line in detail:
            print("    " + str(line))

section, lists = None, []
for line in open(dump_path):
    line = line.rstrip("\n")
    if re.fullmatch(r"\[[a-z]+\]", line):
        section = line
        continue
    if section != "[restrictions]":
        continue
    if not line.startswith("    "):
        head, _, where = line.partition("    # ")
        scope_name, _, value = head.partition(" =")
        parts = scope_name.split(" ")
        scope, is_class, name = parts[0], parts[1] == "class", parts[-1]
        lists.append({"scope": scope, "class": is_class, "name": name, "value": value,
                      "where": where, "entries": []})
    else:
        text, _, detail = line[4:].partition("    # ")
        lists[-1]["entries"].append((text, detail))

scopes = sorted({l["scope"] for l in lists})
ok("the dump has the scopes " + " ".join(expected_scopes), scopes == expected_scopes, scopes)
ok("each scope has its eight lists",
   all(sum(1 for l in lists if l["scope"] == s and not l["class"]) == 8 for s in scopes),
   [(l["scope"], l["name"]) for l in lists])

mismatch, entry_mismatch = [], []
for l in lists:
    service = "" if l["scope"] == "main.cf" else l["scope"]
    expected = tokens(postconf(l["name"], service))
    if tokens(l["value"]) != expected:
        mismatch.append((l["scope"], l["name"], tokens(l["value"]), expected))
    if [t for text, _ in l["entries"] for t in tokens(text)] != expected:
        entry_mismatch.append((l["scope"], l["name"]))
ok("every list holds what postconf -x -h (-P for -o) says, in order", not mismatch, *mismatch)
ok("the entry lines spell the same list", not entry_mismatch, *entry_mismatch)

files = {}
def text_at(path, line, column):
    if path not in files:
        files[path] = open(path).read().split("\n")
    return files[path][line - 1][column - 1:]

bad_location, located = [], 0
for l in lists:
    for text, detail in l["entries"]:
        m = re.match(r"(.+?):(\d+):(\d+)(;|$)", detail)
        if detail.startswith("default"):
            continue
        if not m:
            bad_location.append((text, detail))
            continue
        located += 1
        name = tokens(text)[0]
        at = text_at(m.group(1), int(m.group(2)), int(m.group(3)))
        if not at.startswith(name) and not at.startswith("$"):
            bad_location.append((l["scope"], l["name"], text, detail, at[:40]))
ok("every entry's FILE:LINE:COL points at its own text or its $name (%d entries)" % located,
   not bad_location, *bad_location)
print("located %d" % located)

