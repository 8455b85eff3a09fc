package org.switchboard.net;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * Connection slots for one listener: a semaphore for the whole service and one per remote address.
 * Thread-safe. Per-address semaphores are created and dropped inside {@link ConcurrentHashMap#compute}
 * so the map holds only addresses with open connections and never loses a permit to a race.
 */
final class ConnectionQuota {
    enum Admission { ADMITTED, SERVICE_FULL, ADDRESS_FULL }

    private final Semaphore total;
    private final int perAddress;
    private final ConcurrentHashMap<InetAddress, Semaphore> byAddress = new ConcurrentHashMap<>();

    /** Zero means unlimited, for either limit. */
    ConnectionQuota(int maxTotal, int maxPerAddress) {
        this.total = maxTotal > 0 ? new Semaphore(maxTotal) : null;
        this.perAddress = maxPerAddress;
    }

    /** On {@link Admission#ADMITTED} the caller owes exactly one {@link #release}. */
    Admission tryAcquire(InetAddress address) {
        if (total != null && !total.tryAcquire()) return Admission.SERVICE_FULL;
        if (perAddress > 0) {
            boolean[] acquired = {false};
            byAddress.compute(address, (key, slots) -> {
                Semaphore s = slots != null ? slots : new Semaphore(perAddress);
                acquired[0] = s.tryAcquire();
                return s;
            });
            if (!acquired[0]) {
                if (total != null) total.release();
                return Admission.ADDRESS_FULL;
            }
        }
        return Admission.ADMITTED;
    }

    void release(InetAddress address) {
        if (perAddress > 0) {
            byAddress.computeIfPresent(address, (key, slots) -> {
                slots.release();
                return slots.availablePermits() == perAddress ? null : slots;
            });
        }
        if (total != null) total.release();
    }

    /** Addresses currently holding at least one slot (bounded by open connections). */
    int trackedAddresses() { return byAddress.size(); }
}
