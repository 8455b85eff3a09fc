package org.switchboard.smtp.fetch;

/** A POP3 status line (RFC 1939 §3): "+OK" or "-ERR" and the text after it. */
record Pop3Response(boolean ok, String text) {}
