package org.switchboard.app;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The IMAP benchmark behind bench/imap-bench.sh (a main, never run by the tests). Starts the real server,
 * runs N concurrent clients over implicit TLS doing LOGIN, SELECT, FETCH of headers and bodies, STORE,
 * APPEND, SEARCH and IDLE, first flat out and then paced, and prints operations per second and p50/p99
 * latency per operation; runs the same workload against a test-local Dovecot when one is installed and
 * prints the ratio. Then holds thousands of connections in IDLE and measures the server's heap, and
 * appends and fetches one large message while sampling the heap. Each client is one virtual thread.
 */
final class ImapBench {
    enum Op { LOGIN, SELECT, FETCH_HEADERS, FETCH_BODY, STORE, APPEND, SEARCH, IDLE }

    private static final String PASSWORD = "B3nch-Secret!";
    private static final String[] WORDS = {"invoice", "meeting", "project", "budget", "holiday", "release", "server", "customer",
            "contract", "report", "lunch", "deadline", "review", "launch", "travel", "training"};
    private static final Op[] MIX = weighted(new EnumMap<>(Map.of(Op.FETCH_HEADERS, 25, Op.FETCH_BODY, 20, Op.STORE, 20, Op.SEARCH, 10,
            Op.APPEND, 10, Op.IDLE, 15)));

    record Options(int clients, int users, int preload, int warmupSeconds, int seconds, int pacedThinkMs, int idleConnections,
                   int bigMegabytes, String heap, boolean dovecot, List<String> serverOptions, int histogram) {
        static Options parse(String[] args) {
            Map<String, String> a = new java.util.HashMap<>();
            for (String arg : args) {
                if (!arg.startsWith("--") || !arg.contains("=")) throw new IllegalArgumentException("options look like --clients=100, not " + arg);
                a.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            }
            Options o = new Options(i(a, "clients", 100), i(a, "users", 10), i(a, "preload", 200), i(a, "warmup", 5), i(a, "seconds", 20),
                    i(a, "think-ms", 100), i(a, "idle", 2000), i(a, "big-mb", 50), a.getOrDefault("heap", "512m"),
                    !a.getOrDefault("dovecot", "auto").equals("off"),
                    a.containsKey("server-opts") ? List.of(a.get("server-opts").trim().split("\\s+")) : List.of(), i(a, "histogram", 0));
            a.keySet().removeAll(List.of("clients", "users", "preload", "warmup", "seconds", "think-ms", "idle", "big-mb", "heap", "dovecot",
                    "server-opts", "histogram"));
            if (!a.isEmpty()) throw new IllegalArgumentException("unknown options: " + a.keySet());
            return o;
        }

        private static int i(Map<String, String> a, String k, int d) { return a.containsKey(k) ? Integer.parseInt(a.get(k)) : d; }
    }

    /** Where a workload runs: a server's implicit-TLS port and its users (all with {@link #PASSWORD}). */
    record Target(String name, int port, List<String> users) {}

    /** Latencies in nanoseconds, one growable array per operation. Not thread-safe: one per client, merged after. */
    static final class Samples {
        private long[] values = new long[256];
        private int size;

        void add(long v) {
            if (size == values.length) values = Arrays.copyOf(values, size * 2);
            values[size++] = v;
        }

        void addAll(Samples o) { for (int i = 0; i < o.size; i++) add(o.values[i]); }

        int size() { return size; }

        double percentileMillis(double p) {
            if (size == 0) return Double.NaN;
            long[] sorted = Arrays.copyOf(values, size);
            Arrays.sort(sorted);
            return sorted[Math.min(size - 1, (int) Math.ceil(p / 100 * size) - 1)] / 1e6;
        }
    }

    record Result(String server, String mode, int clients, double seconds, Map<Op, Samples> latencies, long failures) {
        long operations() {
            long n = 0;
            for (Map.Entry<Op, Samples> e : latencies.entrySet()) if (e.getKey() != Op.LOGIN && e.getKey() != Op.SELECT) n += e.getValue().size();
            return n;
        }

