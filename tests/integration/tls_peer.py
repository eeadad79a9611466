#!/usr/bin/python3
# A mail server for the smtp and lmtp clients of test 65's Postfix instance: it speaks SMTP
# (or LMTP), offers STARTTLS with the given certificate, accepts every message, and says in
# its reply whether the message came over TLS ("250 ok tls" or "250 ok clear"), which smtp
# logs. Prints "ready" once it listens; runs until killed.
# Usage: tls_peer.py PORT CERT KEY smtp|lmtp
import socket
import ssl
import sys
import threading

port, cert, key, protocol = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(cert, key)


def session(connection):
    stream = connection.makefile("rb")
    secure = False
    recipients = 0

    def send(text):
        connection.sendall(text.encode())

    send("220 peer.example.test ESMTP\r\n")
    while True:
        raw = stream.readline()
        if not raw:
            return
        command = raw.decode(errors="replace").strip().upper()
        if command.startswith(("EHLO", "LHLO")):
            send("250-peer.example.test\r\n" + ("" if secure else "250-STARTTLS\r\n") +
                 "250 8BITMIME\r\n")
        elif command == "STARTTLS":
            send("220 ready to start TLS\r\n")
            connection = context.wrap_socket(connection, server_side=True)
            stream = connection.makefile("rb")
            secure = True
        elif command.startswith("MAIL"):
            recipients = 0
            send("250 ok\r\n")
        elif command.startswith("RCPT"):
            recipients += 1
            send("250 ok\r\n")
        elif command == "DATA":
            send("354 go ahead\r\n")
            while stream.readline() not in (b".\r\n", b""):
                pass
            # LMTP answers once per recipient.
            replies = recipients if protocol == "lmtp" else 1
            send(("250 ok %s\r\n" % ("tls" if secure else "clear")) * replies)
        elif command == "QUIT":
            send("221 bye\r\n")
            return
        else:
            send("250 ok\r\n")


def serve(connection):
    try:
        session(connection)
    except (OSError, ssl.SSLError):
        pass  # the client gave up (a failed handshake is what some cases expect)
    finally:
        connection.close()


listener = socket.socket()
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.bind(("127.0.0.1", port))
listener.listen(5)
print("ready", flush=True)
while True:
    client, _ = listener.accept()
    threading.Thread(target=serve, args=(client,), daemon=True).start()
