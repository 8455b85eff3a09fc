package org.switchboard.pbx.media;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The exchange's own end of a call's audio, for its applications: sends one G.711 frame every 20 ms on the
 * {@link MediaClock} (the clip being played, else silence, so the phone's jitter buffer and NAT binding stay
 * alive), decodes what the phone sends into the current recording, and turns RFC 4733 telephone-events into
 * digits. Three threads meet here (clock, receiver, application script); they share state only under
 * {@link #lock}, which is never held while sending.
 */
public final class RtpEndpoint implements MediaSession, AutoCloseable {
    /** Sends one RTP datagram to the phone. */
    public interface Transmit {
        void send(ByteBuffer datagram);
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String DIGITS = "0123456789*#ABCD";
    /** Digits the caller may type ahead; more are dropped. */
    private static final int MAX_QUEUED_DIGITS = 32;

    private final MediaClock clock;
    private final Transmit transmit;
    private final int audioType;
    private final int eventType;
    private final long ssrc = RANDOM.nextInt() & 0xFFFFFFFFL;
    private final ByteBuffer out = ByteBuffer.allocate(RtpPacket.HEADER + MediaClock.FRAME_SAMPLES);
    private final short[] frame = new short[MediaClock.FRAME_SAMPLES];
    private int sequence = RANDOM.nextInt(0x10000);
    private long timestamp = RANDOM.nextInt() & 0xFFFFFFFFL;
    private boolean first = true;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private short[] clip;
    private int clipPos;
    private final Deque<Character> digits = new ArrayDeque<>();
    private long lastEventTimestamp = -1;
    private int lastEvent = -1;
    private boolean lastEventEnded;
    private short[] recording;
    private int recorded;
    private boolean closed;
    private long audioPackets;

    /**
     * @param audioType  the negotiated G.711 payload type for what we send (0 or 8); received audio is decoded by
     *                   its own type
     * @param eventType  the negotiated telephone-event payload type, or -1 when the phone offered none
     */
    public RtpEndpoint(MediaClock clock, Transmit transmit, int audioType, int eventType) {
        if (!G711.supports(audioType)) throw new IllegalArgumentException("G.711 payload type expected, got " + audioType);
        this.clock = clock;
        this.transmit = transmit;
        this.audioType = audioType;
        this.eventType = eventType;
    }

    public void start() { clock.add(this); }

    public long audioPacketsReceived() {
        lock.lock();
        try {
            return audioPackets;
        } finally {
            lock.unlock();
        }
    }

    /** One clock tick: the next 20 ms frame out. Only the clock thread calls this, so the send buffer is its own. */
    void tick() {
        lock.lock();
        try {
            if (closed) return;
            if (clip != null) {
                int n = Math.min(frame.length, clip.length - clipPos);
                System.arraycopy(clip, clipPos, frame, 0, n);
                Arrays.fill(frame, n, frame.length, (short) 0);
                clipPos += n;
                if (clipPos >= clip.length) {
                    clip = null;
                    changed.signalAll();
                }
            } else {
                Arrays.fill(frame, (short) 0);
            }
        } finally {
            lock.unlock();
        }
        out.clear();
        RtpPacket.header(out, audioType, first, sequence, timestamp, ssrc);
        for (short s : frame) out.put(G711.encode(audioType, s));
        out.flip();
        first = false;
        sequence = (sequence + 1) & 0xFFFF;
        timestamp = (timestamp + MediaClock.FRAME_SAMPLES) & 0xFFFFFFFFL;
        transmit.send(out);
    }

    /** A datagram from the phone (called by the socket's receiver). */
    public void receive(byte[] b, int length) {
        Optional<RtpPacket> parsed = RtpPacket.parse(b, length);
        if (parsed.isEmpty()) return;
        RtpPacket p = parsed.get();
        if (p.payloadType() == eventType && eventType >= 0) {
            event(p);
        } else if (G711.supports(p.payloadType())) {
            lock.lock();
            try {
                audioPackets++;
                if (recording == null) return;
                int n = Math.min(p.payloadLength(), recording.length - recorded);
                for (int i = 0; i < n; i++) recording[recorded + i] = G711.decode(p.payloadType(), b[p.payloadOffset() + i]);
                recorded += n;
                if (recorded >= recording.length) changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * RFC 4733 §2.3: all packets of one event share its timestamp; the E bit marks the end and end packets are
     * sent three times (§2.5.1.4). A digit counts once, when its first packet arrives; a packet starts a new
     * event when its timestamp or event differs, or when the previous one had ended and this one has not (the
     * same recorded event replayed).
     */
    private void event(RtpPacket p) {
        if (p.payloadLength() < 4) return;
        int event = p.buffer()[p.payloadOffset()] & 0xFF;
        boolean end = (p.buffer()[p.payloadOffset() + 1] & 0x80) != 0;
        lock.lock();
        try {
            boolean fresh = p.timestamp() != lastEventTimestamp || event != lastEvent || (lastEventEnded && !end);
            lastEventTimestamp = p.timestamp();
            lastEvent = event;
            lastEventEnded = end;
            if (!fresh || event >= DIGITS.length() || digits.size() >= MAX_QUEUED_DIGITS) return;
            digits.addLast(DIGITS.charAt(event));
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void play(short[] pcm, boolean interruptible) throws Hangup {
        lock.lock();
        try {
            if (closed) throw new Hangup();
            if (interruptible && !digits.isEmpty()) return;
            clip = pcm;
            clipPos = 0;
            while (clip == pcm) {
                if (closed) throw new Hangup();
                if (interruptible && !digits.isEmpty()) {
                    clip = null;
                    return;
                }
                changed.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<Character> nextDigit(Duration timeout) throws Hangup {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (digits.isEmpty()) {
                if (closed) throw new Hangup();
                long left = deadline - System.nanoTime();
                if (left <= 0) return Optional.empty();
                try {
                    changed.awaitNanos(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new Hangup();
                }
            }
            return Optional.of(digits.pollFirst());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void clearDigits() {
        lock.lock();
        try {
            digits.clear();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Recording record(Duration max, boolean stopOnDigit) {
        long limit = Math.min(max.toMillis(), (long) Wav.MAX_SECONDS * 1000);
        lock.lock();
        try {
            recording = new short[(int) (limit * Wav.RATE / 1000)];
            recorded = 0;
            Character stop = null;
            // Recording length counts received audio; a phone that stops sending (silence suppression, RFC 3551
            // §4.1) must not keep the recording open beyond the same time on the wall clock.
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(limit) + TimeUnit.SECONDS.toNanos(2);
            while (!closed && recorded < recording.length) {
                if (stopOnDigit && !digits.isEmpty()) {
                    stop = digits.pollFirst();
                    break;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) break;
                try {
                    changed.awaitNanos(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            short[] pcm = Arrays.copyOf(recording, recorded);
            recording = null;
            return new Recording(pcm, closed, stop);
        } finally {
            lock.unlock();
        }
    }

    /** Ends every wait with a hang-up and stops the frames. */
    @Override
    public void close() {
        clock.remove(this);
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
