#!/bin/bash
# Runs real Postfix smtpd (3.7, Debian) on one SMTP session and prints what it logged, as an
# oracle for mfcc's restriction checks; with --master, runs master(8) in the foreground for two
# seconds instead (it reads master.cf, starts its services, and is stopped by timeout). Postfix
# logs only to syslog, so this runs in a private mount namespace (unshare -m) with a fresh /dev
# holding a /dev/log socket of its own; nothing outside the namespace is touched. Needs root
# (for unshare and to run smtpd as postfix). ORACLE_DAEMON=smtp (or lmtp) runs that daemon on the
# connection instead, to see what it reads at start-up.
# Usage: unshare -m smtpd_oracle.sh CONFIG_DIR "EHLO x|QUIT"
#        unshare -m smtpd_oracle.sh --master CONFIG_DIR
set -u
mode=smtpd
if [ "$1" = --master ]; then
    mode=master
    shift
fi
config=$1
commands=${2:-}
mount -t tmpfs none /dev || exit 3
mknod -m 666 /dev/null c 1 3
mknod -m 666 /dev/zero c 1 5
mknod -m 666 /dev/urandom c 1 9
mknod -m 666 /dev/random c 1 8
exec /usr/bin/python3 - "$mode" "$config" "$commands" <<'PY'
import os, socket, subprocess, sys, threading, time
mode, config, commands = sys.argv[1], sys.argv[2], sys.argv[3].split("|")
log = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
log.bind("/dev/log")
os.chmod("/dev/log", 0o666)
lines = []
def collect():
    log.settimeout(0.5)
    while True:
        try:
            lines.append(log.recv(65536).decode(errors="replace"))
        except socket.timeout:
            if done.is_set():
                return
done = threading.Event()
reader = threading.Thread(target=collect)
reader.start()
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
smtpd = subprocess.Popen(["setpriv", "--reuid=postfix", "--regid=postfix", "--clear-groups",
                          "/usr/lib/postfix/sbin/" + os.environ.get("ORACLE_DAEMON", "smtpd"), "-S"],
                         stdin=conn, stdout=conn, env=env)
conn.close()
client.settimeout(3)
def reply():
    try:
        return client.recv(65536).decode(errors="replace")
    except OSError:
        return ""
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
time.sleep(0.3)
done.set()
reader.join()
for line in lines:
    print(line)
PY
