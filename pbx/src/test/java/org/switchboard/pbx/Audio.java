package org.switchboard.pbx;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

/**
 * Audio checks for tests, kept independent of the exchange's own media code: WAV files are read with the JDK's
 * javax.sound, G.711 is decoded by sox, tones are found with the Goertzel algorithm.
 */
final class Audio {
    private Audio() {}

    record Pcm(AudioFormat format, short[] samples) {}

    static Pcm read(byte[] wav) throws Exception {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(new ByteArrayInputStream(wav))) {
            byte[] raw = in.readAllBytes();
            ByteBuffer b = ByteBuffer.wrap(raw).order(in.getFormat().isBigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
            int channels = in.getFormat().getChannels();
            short[] s = new short[raw.length / 2 / channels];
            for (int i = 0; i < s.length; i++) s[i] = b.getShort(i * 2 * channels);   // first channel
            return new Pcm(in.getFormat(), s);
        }
    }

    /** The G.711 A-law RTP payloads of a pcap (Ethernet, IPv4, UDP), in order, decoded to PCM by sox. */
    static short[] pcapAlaw(Path pcap, Path work) throws Exception {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(pcap)).order(ByteOrder.LITTLE_ENDIAN);
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        int at = 24;
        while (at + 16 <= b.limit()) {
            int length = b.getInt(at + 8);
            int rtp = at + 16 + 14 + 20 + 8;
            int end = at + 16 + length;
            if (end > b.limit()) break;
            int csrc = b.get(rtp) & 0x0F;
            if ((b.get(rtp + 1) & 0x7F) == 8) payload.write(b.array(), rtp + 12 + 4 * csrc, end - (rtp + 12 + 4 * csrc));
            at = end;
        }
        Path al = work.resolve("reference.al");
        Path wav = work.resolve("reference.wav");
        Files.write(al, payload.toByteArray());
        Peers.Result sox = Peers.run(Duration.ofSeconds(20), work, List.of("sox", "-t", "al", "-r", "8000", "-c", "1", al.toString(),
                "-b", "16", "-e", "signed-integer", wav.toString()));
        if (sox.exitCode() != 0) throw new IllegalStateException(sox.output());
        return read(Files.readAllBytes(wav)).samples();
    }

    /**
     * The share of {@code reference}'s first {@code window} samples found in {@code recording} (within 1% of full
     * scale), at the best alignment within {@code maxShift} samples either way.
     */
    static double match(short[] recording, short[] reference, int window, int maxShift) {
        double best = 0;
        for (int shift = -maxShift; shift <= maxShift; shift++) {
            int same = 0;
            int n = 0;
            for (int i = 0; i < window && i < reference.length; i++) {
                int j = i + shift;
                if (j < 0 || j >= recording.length) continue;
                n++;
                if (Math.abs(recording[j] - reference[i]) <= 328) same++;
            }
            if (n > window / 2) best = Math.max(best, same / (double) window);
        }
        return best;
    }

    /** Goertzel power of {@code hz} relative to the signal's total power (0..1; 1 for a pure tone at that frequency). */
    static double toneShare(short[] pcm, int from, int length, int hz, int rate) {
        double coeff = 2 * Math.cos(2 * Math.PI * hz / rate);
        double s1 = 0, s2 = 0, energy = 0;
        int end = Math.min(pcm.length, from + length);
        for (int i = from; i < end; i++) {
            double s0 = pcm[i] + coeff * s1 - s2;
            s2 = s1;
            s1 = s0;
            energy += (double) pcm[i] * pcm[i];
        }
        int n = end - from;
        if (n <= 0 || energy == 0) return 0;
        double power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
        return 2 * power / (n * energy);
    }

    static double rms(short[] pcm) {
        double sum = 0;
        for (short s : pcm) sum += (double) s * s;
        return pcm.length == 0 ? 0 : Math.sqrt(sum / pcm.length);
    }
}