        double perSecond() { return operations() / seconds; }

        Samples all() {
            Samples s = new Samples();
            latencies.forEach((op, v) -> { if (op != Op.LOGIN && op != Op.SELECT) s.addAll(v); });
            return s;
        }
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        System.out.printf(Locale.ROOT, "IMAP benchmark: %d clients on %d mailboxes of %d messages, %d s warm-up + %d s measured, paced think time %d ms%n",
                o.clients(), o.users(), o.preload(), o.warmupSeconds(), o.seconds(), o.pacedThinkMs());
        System.out.printf(Locale.ROOT, "machine: %d cores, Java %s; Switchboard heap -Xmx%s; every connection uses implicit TLS%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), o.heap());
        List<String> users = new ArrayList<>();
        for (int i = 0; i < o.users(); i++) users.add("bench" + i + "@example.com");
        List<Result> results = new ArrayList<>();
        List<String> jvm = new ArrayList<>(List.of("-Xmx" + o.heap(), "-XX:+UseG1GC"));
        jvm.addAll(o.serverOptions());
        try (ServerProcess server = ServerProcess.start(jvm)) {
            Api admin = Api.loggedIn(server, "Admin", ServerProcess.ADMIN_PASSWORD);
            check(admin.post("/api/v1/domains", Map.of("name", "example.com")).status() == 201, "domain created");
            for (String u : users) {
                check(admin.post("/api/v1/users", Map.of("address", u.substring(0, u.indexOf('@')), "password", PASSWORD)).status() == 201,
                        "user " + u + " created");
            }
            Target switchboard = new Target("switchboard", server.offset + 993, users);
            preload(switchboard, o);
            if (o.clients() > 0) {
                results.add(workload(switchboard, o, "flat-out", 0));
                results.add(workload(switchboard, o, "paced", o.pacedThinkMs()));
                print(results.get(0));
                print(results.get(1));
            }

            if (o.clients() == 0) {
                System.out.println("\nno workload (--clients=0)");
            } else if (o.dovecot() && DovecotInstance.installed()) {
                try (DovecotInstance dovecot = DovecotInstance.start(server.data.resolve("certs/server.crt"),
                        server.data.resolve("certs/server.key"), users, PASSWORD)) {
                    Target d = new Target("dovecot", dovecot.port, users);
                    preload(d, o);
                    Result flat = workload(d, o, "flat-out", 0);
                    Result paced = workload(d, o, "paced", o.pacedThinkMs());
                    print(flat);
                    print(paced);
                    System.out.printf(Locale.ROOT, "%nratio switchboard/dovecot, flat-out throughput: %.2f  (%.0f vs %.0f ops/s)%n",
                            results.get(0).perSecond() / flat.perSecond(), results.get(0).perSecond(), flat.perSecond());
                    System.out.printf(Locale.ROOT, "ratio switchboard/dovecot, paced p99: %.2f  (%.1f vs %.1f ms)%n",
                            results.get(1).all().percentileMillis(99) / paced.all().percentileMillis(99),
                            results.get(1).all().percentileMillis(99), paced.all().percentileMillis(99));
                }
            } else {
                System.out.println("\ndovecot: not installed (apt-get install dovecot-imapd) or --dovecot=off; no comparison");
            }

            if (o.idleConnections() > 0) idle(server, switchboard, o);
            if (o.bigMegabytes() > 0) bigMessage(server, switchboard, o);
            server.terminate();   // the clean way, so a flight recording given in --server-opts is written
        }
    }

    // ------------------------------------------------------------------ workload

