#!/usr/bin/python3
# A UNIX-domain socket that accepts connections and closes them at once, as the Milter, policy,
# Dovecot or LMTP server of an instance oracle (test 87): what the daemon logs then shows that it
# reached the socket, where a daemon that cannot find it logs "No such file or directory".
# Prints "ready" once it listens. Usage: socket_peer.py PATH
import os
import socket
import sys

path = sys.argv[1]
if os.path.exists(path):
    os.unlink(path)
server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
server.bind(path)
os.chmod(path, 0o666)
server.listen(8)
print("ready", flush=True)
while True:
    connection, _ = server.accept()
    connection.close()
