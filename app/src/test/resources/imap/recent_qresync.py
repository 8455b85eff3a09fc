# Against the running server, as dave (argv: port, password): two IMAP4rev1 sessions and \Recent (RFC 3501 §2.3.2),
# then QRESYNC (RFC 7162) by raw commands: sequence match data narrows VANISHED (EARLIER); unequal sets are BAD.
import imaplib, re, ssl, sys

port, password = int(sys.argv[1]), sys.argv[2]
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE

def session():
    m = imaplib.IMAP4_SSL('127.0.0.1', port, ssl_context=ctx)
    m.login('dave', password)
    return m

def raw(m, command):
    """Sends one command as is; returns the lines up to and including the tagged reply."""
    tag = m._new_tag().decode()
    m.send(('%s %s\r\n' % (tag, command)).encode())
    lines = []
    while True:
        line = m.readline().decode().rstrip('\r\n')
        lines.append(line)
        if line.startswith(tag + ' '):
            return lines

first = session()
for i in range(4):
    first.append('INBOX', None, None, ('Subject: m%d\r\n\r\nbody %d\r\n' % (i, i)).encode())
second = session()
typ, data = first.select('INBOX')
print('first RECENT', first.untagged_responses.get('RECENT'))
typ, data = second.select('INBOX')
print('second RECENT', second.untagged_responses.get('RECENT'))
print('first FLAGS', first.fetch('1', '(FLAGS)')[1][0])
print('second FLAGS', second.fetch('1', '(FLAGS)')[1][0])
print('first SEARCH RECENT', first.search(None, 'RECENT')[1][0])
print('second SEARCH RECENT', second.search(None, 'RECENT')[1][0])
second.logout()

m = first
raw(m, 'UNSELECT')   # ENABLE belongs to the authenticated state (RFC 5161 §3.1)
for line in raw(m, 'ENABLE QRESYNC'): print('enable', line)
selected = raw(m, 'SELECT INBOX')
validity = re.search(r'UIDVALIDITY (\d+)', '\n'.join(selected)).group(1)
modseq = re.search(r'HIGHESTMODSEQ (\d+)', '\n'.join(selected)).group(1)
other = session()
other.select('INBOX')
other.uid('STORE', '1', '+FLAGS.SILENT', r'(\Deleted)')
other.expunge()
for line in raw(m, 'NOOP'): print('noop', line)
other.uid('STORE', '4', '+FLAGS.SILENT', r'(\Deleted)')
other.expunge()
other.logout()
# The client still has numbers 1:3 = UIDs 2,3,4 and its old MODSEQ.
for line in raw(m, 'EXAMINE INBOX (QRESYNC (%s %s 1:4))' % (validity, modseq)):
    if 'VANISHED' in line: print('plain', line)
for line in raw(m, 'EXAMINE INBOX (QRESYNC (%s %s 1:4 (1:3 2,3,4)))' % (validity, modseq)):
    if 'VANISHED' in line: print('matched', line)
print('unequal', raw(m, 'EXAMINE INBOX (QRESYNC (%s %s 1:4 (1:3 2,3)))' % (validity, modseq))[-1])
m.logout()
