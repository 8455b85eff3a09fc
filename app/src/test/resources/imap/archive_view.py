# Against the running server (argv: port, user, password, word, tries): what the user sees of the archive namespace;
# LIST is tried up to `tries` times while the archived copy may still be on its way.
import imaplib, ssl, sys, time

port, user, password, word, tries = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
m = imaplib.IMAP4_SSL('127.0.0.1', port, ssl_context=ctx)
m.login(user, password)
print('NAMESPACE', m.namespace()[1][0])
folders = []
for attempt in range(tries):
    typ, data = m.list('""', '#archive/*')
    folders = [d.decode().rsplit(' ', 1)[1] for d in data if d]
    if folders: break
    time.sleep(0.1)
print('FOLDERS', folders)
for f in folders:
    typ, data = m.select(f, readonly=True)
    print('EXAMINE', f, typ, data[0])
    typ, data = m.search(None, 'BODY', word)
    print('FOUND', f, data[0])
    print('MYRIGHTS', m.myrights(f)[1][0].decode())
typ, data = m.select('#archive/' + time.strftime('%Y-%m-%d'))
print('SELECT', typ, data[0])
m.logout()
