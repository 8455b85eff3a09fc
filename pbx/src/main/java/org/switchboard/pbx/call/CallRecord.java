package org.switchboard.pbx.call;

import java.time.Instant;

/**
 * One call in the history (guide §31): who called whom, when it started, was answered and ended, how long the
 * conversation lasted, how it ended, and how many RTP packets the relay received from each side (a call that
 * was answered but carried no audio shows here). {@code answer} is null for calls never answered;
 * {@code transferredTo} is the extension a blind transfer (REFER) last connected the call to, null when none.
 */
public record CallRecord(String id, String caller, String callerName, String callee, Instant start, Instant answer,
                         Instant end, long durationSeconds, Disposition disposition, long rtpFromCaller, long rtpFromCallee,
                         String transferredTo) {
    /** VOICEMAIL: the caller reached voicemail (a message left, or the caller hung up at the greeting). */
    public enum Disposition { ANSWERED, BUSY, NO_ANSWER, CANCELLED, UNAVAILABLE, FAILED, VOICEMAIL }
}
