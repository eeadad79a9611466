#!/usr/bin/python3
# An after-queue content filter for test 90's Postfix instance, as amavisd-new behaves: it
# accepts SMTP on 127.0.0.1:LISTEN and sends each message back into Postfix through
# 127.0.0.1:REINJECT (smtplib), answering the queue manager's smtp client with what that
# re-injection got: "250 ok reinjected", or 451 with Postfix's refusal. Prints "ready" once it
# listens; runs until killed.
# Usage: filter_peer.py LISTEN REINJECT
import smtplib
import sys

from peer_server import serve_forever

listen, reinject = int(sys.argv[1]), int(sys.argv[2])


def session(connection):
    stream = connection.makefile("rb")

    def send(text):
        connection.sendall(text.encode())

    send("220 filter.example.test ESMTP\r\n")
    sender, recipients = "", []
    while True:
        raw = stream.readline()
        if not raw:
            return
        command = raw.decode(errors="replace").strip()
        upper = command.upper()
        if upper.startswith(("EHLO", "HELO", "LHLO")):
            send("250 filter.example.test\r\n")
        elif upper.startswith("MAIL FROM:"):
            sender, recipients = command[10:].split()[0].strip("<>"), []
            send("250 ok\r\n")
        elif upper.startswith("RCPT TO:"):
            recipients.append(command[8:].split()[0].strip("<>"))
            send("250 ok\r\n")
        elif upper == "DATA":
            send("354 go ahead\r\n")
            lines = []
            while True:
                line = stream.readline()
                if line in (b".\r\n", b""):
                    break
                lines.append(line[1:] if line.startswith(b"..") else line)
            try:
                with smtplib.SMTP("127.0.0.1", reinject, timeout=10) as client:
                    client.sendmail(sender, recipients, b"".join(lines))
                send("250 ok reinjected\r\n")
            except Exception as error:
                send("451 reinjection failed: %s\r\n" % " ".join(str(error).split()))
        elif upper == "QUIT":
            send("221 bye\r\n")
            connection.close()
            return
        else:
            send("250 ok\r\n")


serve_forever(listen, session)
