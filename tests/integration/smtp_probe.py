#!/usr/bin/python3
# The SMTP client of the instance oracles (tests 77, 80, 82, 84, 85), on 127.0.0.1 port 25:
#   connect   connects and quits, printing "client: ERROR" when that fails;
#   rcpt      EHLO client.example, MAIL FROM:<a@client.example>, RCPT TO:<u@mx.example.test>,
#             printing "MAIL: (code, text)" and "RCPT: (code, text)".
# Usage: smtp_probe.py connect|rcpt
import smtplib
import sys

mode = sys.argv[1]
try:
    client = smtplib.SMTP("127.0.0.1", 25, timeout=8)
    if mode == "rcpt":
        client.ehlo("client.example")
        print("MAIL:", client.mail("a@client.example"))
        print("RCPT:", client.rcpt("u@mx.example.test"))
    client.quit()
except Exception as error:
    print("client:", error)
