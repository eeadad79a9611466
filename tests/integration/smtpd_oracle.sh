#!/bin/bash
# Runs real Postfix smtpd (3.7, Debian) on one SMTP session and prints what it logged, as an
# oracle for mfcc's restriction checks; with --master, runs master(8) in the foreground for two
# seconds instead (it reads master.cf, starts its services, and is stopped by timeout). Postfix
# logs only to syslog, so this runs in a private mount namespace (unshare -m) with a fresh /dev
# holding a /dev/log socket of its own; nothing outside the namespace is touched. Needs root
# (for unshare and to run smtpd as postfix). ORACLE_DAEMON=smtp (or lmtp, cleanup, qmgr...) runs
# that daemon on the connection instead, to see what it reads at start-up; ORACLE_OVERRIDE=name=value
# gives it -o; ORACLE_USER=root runs it as root, as master starts the daemons that change user
# themselves (local, pipe, postscreen...).
# With --instance, runs a whole Postfix instance (master and the services it starts) in a
# private network namespace as well (unshare -mn: its own loopback, so port 25 and the peer's
# port are free), starts ORACLE_PEER (a command line, e.g. tls_peer.py) if set, runs ACTION
# (a shell command: a TLS client, sendmail...) and waits until a log line matches UNTIL (a
# Python regex) or ten seconds pass.
# Usage: unshare -m smtpd_oracle.sh CONFIG_DIR "EHLO x|QUIT"   ("" = no session)
#        unshare -m smtpd_oracle.sh --master CONFIG_DIR
#        unshare -mn smtpd_oracle.sh --instance CONFIG_DIR ACTION UNTIL
set -u
mode=smtpd
if [ "$1" = --master ] || [ "$1" = --instance ]; then
    mode=${1#--}
    shift
fi
config=$1
commands=${2:-}
until=${3:-}
mount -t tmpfs none /dev || exit 3
mknod -m 666 /dev/null c 1 3
mknod -m 666 /dev/zero c 1 5
mknod -m 666 /dev/urandom c 1 9
mknod -m 666 /dev/random c 1 8
exec /usr/bin/python3 - "$mode" "$config" "$commands" "$until" <<'PY'
import fcntl, os, re, socket, struct, subprocess, sys, threading, time
mode, config = sys.argv[1], sys.argv[2]
commands = sys.argv[3].split("|") if sys.argv[3] else []
log = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
log.bind("/dev/log")
os.chmod("/dev/log", 0o666)
lines = []
# Datagrams are queued in the socket as they are sent, so once the daemons are gone the reader
# only has to drain the queue: a short timeout ends it soon after.
def collect():
    log.settimeout(0.05)
    while True:
        try:
            lines.append(log.recv(65536).decode(errors="replace"))
        except socket.timeout:
            if done.is_set():
                return
done = threading.Event()
# A daemon thread: should the main thread die (a reader of our output that stops early), the
# process still ends instead of waiting for a reader that is never told to stop.
reader = threading.Thread(target=collect, daemon=True)
reader.start()
if mode == "instance":
    # The new namespace's loopback starts down: SIOCGIFFLAGS, then SIOCSIFFLAGS with IFF_UP.
    control = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    flags = struct.unpack("16sH22x", fcntl.ioctl(control, 0x8913, struct.pack("16sH22x", b"lo", 0)))[1]
    fcntl.ioctl(control, 0x8914, struct.pack("16sH22x", b"lo", flags | 1))
    env = dict(os.environ, MAIL_CONFIG=config)
    queue = subprocess.run(["postconf", "-c", config, "-h", "queue_directory"],
                           capture_output=True, text=True).stdout.strip()
    # Its own process group, so that stopping it stops the services it started.
    master = subprocess.Popen(["/usr/lib/postfix/sbin/master", "-d", "-c", config], env=env,
                              stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.time() + 5
    while time.time() < deadline and not os.path.exists(queue + "/public/pickup"):
        time.sleep(0.05)
    peer = None
    if os.environ.get("ORACLE_PEER"):
        # The peer says "ready" once it listens.
        peer = subprocess.Popen(["sh", "-c", "exec " + os.environ["ORACLE_PEER"]],
                                stdout=subprocess.PIPE, text=True)
        peer.stdout.readline()
    action = subprocess.run(["sh", "-c", sys.argv[3]], env=env, stdin=subprocess.DEVNULL,
                            capture_output=True, text=True, timeout=30)
    deadline = time.time() + 10
    while time.time() < deadline and not any(re.search(sys.argv[4], line) for line in lines):
        time.sleep(0.1)
    master.terminate()
    master.wait()
    if peer:
        peer.kill()
        peer.wait()
    time.sleep(0.3)
    done.set()
    reader.join()
    print(action.stdout + action.stderr)
    for line in lines:
        print(line)
    sys.exit(0)
if mode == "master":
    env = dict(os.environ, MAIL_CONFIG=config)
    subprocess.run(["timeout", "2", "/usr/lib/postfix/sbin/master", "-d", "-c", config],
                   env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    time.sleep(0.3)
    done.set()
    reader.join()
    for line in lines:
        print(line)
    sys.exit(0)
server = socket.socket()
server.bind(("127.0.0.1", 0))
server.listen(1)
client = socket.create_connection(server.getsockname())
conn, _ = server.accept()
env = dict(os.environ, MAIL_CONFIG=config)
# ORACLE_OVERRIDE=name=value: the daemon runs with -o name=value, as master.cf's -o gives it.
override = ["-o", os.environ["ORACLE_OVERRIDE"]] if os.environ.get("ORACLE_OVERRIDE") else []
as_user = [] if os.environ.get("ORACLE_USER") == "root" else \
    ["setpriv", "--reuid=postfix", "--regid=postfix", "--clear-groups"]
smtpd = subprocess.Popen(as_user + ["/usr/lib/postfix/sbin/" + os.environ.get("ORACLE_DAEMON", "smtpd"),
                                    "-S"] + override, stdin=conn, stdout=conn, env=env)
conn.close()
# After a fatal error or a panic Postfix sleeps a second before it exits (msg_fatal), and logs
# nothing more: stop it as soon as that line is in.
def stop_on_fatal():
    while smtpd.poll() is None:
        if any("fatal:" in line or "panic:" in line for line in lines):
            smtpd.kill()
            return
        time.sleep(0.01)
threading.Thread(target=stop_on_fatal, daemon=True).start()
client.settimeout(3)
def reply():
    try:
        return client.recv(65536).decode(errors="replace")
    except OSError:
        return ""
# No session (an empty COMMANDS): the daemon reads its configuration, then end-of-input.
if commands:
    print(reply(), end="")
for command in commands:
    try:
        client.sendall((command + "\r\n").encode())
    except OSError:
        break
    print(reply(), end="")
client.close()
try:
    smtpd.wait(timeout=5)
except subprocess.TimeoutExpired:
    smtpd.kill()
    smtpd.wait()
done.set()
reader.join()
for line in lines:
    print(line)
PY
