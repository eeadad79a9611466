#!/usr/bin/python3
# A mail server for the smtp and lmtp clients of test 65's Postfix instance: it speaks SMTP
# (or LMTP), offers STARTTLS with the given certificate, accepts every message, and says in
# its reply whether the message came over TLS ("250 ok tls" or "250 ok clear"), which smtp
# logs. With "auth" it also offers AUTH PLAIN LOGIN, accepts any credentials, and adds
# " auth" or " noauth" to that reply (test 58). With "wrapped" it starts every connection with
# TLS, as a server on port 465 does, and offers no STARTTLS (test 86). Prints "ready" once it
# listens; runs until killed.
# Usage: tls_peer.py PORT CERT KEY smtp|lmtp [auth] [wrapped]
import ssl
import sys

from peer_server import serve_forever

port, cert, key, protocol = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
offer_auth = "auth" in sys.argv[5:]
wrapped = "wrapped" in sys.argv[5:]
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(cert, key)


def session(connection):
    stream = connection.makefile("rb")
    secure = False
    authenticated = False
    recipients = 0

    def send(text):
        connection.sendall(text.encode())

    if wrapped:
        connection = context.wrap_socket(connection, server_side=True)
        stream = connection.makefile("rb")
        secure = True
    send("220 peer.example.test ESMTP\r\n")
    while True:
        raw = stream.readline()
        if not raw:
            return
        command = raw.decode(errors="replace").strip().upper()
        if command.startswith(("EHLO", "LHLO")):
            send("250-peer.example.test\r\n" + ("" if secure else "250-STARTTLS\r\n") +
                 ("250-AUTH PLAIN LOGIN\r\n" if offer_auth else "") + "250 8BITMIME\r\n")
        elif offer_auth and command.startswith("AUTH"):
            words = command.split()
            # AUTH PLAIN without an initial response, and AUTH LOGIN, ask for what is missing.
            prompts = (2 if words[1:2] == ["LOGIN"] else 1) - (len(words) > 2)
            for _ in range(prompts):
                send("334 \r\n")
                stream.readline()
            authenticated = True
            send("235 2.7.0 accepted\r\n")
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
            how = ("tls" if secure else "clear") + (
                (" auth" if authenticated else " noauth") if offer_auth else "")
            send(("250 ok %s\r\n" % how) * replies)
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


serve_forever(port, serve)
