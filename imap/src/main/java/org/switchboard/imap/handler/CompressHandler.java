package org.switchboard.imap.handler;

import java.io.IOException;
import org.switchboard.imap.ImapSession;
import org.switchboard.imap.codec.ImapRequest;
import org.switchboard.imap.codec.ImapResponseWriter.Status;

/** COMPRESS DEFLATE (RFC 4978): from the byte after the tagged OK, both directions are raw deflate. */
final class CompressHandler {
    void handle(ImapSession s, ImapRequest.Compress r) throws IOException {
        if (s.compressed()) throw CommandFailure.no("COMPRESSIONACTIVE", "DEFLATE is already active");
        if (!r.mechanism().equals("DEFLATE")) throw CommandFailure.bad("unknown compression mechanism " + r.mechanism());
        s.out().status(r.tag(), Status.OK, null, "DEFLATE active");
        s.startCompression();
    }
}
