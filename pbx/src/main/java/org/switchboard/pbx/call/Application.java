package org.switchboard.pbx.call;

import org.switchboard.pbx.media.MediaSession;

/**
 * An exchange application that answers a call itself (voicemail): a script run on its own virtual thread once the
 * caller's leg is answered, and the disposition the call history records for it.
 */
record Application(String name, Script script, CallRecord.Disposition disposition) {
    interface Script {
        void run(MediaSession session) throws MediaSession.Hangup;
    }
}