    private static void preload(Target t, Options o) throws Exception {
        long start = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        for (int u = 0; u < t.users().size(); u++) {
            String user = t.users().get(u);
            int seed = u;
            threads.add(Thread.ofVirtual().start(() -> {
                Random r = new Random(seed);
                try (ImapWire w = ImapWire.login(t.port(), user, PASSWORD)) {
                    for (int i = 0; i < o.preload(); i++) check(w.append("INBOX", "", message(r, i)).ok(), "preload APPEND");
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        for (Thread th : threads) th.join();
        if (!failures.isEmpty()) throw new IllegalStateException("preload failed on " + t.name(), failures.peek());
        System.out.printf(Locale.ROOT, "%s: preloaded %d messages in %.1f s%n", t.name(), o.preload() * t.users().size(),
                (System.nanoTime() - start) / 1e9);
    }

    private static Result workload(Target t, Options o, String mode, int thinkMs) throws Exception {
        Semaphore logins = new Semaphore(Runtime.getRuntime().availableProcessors());
        CountDownLatch ready = new CountDownLatch(o.clients());
        AtomicLong measureFrom = new AtomicLong(Long.MAX_VALUE);
        AtomicLong end = new AtomicLong(Long.MAX_VALUE);
        List<Map<Op, Samples>> perClient = Collections.synchronizedList(new ArrayList<>());
        AtomicLong failures = new AtomicLong();
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < o.clients(); c++) {
            int id = c;
            threads.add(Thread.ofVirtual().name("client-" + c).start(() -> {
                Map<Op, Samples> samples = new EnumMap<>(Op.class);
                for (Op op : Op.values()) samples.put(op, new Samples());
                perClient.add(samples);
                Random r = new Random(id * 7919L);
                String user = t.users().get(id % t.users().size());
                ImapWire w = null;
                try {
                    logins.acquire();
                    try {
                        long t0 = System.nanoTime();
                        w = ImapWire.connect(t.port());
                        ImapWire.Reply login = w.send("LOGIN " + ImapWire.quote(user) + " " + ImapWire.quote(PASSWORD));
                        samples.get(Op.LOGIN).add(System.nanoTime() - t0);
                        check(login.ok(), "LOGIN " + login);
                    } finally {
                        logins.release();
                    }
                    long t0 = System.nanoTime();
                    check(w.send("SELECT INBOX").ok(), "SELECT");
                    samples.get(Op.SELECT).add(System.nanoTime() - t0);
                    ready.countDown();
                    ready.await();
                    while (System.nanoTime() < end.get()) {
                        if (thinkMs > 0) LockSupport.parkNanos((long) (-Math.log(1 - r.nextDouble()) * thinkMs * 1e6));
                        Op op = MIX[r.nextInt(MIX.length)];
                        long s = System.nanoTime();
                        boolean ok = perform(w, op, r, o.preload());
                        long e = System.nanoTime();
                        if (s >= measureFrom.get() && e <= end.get()) {
                            samples.get(op).add(e - s);
                            if (!ok) failures.incrementAndGet();
                        }
                    }
                    w.send("LOGOUT");
                } catch (Throwable e) {
                    errors.add(e);
                    ready.countDown();
                } finally {
                    if (w != null) w.close();
                }
            }));
        }
        ready.await();
        long now = System.nanoTime();
        measureFrom.set(now + TimeUnit.SECONDS.toNanos(o.warmupSeconds()));
        end.set(measureFrom.get() + TimeUnit.SECONDS.toNanos(o.seconds()));
        for (Thread th : threads) th.join();
        if (!errors.isEmpty()) throw new IllegalStateException(errors.size() + " clients failed on " + t.name(), errors.peek());
        Map<Op, Samples> merged = new EnumMap<>(Op.class);
        for (Op op : Op.values()) merged.put(op, new Samples());
        for (Map<Op, Samples> m : perClient) m.forEach((op, s) -> merged.get(op).addAll(s));
        return new Result(t.name(), mode, o.clients(), o.seconds(), merged, failures.get());
    }

    /** One operation as a mail client does it; false when the server answered NO or BAD. */
    private static boolean perform(ImapWire w, Op op, Random r, int preload) throws IOException {
        int uid = 1 + r.nextInt(preload);
        return switch (op) {
            case FETCH_HEADERS -> {
                int from = 1 + r.nextInt(Math.max(1, preload - 19));
                yield w.send("UID FETCH " + from + ":" + (from + 19)
                        + " (UID FLAGS INTERNALDATE RFC822.SIZE BODY.PEEK[HEADER.FIELDS (FROM TO SUBJECT DATE MESSAGE-ID)])").ok();
            }
            case FETCH_BODY -> w.send("UID FETCH " + uid + " (BODY.PEEK[])").ok();
            case STORE -> w.send("UID STORE " + uid + (r.nextBoolean() ? " +" : " -") + "FLAGS (\\Seen)").ok();
            case SEARCH -> w.send(r.nextBoolean() ? "UID SEARCH SUBJECT " + WORDS[r.nextInt(WORDS.length)]
                    : "UID SEARCH TEXT " + WORDS[r.nextInt(WORDS.length)]).ok();
            case APPEND -> w.append("INBOX", "", message(r, -1)).ok();
            case IDLE -> {
                List<ImapWire.Line> seen = w.idle();
                yield w.done(seen).ok();
            }
            case LOGIN, SELECT -> throw new IllegalArgumentException(op + " is measured at connect");
        };
    }

    /** About 4 KB of text mail with words the searches look for. */
    private static byte[] message(Random r, int n) {
        StringBuilder b = new StringBuilder();
        b.append("From: Sender ").append(r.nextInt(50)).append(" <sender").append(r.nextInt(50)).append("@example.net>\r\n")
                .append("To: bench@example.com\r\nSubject: ").append(WORDS[r.nextInt(WORDS.length)]).append(' ')
                .append(WORDS[r.nextInt(WORDS.length)]).append(" #").append(n).append("\r\nDate: Mon, 3 Nov 2025 10:00:00 +0000\r\n")
                .append("Message-ID: <").append(Long.toHexString(r.nextLong())).append("@example.net>\r\n")
                .append("Content-Type: text/plain; charset=us-ascii\r\n\r\n");
        while (b.length() < 4096) {
            for (int i = 0; i < 10; i++) b.append(WORDS[r.nextInt(WORDS.length)]).append(' ');
            b.append("\r\n");
        }
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static void print(Result r) {
        Samples all = r.all();
        System.out.printf(Locale.ROOT, "%n%s, %s (%d clients): %.0f ops/s, p50 %.1f ms, p99 %.1f ms, %d operations, %d NO/BAD%n",
                r.server(), r.mode(), r.clients(), r.perSecond(), all.percentileMillis(50), all.percentileMillis(99), r.operations(), r.failures());
        for (Op op : Op.values()) {
            Samples s = r.latencies().get(op);
            System.out.printf(Locale.ROOT, "  %-14s %7d  p50 %7.1f ms  p99 %7.1f ms%n", op.name().toLowerCase(Locale.ROOT), s.size(),
                    s.percentileMillis(50), s.percentileMillis(99));
        }
    }

    // ------------------------------------------------------------------ idle connections

    private static void idle(ServerProcess server, Target t, Options o) throws Exception {
        long baseline = liveHeap(server);
        long start = System.nanoTime();
        // SCRAM with the salted password cached, as a client that keeps it does: the figure is about
        // connections, not about Argon2 (the workload above measures LOGIN).
        ScramLogin scram = new ScramLogin();
        Semaphore logins = new Semaphore(16);
        List<ImapWire> wires = Collections.synchronizedList(new ArrayList<>());
        List<List<ImapWire>> byUser = new ArrayList<>();
        for (int u = 0; u < t.users().size(); u++) byUser.add(Collections.synchronizedList(new ArrayList<>()));
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < o.idleConnections(); c++) {
            int id = c;
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    logins.acquire();
                    ImapWire w;
                    try {
                        w = ImapWire.connect(t.port());
                        wires.add(w);
                        scram.authenticate(w, t.users().get(id % t.users().size()), PASSWORD);
                    } finally {
                        logins.release();
                    }
                    check(w.send("SELECT INBOX").ok(), "SELECT");
                    w.idle();
                    byUser.get(id % t.users().size()).add(w);
                } catch (Throwable e) {
                    errors.add(e);
                }
            }));
        }
        for (Thread th : threads) th.join();
        try {
            if (!errors.isEmpty()) throw new IllegalStateException(errors.size() + " idle connections failed", errors.peek());
            double opened = (System.nanoTime() - start) / 1e9;
            long held = liveHeap(server);
            System.out.printf(Locale.ROOT, "%nidle: %d connections in IDLE (opened in %.1f s): live heap %.1f MB after GC "
                            + "(%.1f MB before them; %.1f KB per connection)%n", o.idleConnections(), opened, held / 1e6, baseline / 1e6,
                    (held - baseline) / 1024.0 / o.idleConnections());
            if (o.histogram() > 0) histogram(server, o.histogram());

            // One new message in a mailbox with many idlers: how long until each of them hears EXISTS.
            List<ImapWire> watchers = List.copyOf(byUser.get(0));
            List<Long> arrivals = Collections.synchronizedList(new ArrayList<>());
            List<Thread> listeners = new ArrayList<>();
            AtomicLong sent = new AtomicLong(Long.MAX_VALUE);
            for (ImapWire w : watchers) {
                listeners.add(Thread.ofVirtual().start(() -> {
                    try {
                        ImapWire.Line l;
                        while ((l = w.poll(Duration.ofSeconds(30))) != null) {
                            if (l.text().endsWith(" EXISTS")) {
                                arrivals.add(System.nanoTime() - sent.get());
                                return;
                            }
                        }
                    } catch (IOException e) {
                        errors.add(e);
                    }
                }));
            }
            try (ImapWire w = ImapWire.login(t.port(), t.users().get(0), PASSWORD)) {
                sent.set(System.nanoTime());
                check(w.append("INBOX", "", message(new Random(1), -2)).ok(), "APPEND to idlers");
            }
            for (Thread th : listeners) th.join();
            Samples s = new Samples();
            for (long a : arrivals) s.add(a);
            System.out.printf(Locale.ROOT, "idle: a new message reached %d of %d idlers of that mailbox: p50 %.1f ms, max %.1f ms%n",
                    arrivals.size(), watchers.size(), s.percentileMillis(50), s.percentileMillis(100));
        } finally {
            for (ImapWire w : wires) w.close();
        }
    }

