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
