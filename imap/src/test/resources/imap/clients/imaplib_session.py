"""A real IMAP client session (Python's imaplib) against the server under test.

Usage: imaplib_session.py HOST PORT USER PASSWORD
Prints one line per completed step; exits non-zero with a message on the first failure.
"""
import imaplib
import ssl
import sys
import time

host, port, user, password = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]


def check(condition, what):
    if not condition:
        print("FAILED: " + what, flush=True)
        sys.exit(1)


def step(name):
    print(name, flush=True)


context = ssl.create_default_context()
context.check_hostname = False
context.verify_mode = ssl.CERT_NONE

M = imaplib.IMAP4(host, port, timeout=20)
check("STARTTLS" in M.capabilities, "STARTTLS advertised: %r" % (M.capabilities,))
check("LOGINDISABLED" in M.capabilities, "LOGINDISABLED before TLS")
M.starttls(ssl_context=context)
typ, _ = M.login(user, password)
check(typ == "OK", "login")
step("login")

message = b"From: py@example.net\r\nTo: alice@example.com\r\nSubject: from imaplib\r\n\r\nhello from python\r\n"
typ, data = M.append("INBOX", "(\\Flagged)", imaplib.Time2Internaldate(time.time()), message)
check(typ == "OK" and b"APPENDUID" in data[0], "append: %r" % (data,))
step("append")

typ, data = M.select("INBOX")
check(typ == "OK", "select")
count = int(data[0])
step("select %d" % count)

typ, data = M.search(None, "SUBJECT", '"from imaplib"')
ids = data[0].split()
check(typ == "OK" and len(ids) == 1, "search: %r" % (data,))
step("search")

typ, data = M.fetch(ids[0], "(RFC822)")
check(typ == "OK" and data[0][1] == message, "fetch: %r" % (data,))
typ, data = M.fetch(ids[0], "(FLAGS)")
check(b"\\Seen" in data[0] and b"\\Flagged" in data[0], "fetch set \\Seen: %r" % (data,))
step("fetch")

typ, data = M.uid("SEARCH", None, "FLAGGED")
check(typ == "OK" and len(data[0].split()) == 1, "uid search: %r" % (data,))
typ, data = M.store(ids[0], "+FLAGS", "(\\Deleted)")
check(typ == "OK" and b"\\Deleted" in data[0], "store: %r" % (data,))
typ, data = M.expunge()
check(typ == "OK" and data[0] == ids[0], "expunge: %r" % (data,))
step("store expunge")

# IDLE by hand (imaplib gained idle() only in 3.14): wait for the test to deliver a message.
tag = M._new_tag()
M.send(tag + b" IDLE\r\n")
line = M.readline()
check(line.startswith(b"+"), "idle continuation: %r" % (line,))
step("idling")
line = M.readline()
check(line.strip().endswith(b"EXISTS"), "EXISTS during IDLE: %r" % (line,))
line = M.readline()
check(line.strip() == b"* 1 RECENT", "RECENT after EXISTS (this session is the first to see it): %r" % (line,))
M.send(b"DONE\r\n")
line = M.readline()
check(line.startswith(tag + b" OK"), "IDLE terminated: %r" % (line,))
step("idle")

typ, data = M.list()
check(typ == "OK" and any(b"INBOX" in d for d in data), "list: %r" % (data,))
typ, data = M.logout()
check(typ == "BYE", "logout: %r" % (typ,))
step("logout")
