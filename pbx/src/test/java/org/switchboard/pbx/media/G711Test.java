package org.switchboard.pbx.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Our G.711 and WAV code against sox, an independent implementation: every 16-bit value is encoded to µ-law and
 * A-law by both and must give the same bytes; every code decodes to the same sample.
 */
class G711Test {
    static boolean sox() {
        return Files.isExecutable(Path.of("/usr/bin/sox"));
    }

    static void run(Path dir, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes())).isZero();
    }

    @Test
    void encode_everySample_sameBytesAsSox() throws Exception {
        assumeTrue(sox(), "sox is not installed");
        Path dir = Files.createTempDirectory("g711");
        short[] all = new short[65_536];
        for (int i = 0; i < all.length; i++) all[i] = (short) (i - 32_768);
        Files.write(dir.resolve("all.wav"), Wav.write(all));
        run(dir, "sox", "-D", "all.wav", "-t", "ul", "all.ul");        // -D: sox dithers when it reduces to 8 bits
        run(dir, "sox", "-D", "all.wav", "-t", "al", "all.al");
        byte[] ul = Files.readAllBytes(dir.resolve("all.ul"));
        byte[] al = Files.readAllBytes(dir.resolve("all.al"));
        assertThat(ul).hasSize(all.length);
        int ulawDiffer = 0, alawDiffer = 0;
        for (int i = 0; i < all.length; i++) {
            if (G711.encode(G711.PCMU, all[i]) != ul[i]) ulawDiffer++;
            if (G711.encode(G711.PCMA, all[i]) != al[i]) alawDiffer++;
        }
        assertThat(ulawDiffer).as("µ-law codes differing from sox").isZero();
        assertThat(alawDiffer).as("A-law codes differing from sox").isZero();
    }

    @Test
    void decode_everyCode_sameSampleAsSox() throws Exception {
        assumeTrue(sox(), "sox is not installed");
        Path dir = Files.createTempDirectory("g711");
        byte[] codes = new byte[256];
        for (int i = 0; i < 256; i++) codes[i] = (byte) i;
        Files.write(dir.resolve("codes.ul"), codes);
        Files.write(dir.resolve("codes.al"), codes);
        for (int type : List.of(G711.PCMU, G711.PCMA)) {
            String in = type == G711.PCMU ? "codes.ul" : "codes.al";
            run(dir, "sox", "-r", "8000", "-c", "1", in, "-b", "16", "-e", "signed-integer", "-t", "raw", in + ".raw");
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(dir.resolve(in + ".raw"))).order(ByteOrder.nativeOrder());
            for (int i = 0; i < 256; i++) assertThat(G711.decode(type, (byte) i)).as("type %d code %d", type, i).isEqualTo(b.getShort(2 * i));
        }
    }

    /** A code's magnitude step (0 = smallest): µ-law inverts all bits, A-law the even ones; the sign bit stays. */
    static int ulawMagnitude(int code) { return ((code & 0x80) != 0 ? 0xFF : 0x7F) ^ code; }

    static int alawMagnitude(int code) { return ((code & 0x80) != 0 ? 0xD5 : 0x55) ^ code; }

    static byte ulawCode(boolean positive, int magnitude) { return (byte) ((positive ? 0xFF : 0x7F) ^ magnitude); }

    static byte alawCode(boolean positive, int magnitude) { return (byte) ((positive ? 0xD5 : 0x55) ^ magnitude); }

    @Test
    void conversion_referencePairs_asG711Tables3And4() {
        assertThat(G711.ulawToAlaw((byte) 0xFF)).as("+0").isEqualTo((byte) 0xD5);
        assertThat(G711.ulawToAlaw((byte) 0x7F)).as("-0").isEqualTo((byte) 0x55);
        // A-law's smallest step decodes to ±8, µ-law's second one (µ-law 0xFF/0x7F is exactly zero).
        assertThat(G711.alawToUlaw((byte) 0xD5)).isEqualTo((byte) 0xFE);
        assertThat(G711.alawToUlaw((byte) 0x55)).isEqualTo((byte) 0x7E);
        assertThat(G711.ulawToAlaw((byte) 0x80)).as("positive full scale").isEqualTo((byte) 0xAA);
        assertThat(G711.ulawToAlaw((byte) 0x00)).as("negative full scale").isEqualTo((byte) 0x2A);
        assertThat(G711.alawToUlaw((byte) 0xAA)).isEqualTo((byte) 0x80);
        assertThat(G711.alawToUlaw((byte) 0x2A)).isEqualTo((byte) 0x00);
        // Table 3: µ-law magnitudes 32..36 go to A-law 24, 26, 28, 30, 32 (µ-law is coarser there);
        // Table 4: A-law 24 and 25 both go to µ-law 32.
        int[] alaw = {24, 26, 28, 30, 32};
        for (int i = 0; i < alaw.length; i++) {
            assertThat(G711.ulawToAlaw(ulawCode(true, 32 + i))).isEqualTo(alawCode(true, alaw[i]));
            assertThat(G711.ulawToAlaw(ulawCode(false, 32 + i))).isEqualTo(alawCode(false, alaw[i]));
        }
        assertThat(G711.alawToUlaw(alawCode(true, 24))).isEqualTo(ulawCode(true, 32));
        assertThat(G711.alawToUlaw(alawCode(true, 25))).isEqualTo(ulawCode(true, 32));
    }

    /**
     * G.711's µ-law -> A-law -> µ-law is transparent except in the lowest 16 magnitudes, where µ-law has twice
     * A-law's steps: there each even magnitude comes back as the odd one above it, whatever the sign.
     */
    @Test
    void ulawAlawUlaw_all256Codes_transparentButTheLowestEvenMagnitudes() {
        int changed = 0;
        for (int code = 0; code < 256; code++) {
            int m = ulawMagnitude(code);
            byte expected = m < 16 && m % 2 == 0 ? ulawCode((code & 0x80) != 0, m + 1) : (byte) code;
            byte back = G711.alawToUlaw(G711.ulawToAlaw((byte) code));
            assertThat(back).as("µ-law code %02x", code).isEqualTo(expected);
            if (back != (byte) code) changed++;
        }
        assertThat(changed).isEqualTo(16);
    }

    /**
     * An independent check of Table 4: every A-law code, decoded and brought to µ-law's scale (its overload point
     * is 8159 against A-law's 8192 in the same units), then encoded by our µ-law encoder, gives the table's code.
     */
    @Test
    void alawToUlaw_all256Codes_sameAsEncodingTheAlawValueOnTheUlawScale() {
        for (int code = 0; code < 256; code++) {
            short value = (short) Math.round(G711.decode(G711.PCMA, (byte) code) * 8159.0 / 8192.0);
            assertThat(G711.alawToUlaw((byte) code)).as("A-law code %02x", code).isEqualTo(G711.encode(G711.PCMU, value));
        }
    }

    /** Table 3 never moves a value by more than one A-law step (its choices differ from plain re-encoding only at ties). */
    @Test
    void ulawToAlaw_all256Codes_withinOneAlawStep() {
        for (int code = 0; code < 256; code++) {
            int m = alawMagnitude(G711.ulawToAlaw((byte) code) & 0xFF);
            int step = m < 32 ? 16 : 16 << ((m >> 4) - 1);
            double alaw = G711.decode(G711.PCMA, G711.ulawToAlaw((byte) code)) * 8159.0 / 8192.0;
            assertThat(Math.abs(alaw - G711.decode(G711.PCMU, (byte) code))).as("µ-law code %02x", code).isLessThanOrEqualTo(step);
        }
    }

    @Test
    void wav_soxFile_readBack_otherFormatsRefusedWithReason() throws Exception {
        assumeTrue(sox(), "sox is not installed");
        Path dir = Files.createTempDirectory("wav");
        run(dir, "sox", "-n", "-r", "8000", "-c", "1", "-b", "16", "tone.wav", "synth", "0.5", "sine", "440");
        assertThat(Wav.read(Files.readAllBytes(dir.resolve("tone.wav")))).hasSize(4000);
        run(dir, "sox", "-n", "-r", "44100", "-c", "2", "-b", "16", "cd.wav", "synth", "0.1", "sine", "440");
        assertThatThrownBy(() -> Wav.read(Files.readAllBytes(dir.resolve("cd.wav")))).isInstanceOf(IOException.class)
                .hasMessageContaining("44100 Hz").hasMessageContaining("2 channel");
        assertThatThrownBy(() -> Wav.read("RIFF....WAVEjunk".getBytes())).hasMessageContaining("no data chunk");
        assertThatThrownBy(() -> Wav.read(new byte[3])).hasMessageContaining("not a RIFF WAVE");
    }

    @Test
    void rtpPacket_truncatedOrWrongVersion_notRtp() {
        byte[] p = new byte[20];
        p[0] = (byte) 0x80;
        p[1] = 8;
        assertThat(RtpPacket.parse(p, 20)).get().extracting(RtpPacket::payloadLength).isEqualTo(8);
        assertThat(RtpPacket.parse(p, 11)).isEmpty();
        p[0] = (byte) 0x40;
        assertThat(RtpPacket.parse(p, 20)).isEmpty();
        p[0] = (byte) 0x8F;                  // 15 CSRCs announced, none there
        assertThat(RtpPacket.parse(p, 20)).isEmpty();
        p[0] = (byte) 0xA0;                  // padding longer than the packet
        p[19] = (byte) 200;
        assertThat(RtpPacket.parse(p, 20)).isEmpty();
    }
}
