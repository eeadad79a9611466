#!/usr/bin/python3
# Generates compiler/catalog_data.inc, the parameter catalog compiled into mfcc, from the data files
# beside this script: postconf-types.tsv (types, bounds, default units), postconf-defaults.txt
# (postconf -d), postconf-expanded-defaults.txt (postconf -dx), enumerations.tsv (fixed word sets
# and when they are read) and mfd-implemented.txt (what mfd runs).
# Start-up stays lean: the catalog is a sorted constant array, searched in place, never parsed.
# Usage: generate_catalog.py [OUTPUT]   (default: compiler/catalog_data.inc; '-' = stdout)
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
# The daemons that master.cf runs (its command field).
DAEMONS = {"smtpd", "smtp", "lmtp", "cleanup", "qmgr", "oqmgr", "local", "virtual", "pipe",
           "spawn", "trivial-rewrite", "postscreen", "tlsproxy", "tlsmgr", "verify", "anvil",
           "scache", "flush", "qmqpd", "bounce", "pickup", "proxymap", "showq", "dnsblog",
           "postlogd", "discard", "error"}
# The commands that read main.cf when an administrator runs them.
COMMANDS = {"postfix", "postmulti", "postdrop", "postqueue", "sendmail", "posttls-finger",
            "postlock"}
DELIVERY_SUFFIXES_VIA = None  # filled from the "(via $x)" rows