    // ------------------------------------------------------------------ one large message

    private static void bigMessage(ServerProcess server, Target t, Options o) throws Exception {
        long size = o.bigMegabytes() * 1024L * 1024L;
        long baseline = liveHeap(server);
        long[] baselineOld = heap(server);
        AtomicBoolean sampling = new AtomicBoolean(true);
        long[] peak = new long[2];
        Thread sampler = Thread.ofVirtual().start(() -> {
            while (sampling.get()) {
                try {
                    long[] h = heap(server);
                    synchronized (peak) {
                        peak[0] = Math.max(peak[0], h[0]);
                        peak[1] = Math.max(peak[1], h[1]);
                    }
                } catch (Exception e) {
                    return;
                }
                LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
            }
        });
        String appendHash;
        double appendSeconds;
        double fetchSeconds;
        String fetchHash;
        try (ImapWire w = ImapWire.login(t.port(), t.users().get(0), PASSWORD)) {
            DigestInputStream content = new DigestInputStream(new GeneratedMessage(size), ImapWire.sha256());
            long s = System.nanoTime();
            ImapWire.Reply a = w.append("INBOX", "", size, content);
            appendSeconds = (System.nanoTime() - s) / 1e9;
            check(a.ok(), "large APPEND " + a);
            appendHash = HexFormat.of().formatHex(content.getMessageDigest().digest());
            long uid = Long.parseLong(a.code("APPENDUID").split(" ")[1]);
            check(w.send("SELECT INBOX").ok(), "SELECT");
            s = System.nanoTime();
            ImapWire.Reply f = w.send("UID FETCH " + uid + " (BODY.PEEK[])");
            fetchSeconds = (System.nanoTime() - s) / 1e9;
            check(f.ok(), "large FETCH");
            ImapWire.Literal body = f.untagged().stream().filter(l -> !l.literals().isEmpty()).findFirst().orElseThrow().literals().getFirst();
            check(body.size() == size, "fetched size");
            fetchHash = body.sha256();
        } finally {
            sampling.set(false);
            sampler.join();
        }
        long after = liveHeap(server);
        System.out.printf(Locale.ROOT, "%nlarge message: %d MB APPEND %.1f s (%.0f MB/s), FETCH BODY.PEEK[] %.1f s (%.0f MB/s), %s%n",
                o.bigMegabytes(), appendSeconds, o.bigMegabytes() / appendSeconds, fetchSeconds, o.bigMegabytes() / fetchSeconds,
                appendHash.equals(fetchHash) ? "byte-exact" : "CONTENT DIFFERS");
        System.out.printf(Locale.ROOT, "large message: heap live before %.1f MB, after %.1f MB (after GC); sampled during the transfer: "
                        + "heap in use at most %.1f MB (garbage included), old generation at most %.1f MB (%.1f MB before)%n",
                baseline / 1e6, after / 1e6, peak[0] / 1e6, peak[1] / 1e6, baselineOld[1] / 1e6);
    }

