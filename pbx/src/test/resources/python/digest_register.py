#!/usr/bin/env python3
"""An independent SIP registrar client for the tests: one REGISTER over UDP, answered challenge by digest.

It picks the first WWW-Authenticate challenge whose algorithm it supports, in header order (RFC 8760 section
2.4), computes the RFC 7616 response with hashlib and prints one JSON object: the challenges it saw (nonces
blanked), the algorithm it used and the final status. Usage:

  digest_register.py HOST PORT USER PASSWORD [--aor NAME] [--expires N] [--star] [--algorithms SHA-256,MD5]
"""
import argparse
import hashlib
import json
import os
import re
import socket

parser = argparse.ArgumentParser()
parser.add_argument("host")
parser.add_argument("port", type=int)
parser.add_argument("user")
parser.add_argument("password")
parser.add_argument("--aor", help="user part of To/From; defaults to USER")
parser.add_argument("--expires", type=int, default=300)
parser.add_argument("--star", action="store_true", help="Contact: * (remove every binding of the AOR)")
parser.add_argument("--algorithms", default="SHA-256,MD5", help="what this client supports")
args = parser.parse_args()
aor = args.aor or args.user
supported = [a.strip().upper() for a in args.algorithms.split(",")]

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.bind(("127.0.0.1", 0))
sock.settimeout(5)
local_port = sock.getsockname()[1]
call_id = os.urandom(8).hex() + "@127.0.0.1"
uri = "sip:%s:%d" % (args.host, args.port)


def register(cseq, authorization=None):
    lines = [
        "REGISTER %s SIP/2.0" % uri,
        "Via: SIP/2.0/UDP 127.0.0.1:%d;branch=z9hG4bK%s;rport" % (local_port, os.urandom(6).hex()),
        "Max-Forwards: 70",
        "From: <sip:%s@%s>;tag=%s" % (aor, args.host, "py" + call_id[:6]),
        "To: <sip:%s@%s>" % (aor, args.host),
        "Call-ID: " + call_id,
        "CSeq: %d REGISTER" % cseq,
        "Contact: *" if args.star else "Contact: <sip:%s@127.0.0.1:%d>" % (aor, local_port),
        "Expires: %d" % (0 if args.star else args.expires),
        "User-Agent: digest_register.py",
    ]
    if authorization:
        lines.append("Authorization: " + authorization)
    lines.append("Content-Length: 0")
    sock.sendto(("\r\n".join(lines) + "\r\n\r\n").encode(), (args.host, args.port))
    while True:
        data = sock.recv(65535).decode("utf-8", "replace")
        status = int(data.split(" ", 2)[1])
        if status >= 200:
            return status, data


def headers(message, name):
    head = message.split("\r\n\r\n", 1)[0].split("\r\n")[1:]
    return [h.split(":", 1)[1].strip() for h in head if h.split(":", 1)[0].strip().lower() == name.lower()]


def param(challenge, key):
    m = re.search(r'(?:^|[\s,])%s\s*=\s*("([^"]*)"|[^,\s]+)' % key, challenge, re.I)
    if not m:
        return None
    return m.group(2) if m.group(2) is not None else m.group(1)


def h(algorithm, text):
    return (hashlib.sha256 if algorithm == "SHA-256" else hashlib.md5)(text.encode()).hexdigest()


result = {"challenges": [], "algorithm": None}
status, response = register(1)
result["first"] = status
if status == 401:
    offered = headers(response, "WWW-Authenticate")
    result["challenges"] = [re.sub(r'nonce="[^"]*"', 'nonce=""', c) for c in offered]
    chosen = next((c for c in offered if (param(c, "algorithm") or "MD5").upper() in supported), None)
    if chosen is not None:
        algorithm = (param(chosen, "algorithm") or "MD5").upper()
        realm, nonce = param(chosen, "realm"), param(chosen, "nonce")
        cnonce, nc = os.urandom(8).hex(), "00000001"
        ha1 = h(algorithm, "%s:%s:%s" % (args.user, realm, args.password))
        ha2 = h(algorithm, "REGISTER:%s" % uri)
        digest = h(algorithm, ":".join([ha1, nonce, nc, cnonce, "auth", ha2]))
        auth = ('Digest username="%s", realm="%s", nonce="%s", uri="%s", response="%s", algorithm=%s, qop=auth, nc=%s, cnonce="%s"'
                % (args.user, realm, nonce, uri, digest, algorithm, nc, cnonce))
        result["algorithm"] = algorithm
        status, response = register(2, auth)
result["status"] = status
result["contacts"] = headers(response, "Contact") if status == 200 else []
print(json.dumps(result))
