package org.switchboard.pbx.media;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The one audio file format of the exchange (guide Table 17.1): RIFF WAVE, PCM, 8 kHz, 16-bit, mono. Writes
 * that, and reads only that: any other format is refused with a message saying what was found, since converting
 * is sox's job when prompts are made. Reading is bounded by {@link #MAX_SECONDS}. Stateless.
 */
public final class Wav {
    public static final int RATE = 8000;
    /** Longest file read: an hour, 57.6 MB. */
    public static final int MAX_SECONDS = 3600;

    private Wav() {}

    public static byte[] write(short[] pcm) {
        ByteBuffer b = ByteBuffer.allocate(44 + pcm.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.put(ascii("RIFF")).putInt(36 + pcm.length * 2).put(ascii("WAVE"));
        b.put(ascii("fmt ")).putInt(16).putShort((short) 1).putShort((short) 1).putInt(RATE).putInt(RATE * 2)
                .putShort((short) 2).putShort((short) 16);
        b.put(ascii("data")).putInt(pcm.length * 2);
        for (short s : pcm) b.putShort(s);
        return b.array();
    }

    public static short[] read(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] chunk = new byte[65_536];
        int limit = 44 + MAX_SECONDS * RATE * 2 + 65_536;
        for (int n; (n = in.read(chunk)) > 0; ) {
            if (all.size() + n > limit) throw new IOException("WAV file longer than " + MAX_SECONDS + " s");
            all.write(chunk, 0, n);
        }
        return read(all.toByteArray());
    }

    public static short[] read(byte[] file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        if (file.length < 12 || !tag(b, 0).equals("RIFF") || !tag(b, 8).equals("WAVE")) throw new IOException("not a RIFF WAVE file");
        int pos = 12;
        boolean format = false;
        while (pos + 8 <= file.length) {
            String id = tag(b, pos);
            long size = b.getInt(pos + 4) & 0xFFFFFFFFL;
            int body = pos + 8;
            if (id.equals("fmt ")) {
                if (size < 16 || body + 16 > file.length) throw new IOException("truncated fmt chunk");
                int codec = b.getShort(body) & 0xFFFF, channels = b.getShort(body + 2), rate = b.getInt(body + 4), bits = b.getShort(body + 14);
                // 0xFFFE (WAVE_FORMAT_EXTENSIBLE) is what sox writes for plain PCM with some options.
                if ((codec != 1 && codec != 0xFFFE) || channels != 1 || rate != RATE || bits != 16) {
                    throw new IOException("need PCM 8000 Hz 16-bit mono, found format " + codec + ", " + rate + " Hz, " + bits + "-bit, "
                            + channels + " channel(s)");
                }
                format = true;
            } else if (id.equals("data")) {
                if (!format) throw new IOException("data chunk before fmt chunk");
                // sox writes 0xFFFFFFFF (unknown length) when it streams to a pipe: the data runs to the end.
                long available = file.length - body;
                int samples = (int) (Math.min(size, available) / 2);
                short[] pcm = new short[samples];
                for (int i = 0; i < samples; i++) pcm[i] = b.getShort(body + 2 * i);
                return pcm;
            }
            pos = (int) Math.min(Integer.MAX_VALUE, body + size + (size & 1));
        }
        throw new IOException("no data chunk");
    }

    private static String tag(ByteBuffer b, int at) {
        char[] c = new char[4];
        for (int i = 0; i < 4; i++) c[i] = (char) (b.get(at + i) & 0xFF);
        return new String(c);
    }

    private static byte[] ascii(String s) { return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII); }
}
