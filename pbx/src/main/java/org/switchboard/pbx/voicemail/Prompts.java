package org.switchboard.pbx.voicemail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.switchboard.pbx.media.Wav;

/**
 * The spoken prompts shipped as resources under /prompts (8 kHz WAV made from text by pbx/prompts/regenerate.sh
 * with espeak-ng and sox), loaded once each, and the tone that marks the start of recording. Thread-safe.
 */
final class Prompts {
    private static final Map<String, short[]> CACHE = new ConcurrentHashMap<>();
    /** 1 kHz for 400 ms at half scale, faded in and out over 5 ms so it does not click. */
    static final short[] BEEP = tone(1000, 400, 16_000);

    private Prompts() {}

    static short[] get(String name) {
        return CACHE.computeIfAbsent(name, n -> {
            try (InputStream in = Prompts.class.getResourceAsStream("/prompts/" + n + ".wav")) {
                if (in == null) throw new IllegalStateException("prompt " + n + ".wav is missing from the resources");
                return Wav.read(in);
            } catch (IOException e) {
                throw new UncheckedIOException("prompt " + n + ".wav is unreadable", e);
            }
        });
    }

    static short[] digit(int d) { return get("digit-" + d); }

    static short[] tone(int hz, int millis, int amplitude) {
        int n = Wav.RATE * millis / 1000;
        int fade = Wav.RATE * 5 / 1000;
        short[] pcm = new short[n];
        for (int i = 0; i < n; i++) {
            double envelope = Math.min(1.0, Math.min(i, n - 1 - i) / (double) fade);
            pcm[i] = (short) Math.round(amplitude * envelope * Math.sin(2 * Math.PI * hz * i / Wav.RATE));
        }
        return pcm;
    }
}
