package org.switchboard.core.auth;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;
import java.util.function.Supplier;
import org.switchboard.core.log.LogKind;

/**
 * Password-guessing protection shared by every protocol (guide part 2 §4). Failures are
 * counted per source IP per service in a sliding window; reaching the threshold blocks that
 * IP for that service only. Optionally accounts that keep failing are locked across all
 * services. Loopback counts like any other address; only the trusted IP group is exempt.
 * State is in memory: a restart forgets blocks, which is the safe direction for admins.
 */
public final class Lockout {
    public record Block(String service, String address, Instant until) {}

    public record AccountLock(String account, Instant until) {}

    private record Key(String service, String address) {}

    private final InstantSource clock;
    private final Supplier<SecuritySettings> settings;
    private final BiPredicate<String, InetAddress> inGroup;
    private final Map<Key, Deque<Instant>> failures = new ConcurrentHashMap<>();
    private final Map<Key, Instant> blocks = new ConcurrentHashMap<>();
    private final Map<String, Deque<Instant>> accountFailures = new ConcurrentHashMap<>();
    private final Map<String, Instant> accountLocks = new ConcurrentHashMap<>();

    /** {@code inGroup} answers "is this address in the named IP group". */
    public Lockout(InstantSource clock, Supplier<SecuritySettings> settings, BiPredicate<String, InetAddress> inGroup) {
        this.clock = clock;
        this.settings = settings;
        this.inGroup = inGroup;
    }

    public boolean isBlocked(String service, InetAddress address) {
        Key k = new Key(service, address.getHostAddress());
        Instant until = blocks.get(k);
        if (until == null) return false;
        if (!clock.instant().isBefore(until)) {
            blocks.remove(k, until);
            return false;
        }
        return true;
    }

    public boolean isAccountLocked(String account) {
        Instant until = accountLocks.get(account);
        if (until == null) return false;
        if (!clock.instant().isBefore(until)) {
            accountLocks.remove(account, until);
            return false;
        }
        return true;
    }

    private boolean trusted(InetAddress address) {
        String g = settings.get().trustedIpGroup();
        return g != null && inGroup.test(g, address);
    }

    /** Counts one failed login; may block the address and lock the account. */
    public void failure(String service, InetAddress address, String account) {
        SecuritySettings s = settings.get();
        if (trusted(address)) return;
        Instant now = clock.instant();
        Duration window = Duration.ofSeconds(s.windowSeconds());
        if (s.blockIps()) {
            Key k = new Key(service, address.getHostAddress());
            int count = record(failures.computeIfAbsent(k, x -> new ArrayDeque<>()), now, window);
            if (count >= s.failures() && startLock(blocks, k, now, now.plusSeconds(s.blockSeconds()))) {
                failures.remove(k);
                LogKind.SECURITY.log("IP address {} blocked for service {} for {} s after {} failed logins within {} s (password guessing)",
                        address.getHostAddress(), service, s.blockSeconds(), count, s.windowSeconds());
            }
        }
        if (s.lockAccounts() && account != null) {
            int count = record(accountFailures.computeIfAbsent(account, x -> new ArrayDeque<>()), now, window);
            if (count >= s.failures() && startLock(accountLocks, account, now, now.plusSeconds(s.accountLockSeconds()))) {
                accountFailures.remove(account);
                LogKind.SECURITY.log("Account {} locked for {} s after {} failed logins within {} s (password guessing)",
                        account, s.accountLockSeconds(), count, s.windowSeconds());
            }
        }
    }

    /**
     * Starts a block unless one is running. An expired entry counts as none: entries are only
     * swept when someone asks isBlocked, so a repeat offender would otherwise never be blocked again.
     */
    private static <K> boolean startLock(Map<K, Instant> locks, K key, Instant now, Instant until) {
        boolean[] started = {false};
        locks.compute(key, (k, current) -> {
            if (current != null && now.isBefore(current)) return current;
            started[0] = true;
            return until;
        });
        return started[0];
    }

    private static int record(Deque<Instant> q, Instant now, Duration window) {
        synchronized (q) {   // in-memory only, never held across I/O
            q.addLast(now);
            while (!q.isEmpty() && q.peekFirst().isBefore(now.minus(window))) q.removeFirst();
            return q.size();
        }
    }

    /** A successful login clears the address's failure count for that service. */
    public void success(String service, InetAddress address, String account) {
        failures.remove(new Key(service, address.getHostAddress()));
        if (account != null) accountFailures.remove(account);
    }

    public List<Block> blocks() {
        Instant now = clock.instant();
        List<Block> out = new ArrayList<>();
        blocks.forEach((k, until) -> { if (now.isBefore(until)) out.add(new Block(k.service(), k.address(), until)); });
        return out;
    }

    public List<AccountLock> accountLocks() {
        Instant now = clock.instant();
        List<AccountLock> out = new ArrayList<>();
        accountLocks.forEach((a, until) -> { if (now.isBefore(until)) out.add(new AccountLock(a, until)); });
        return out;
    }

    /**
     * Forgets failure counts that have left the window and blocks that have expired, so a scan
     * from many addresses cannot grow memory without bound. The app runs it every minute.
     */
    public void sweep() {
        Instant now = clock.instant();
        Instant horizon = now.minusSeconds(settings.get().windowSeconds());
        failures.entrySet().removeIf(e -> newest(e.getValue()).map(t -> t.isBefore(horizon)).orElse(true));
        accountFailures.entrySet().removeIf(e -> newest(e.getValue()).map(t -> t.isBefore(horizon)).orElse(true));
        blocks.values().removeIf(until -> !now.isBefore(until));
        accountLocks.values().removeIf(until -> !now.isBefore(until));
    }

    private static java.util.Optional<Instant> newest(Deque<Instant> q) {
        synchronized (q) {
            return java.util.Optional.ofNullable(q.peekLast());
        }
    }

    /** "Unlock all": lifts every IP block and account lock at once. */
    public int unlockAll() {
        int n = blocks().size() + accountLocks().size();
        blocks.clear();
        failures.clear();
        accountLocks.clear();
        accountFailures.clear();
        return n;
    }
}