def read_rows(name):
    with open(os.path.join(HERE, name), encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            yield line


def c_string(text):
    out = []
    for ch in text:
        if ch in '\\"':
            out.append("\\" + ch)
        elif ord(ch) < 32 or ord(ch) > 126:
            out.append("\\%03o" % ord(ch))
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


# Bounds that the Postfix sources name by a macro (postconf-types.tsv keeps the name), with the
# values that real Postfix 3.7 enforces (test 44 and the daemons' own messages: "invalid
# smtpd_sasl_response_limit parameter value 12287 < 12288", "8640001 (max 8640000)").
# MIN_DELAY_MAX_RES is 0: no lower bound.
SYMBOLIC_BOUNDS = {
    "DEF_SMTPD_SASL_RESP_LIMIT": 12288,
    "MIN_DELAY_MAX_RES": 0,
    "MAX_DELAY_MAX_RES": 6,
    "MAX_SMTPD_TLS_SCACHETIME": 8640000,
    "MAX_SMTP_TLS_SCACHETIME": 8640000,
    "MAX_LMTP_TLS_SCACHETIME": 8640000,
}


def bound(text):
    if not text or re.fullmatch(r"-?[0-9]+", text):
        return int(text or 0)
    # "0|0": the bound of each program that reads the parameter; they must agree.
    if "|" in text:
        values = {bound(part) for part in text.split("|")}
        if len(values) != 1:
            sys.exit("generate_catalog.py: programs disagree on bound %s" % text)
        return values.pop()
    if text not in SYMBOLIC_BOUNDS:
        sys.exit("generate_catalog.py: postconf-types.tsv names bound %s, whose value is not known"
                 % text)
    return SYMBOLIC_BOUNDS[text]


def expand_condition(text, named, rows, where):
    """The condition `text` as the runtime reads it (compiler/enabling_condition.hpp):
    alternatives ('|') of conjunctions ('&') of atoms. `@name` stands for a condition defined
    on an earlier "@name" row; a conjunction that holds one is distributed over its
    alternatives, so "a&@m" with "@m = b|c" becomes "a&b|a&c"."""
    alternatives = []
    for conjunction in text.split("|"):
        products = [[]]
        for term in conjunction.split("&"):
            if term.startswith("@"):
                if term not in named:
                    sys.exit("enumerations.tsv: undefined condition %s in %s" % (term, where))
                choices = [alt.split("&") for alt in named[term].split("|")]
            else:
                if re.split(r"!?=", term)[0] not in rows:
                    sys.exit("enumerations.tsv: unknown parameter in the condition of " + where)
                choices = [[term]]
            products = [p + c for p in products for c in choices]
        alternatives += ["&".join(p) for p in products]
    return "|".join(alternatives)


def main():
    output = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "catalog_data.inc")
    defaults = {}
    for line in read_rows("postconf-defaults.txt"):
        name, _, value = line.partition(" =")
        defaults[name] = value[1:] if value.startswith(" ") else value
    rows = {}
    for line in read_rows("postconf-types.tsv"):
        cols = line.split("\t")
        while len(cols) < 8:
            cols.append("")
        rows[cols[0]] = cols
    # postconf -d names that no CONFIG_*_TABLE declares (config_directory is set from -c).
    for name, value in defaults.items():
        rows.setdefault(name, [name, "string", value, "0", "0", "", "", "postconf -d"])
    enums = {}
    named_conditions = {}
    for line in read_rows("enumerations.tsv"):
        if line.startswith("@"):
            name, condition = line.split("\t")
            named_conditions[name] = expand_condition(condition, named_conditions, rows, name)
            continue
        name, form, case, words, *rest = line.split("\t")
        when = rest[0] if rest else ""
        if name not in rows:
            sys.exit("enumerations.tsv: unknown parameter " + name)
        if form not in ("one", "list", "protocols") or case not in ("fold", "exact"):
            sys.exit("enumerations.tsv: bad form or case for " + name)
        if when:
            # The runtime takes everything before the first ':' as the description.
            description, colon, condition = when.partition(":") if ":" in when else ("", "", when)
            if "@" in condition and not colon:
                sys.exit("enumerations.tsv: a condition with named parts needs a description: "
                         + name)
            if condition != "never":
                condition = expand_condition(condition, named_conditions, rows, name)
            elif not colon:
                sys.exit("enumerations.tsv: \"never\" needs a description: " + name)
            when = description + colon + condition
        enums[name] = (form, case, words, when)
    implemented = []
    for line in read_rows("mfd-implemented.txt"):
        implemented.append(line.strip())

    def is_implemented(name):
        for pattern in implemented:
            if pattern.endswith("*") and name.startswith(pattern[:-1]):
                return True
            if pattern == name:
                return True
        return False

    # Per-transport parameters that postconf derives from master.cf services: the "(via $x)" rows,
    # plus <transport>_destination_{concurrency,recipient}_limit of those transports.
    derived_prefixes = set()
    templates = {}
    for name, cols in rows.items():
        m = re.fullmatch(r"(\w+)\(via \$(\w+)\)", cols[1])
        if not m:
            continue
        base = m.group(2)
        suffix = "time_limit" if base == "command_time_limit" else re.sub(r"^default_", "", base)
        prefix = name[: -len(suffix) - 1]
        if not name.endswith("_" + suffix):
            sys.exit("cannot split derived parameter " + name)
        derived_prefixes.add(prefix)
        templates[suffix] = (m.group(1), "$" + base, rows[base] if base in rows else cols)
    for suffix in ("destination_concurrency_limit", "destination_recipient_limit"):
        base = "default_" + suffix
        templates[suffix] = ("int", "$" + base, rows[base])

    def is_derived(name):
        for prefix in derived_prefixes:
            if name.startswith(prefix + "_") and name[len(prefix) + 1:] in templates:
                return rows[name][1].find("(via") >= 0 or prefix != "local"
        return False

    def kind(name, cols):
        base_type = re.sub(r"\(.*", "", cols[1])
        if name in enums:
            return "enumeration"
        if base_type == "string" or base_type == "unknown":
            if name.endswith("_restrictions"):
                return "restriction_list"
            if (name.endswith("_maps") or name.endswith("_checks") or cols[6] == "list:maps"
                    or name in ("alias_database", "relay_clientcerts")):
                return "table_list"
            if cols[6] == "list":
                return "list"
            return "string" if base_type == "string" else "unknown"
        if base_type == "long":
            return "size" if ("size" in name or name.endswith("_limit")) else "long_integer"
        return {"bool": "boolean", "int": "integer", "time": "time",
                "raw-string": "raw_string"}[base_type]

    host_dependent = {"myhostname", "mydomain", "mynetworks", "process_id", "process_name"}
    # Each program sets these itself after reading main.cf; postconf drops an assignment with
    # "read-only parameter assignment" (all of Postfix 3.7's, found by assigning every name).
    read_only = {"process_id", "process_name", "service_name"}
    # Defaults that hold `$` references, as postconf expands them, with every name the expansion
    # reads (through other defaults too): mfcc uses the expansion while main.cf sets none of
    # those names. A default reading what the host or the running program supplies is left out.
    expanded = {}
    for line in read_rows("postconf-expanded-defaults.txt"):
        name, _, value = line.partition(" =")
        expanded[name] = value[1:] if value.startswith(" ") else value
    computed_at_run_time = host_dependent | {"config_directory", "service_name"}

    def names_read_by(name):
        found = set()
        pending = [name]
        while pending:
            for m in re.finditer(r"\$[{(]?\s*([A-Za-z0-9_]+)", defaults.get(pending.pop(), "")):
                if m.group(1) not in found:
                    found.add(m.group(1))
                    pending.append(m.group(1))
        return found

    # postconf prints values with whitespace runs collapsed, mfcc's expansion keeps them: where a
    # reference next to a space expands to nothing ("$a $b" with an empty $a), the two differ.
    def expands_empty(name):
        value = expanded[name] if name in expanded else defaults.get(name, "")
        return value == ""

    def display_differs(name):
        return re.search(r"\s", defaults[name]) is not None and any(
            expands_empty(m.group(1))
            for m in re.finditer(r"\$[{(]?\s*([A-Za-z0-9_]+)", defaults[name]))

    # Which programs read a parameter (those whose sources declare it): the daemons as
    # master.cf names their commands ("smtpd+tls": only when it uses TLS), and with a '*' the
    # programs that read main.cf alone, outside master.cf (master, commands an administrator
    # runs). None: every program may (global/mail_params.c), or a source not known here.
    def source_programs(source):
        special = {"smtp/smtp_params.c": {"smtp"}, "smtp/lmtp_params.c": {"lmtp"},
                   "cleanup/cleanup_init.c": {"cleanup"}, "oqmgr/qmgr.c": {"oqmgr"},
                   "master/master_vars.c": {"*master"},
                   # Any program that turns TLS on, and posttls-finger always.
                   "tls/tls_misc.c": {"smtpd+tls", "smtp+tls", "lmtp+tls", "tlsproxy",
                                      "*posttls-finger"}}
        if source in special:
            return special[source]
        directory, _, file = source.partition("/")
        if file != directory + ".c":
            return None
        if directory in DAEMONS:
            return {directory}
        return {"*" + directory} if directory in COMMANDS else None

    def own_readers(cols):
        sources = [source for source in cols[7].split(",")
                   if source and not source.endswith("_tester.c")]
        programs = [source_programs(source) for source in sources]
        if not programs or None in programs:
            return None
        found = set().union(*programs)
        # A daemon that reads it in any case reads it with TLS too.
        return {program for program in found
                if not (program.endswith("+tls") and program[:-len("+tls")] in found)}

    # A parameter whose built-in default is "$name" hands that name's value to its own daemons,
    # which check it as their own (tlsproxy_tls_ciphers = $smtpd_tls_ciphers): those daemons
    # read the name too. Defaults that only mention names in text (proxy_read_maps) check nothing.
    def checks_value(name):
        cols = rows[name]
        return kind(name, cols) in ("boolean", "integer", "long_integer", "size", "time",
                                    "enumeration") or bound(cols[3]) > 0

    handed_to = {}
    for name, cols in rows.items():
        if is_derived(name) or not checks_value(name):
            continue
        for m in re.finditer(r"\$[{(]?\s*([A-Za-z0-9_]+)", defaults.get(name, cols[2])):
            handed_to.setdefault(m.group(1), set()).add(name)

    def readers(name, depth=3):
        found = own_readers(rows[name])
        for other in handed_to.get(name, ()):
            if found is None or depth == 0:
                return None
            more = readers(other, depth - 1)
            if more is None:
                return None
            found |= more
        return found

    expanded_lines = []
    entries = []
    for name in sorted(rows):
        cols = rows[name]
        if is_derived(name):
            continue
        flags = []
        if is_implemented(name):
            flags.append("flag_implemented")
        if name in host_dependent:
            flags.append("flag_host_dependent")
        if name in read_only:
            flags.append("flag_read_only")
        enum_form, enum_case, enum_words, enum_when = enums.get(name, ("", "", "", ""))
        if enum_form == "list":
            flags.append("flag_enum_list")
        if enum_form == "protocols":
            flags.append("flag_enum_tls_protocols")
        if enum_case == "exact":
            flags.append("flag_enum_exact_case")
        unit = cols[5] if cols[5] else ""
        if name in expanded and cols[1] != "raw-string" and not display_differs(name):
            reads = names_read_by(name)
            if reads & computed_at_run_time:
                sys.exit("postconf-expanded-defaults.txt: %s depends on the host" % name)
            expanded_lines.append("    {%d, {%s, %s}}," % (
                len(entries), c_string(expanded[name]), c_string(" ".join(sorted(reads)))))
        daemons = readers(name)
        daemons = " ".join(sorted(daemons, key=lambda program: program.lstrip("*"))) if daemons else ""
        entries.append("    {%s, ParamType::%s, %s, %d, %d, '%s', %s, %s%s%s}," % (
            c_string(name), kind(name, cols), c_string(defaults.get(name, cols[2])),
            bound(cols[3]), bound(cols[4]), unit if unit else "\\0",
            " | ".join(flags) if flags else "0", c_string(enum_words),
            ", " + c_string(enum_when) if enum_when or daemons else "",
            ", " + c_string(daemons) if daemons else ""))
    suffix_lines = []
    for suffix in sorted(templates):
        type_name, default, base_cols = templates[suffix]
        unit = base_cols[5] if base_cols[5] else ""
        kind_name = {"int": "integer", "time": "time", "string": "string"}[type_name]
        # Read by the programs that read the parameter it defaults to (the queue managers), but
        # <transport>_time_limit only by pipe and spawn, each for its own service, where local
        # reads command_time_limit itself.
        daemons = {"pipe", "spawn"} if suffix == "time_limit" else readers(default.lstrip("$"))
        suffix_lines.append("    {%s, ParamType::%s, %s, %d, %d, '%s', 0, \"\", \"\", %s}," % (
            c_string(suffix), kind_name, c_string(default), bound(base_cols[3]),
            bound(base_cols[4]), unit if unit else "\\0", c_string(" ".join(sorted(daemons)))))
    # Names the built-in defaults reference: postconf counts them as used when main.cf sets
    # them (legacy names such as postscreen_blacklist_action live on this way).
    referenced = set()
    for cols in rows.values():
        if cols[1] == "raw-string":
            continue  # expanded per message by the program, not by postconf
        for m in re.finditer(r"\$[{(]?\s*([A-Za-z0-9_]+)", cols[2]):
            referenced.add(m.group(1))
    for type_name, default, base_cols in templates.values():
        for m in re.finditer(r"\$[{(]?\s*([A-Za-z0-9_]+)", default):
            referenced.add(m.group(1))
    legacy = sorted(name for name in referenced if name not in rows)
    text = ("// Generated by compiler/catalog/generate_catalog.py from the data files beside it.\n"
            "// Do not edit: edit the data files and rerun the generator.\n"
            "// clang-format off\n"
            "#define MF_CATALOG_PARAMETERS \\\n" + " \\\n".join(entries) + "\n"
            "#define MF_CATALOG_TRANSPORT_SUFFIXES \\\n" + " \\\n".join(suffix_lines) + "\n"
            "#define MF_CATALOG_REFERENCED_BY_DEFAULTS \\\n" +
            " \\\n".join("    %s," % c_string(name) for name in legacy) + "\n"
            "#define MF_CATALOG_EXPANDED_DEFAULTS \\\n" + " \\\n".join(expanded_lines) + "\n")
    if output == "-":
        sys.stdout.write(text)
    else:
        with open(output, "w", encoding="utf-8") as f:
            f.write(text)


if __name__ == "__main__":
    main()