    /** A deterministic text message of exactly {@code size} bytes, generated as it is read. */
    private static final class GeneratedMessage extends InputStream {
        private static final byte[] HEAD = "From: big@example.net\r\nTo: bench@example.com\r\nSubject: large attachment\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        private final long size;
        private long position;

        GeneratedMessage(long size) { this.size = size; }

        @Override
        public int read() {
            if (position >= size) return -1;
            long p = position++;
            if (p < HEAD.length) return HEAD[(int) p];
            if (size - p <= 2) return size - p == 2 ? '\r' : '\n';
            long col = (p - HEAD.length) % 78;
            if (col == 76) return '\r';
            if (col == 77) return '\n';
            return 'A' + (int) ((p * 31 + col) % 26);
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (position >= size) return -1;
            int n = (int) Math.min(len, size - position);
            for (int i = 0; i < n; i++) b[off + i] = (byte) read();
            return n;
        }
    }

    // ------------------------------------------------------------------ heap

    private static final Pattern HEAP = Pattern.compile("(?m)^jvm_memory_used_bytes\\{area=\"heap\",id=\"([^\"]+)\"} (\\S+)$");

    /** Heap in use after a full GC (jcmd GC.run), from the server's own /metrics. */
    private static long liveHeap(ServerProcess server) throws Exception {
        Process gc = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(server.pid()), "GC.run")
                .redirectErrorStream(true).start();
        gc.getInputStream().readAllBytes();
        gc.waitFor();
        return heap(server)[0];
    }

