package org.switchboard.pbx.extension;

/**
 * What happens to a call for an extension (guide §8.3 Ringing Rules, §20): its own devices ring, a forward
 * target rings after them, with them or instead of them, and the caller reaches voicemail when all of that ends
 * busy or unanswered. Stored with the extension; every field is nullable so older records read as the defaults
 * (no forwarding, voicemail on busy and on no answer, as the guide has both on by default).
 *
 * @param forwardTo            another extension's number, or null for none; its own rules are not followed (one hop)
 * @param forwardMode          when the forward target rings; null means {@link ForwardMode#AFTER_RINGING}
 * @param voicemailOnBusy      null means true
 * @param voicemailOnNoAnswer  null means true; also covers "no device registered"
 */
public record RingingRules(String forwardTo, ForwardMode forwardMode, Boolean voicemailOnBusy, Boolean voicemailOnNoAnswer) {
    public enum ForwardMode {
        /** Own devices first; the forward target when they are busy, unanswered or absent. */
        AFTER_RINGING,
        /** Own devices and the forward target at the same moment (desk phone and mobile). */
        PARALLEL,
        /** Only the forward target. */
        ALWAYS
    }

    public static final RingingRules DEFAULT = new RingingRules(null, null, null, null);

    public RingingRules {
        if (forwardTo != null && forwardTo.isBlank()) forwardTo = null;
        if (forwardTo != null) forwardTo = forwardTo.strip();
    }

    public ForwardMode mode() { return forwardMode == null ? ForwardMode.AFTER_RINGING : forwardMode; }

    public boolean voicemailWhenBusy() { return voicemailOnBusy == null || voicemailOnBusy; }

    public boolean voicemailWhenUnanswered() { return voicemailOnNoAnswer == null || voicemailOnNoAnswer; }
}
