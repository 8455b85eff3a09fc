package org.switchboard.pbx.media;

import java.time.Duration;
import java.util.Optional;

/**
 * What an exchange application (voicemail) does with the caller's audio, as blocking calls for a script running
 * on its own virtual thread: play, wait for DTMF digits (RFC 4733), record. Every wait ends when the caller hangs
 * up: the playing and digit calls throw {@link Hangup}, recording returns what it has.
 */
public interface MediaSession {
    /** The caller hung up (or the call ended otherwise) while the application was waiting. */
    final class Hangup extends Exception {
        public Hangup() {
            super("the caller hung up", null, false, false);
        }
    }

    /** A finished recording: 8 kHz samples, and why it stopped. */
    record Recording(short[] pcm, boolean hungUp, Character stopDigit) {
        public Duration length() { return Duration.ofMillis(pcm.length * 1000L / Wav.RATE); }
    }

    /**
     * Plays {@code pcm} to the caller. With {@code interruptible}, a digit pressed before or during playback stops it
     * (the digit stays queued for {@link #nextDigit}), so callers can type ahead through menus.
     */
    void play(short[] pcm, boolean interruptible) throws Hangup;

    /** The next digit (0-9, *, #, A-D), or empty after {@code timeout}. */
    Optional<Character> nextDigit(Duration timeout) throws Hangup;

    /** Digits up to {@code terminator} (not included) or {@code max} digits; empty string on timeout between digits. */
    default String digits(int max, char terminator, Duration timeout) throws Hangup {
        StringBuilder b = new StringBuilder();
        while (b.length() < max) {
            Optional<Character> d = nextDigit(timeout);
            if (d.isEmpty() || d.get() == terminator) break;
            b.append(d.get());
        }
        return b.toString();
    }

    void clearDigits();

    /** Records the caller until {@code max}, hang-up, or (with {@code stopOnDigit}) any digit, which is consumed. */
    Recording record(Duration max, boolean stopOnDigit);
}