    /** The largest classes on the server's heap (jcmd GC.class_histogram), for --histogram=N. */
    private static void histogram(ServerProcess server, int lines) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(server.pid()),
                "GC.class_histogram").redirectErrorStream(true).start();
        List<String> out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        p.waitFor();
        System.out.println("heap histogram (top " + lines + "):");
        out.stream().skip(1).limit(lines + 2L).forEach(l -> System.out.println("  " + l));
    }

    /** Heap in use now: {total, old generation}, from /metrics jvm_memory_used_bytes. */
    private static long[] heap(ServerProcess server) throws Exception {
        String metrics = new Api(server.adminUrl()).get("/metrics").body();
        Matcher m = HEAP.matcher(metrics);
        long total = 0;
        long old = 0;
        while (m.find()) {
            long v = (long) Double.parseDouble(m.group(2));
            total += v;
            if (m.group(1).contains("Old")) old += v;
        }
        return new long[] {total, old};
    }

    private static Op[] weighted(Map<Op, Integer> weights) {
        List<Op> out = new ArrayList<>();
        weights.forEach((op, w) -> { for (int i = 0; i < w; i++) out.add(op); });
        return out.toArray(Op[]::new);
    }

    private static void check(boolean condition, String what) {
        if (!condition) throw new IllegalStateException("benchmark step failed: " + what);
    }
}
