package org.switchboard.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.switchboard.net.ConnectionQuota.Admission.ADDRESS_FULL;
import static org.switchboard.net.ConnectionQuota.Admission.ADMITTED;
import static org.switchboard.net.ConnectionQuota.Admission.SERVICE_FULL;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ConnectionQuotaTest {
    private static final InetAddress A = literal("192.0.2.1");
    private static final InetAddress B = literal("2001:db8::1");

    private static InetAddress literal(String ip) {
        try {
            return InetAddress.getByName(ip);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void tryAcquire_serviceLimit_refusesUntilReleased() {
        ConnectionQuota quota = new ConnectionQuota(2, 0);
        assertThat(quota.tryAcquire(A)).isEqualTo(ADMITTED);
        assertThat(quota.tryAcquire(B)).isEqualTo(ADMITTED);
        assertThat(quota.tryAcquire(A)).isEqualTo(SERVICE_FULL);
        quota.release(B);
        assertThat(quota.tryAcquire(A)).isEqualTo(ADMITTED);
    }

    @Test
    void tryAcquire_addressLimit_otherAddressesStillAdmitted() {
        ConnectionQuota quota = new ConnectionQuota(0, 1);
        assertThat(quota.tryAcquire(A)).isEqualTo(ADMITTED);
        assertThat(quota.tryAcquire(A)).isEqualTo(ADDRESS_FULL);
        assertThat(quota.tryAcquire(B)).isEqualTo(ADMITTED);
        quota.release(A);
        assertThat(quota.tryAcquire(A)).isEqualTo(ADMITTED);
    }

    @Test
    void tryAcquire_addressFull_returnsItsServiceSlot() {
        ConnectionQuota quota = new ConnectionQuota(2, 1);
        assertThat(quota.tryAcquire(A)).isEqualTo(ADMITTED);
        assertThat(quota.tryAcquire(A)).isEqualTo(ADDRESS_FULL);
        assertThat(quota.tryAcquire(B)).isEqualTo(ADMITTED);
    }

    @Test
    void release_lastConnectionOfAddress_forgetsAddress() {
        ConnectionQuota quota = new ConnectionQuota(0, 3);
        quota.tryAcquire(A);
        quota.tryAcquire(A);
        quota.tryAcquire(B);
        quota.release(A);
        quota.release(B);
        assertThat(quota.trackedAddresses()).isEqualTo(1);
        quota.release(A);
        assertThat(quota.trackedAddresses()).isZero();
    }

    @Test
    void tryAcquire_concurrentChurn_neverExceedsLimitNorLeaks() throws Exception {
        ConnectionQuota quota = new ConnectionQuota(0, 4);
        int[] inside = {0};
        int[] peak = {0};
        Object lock = new Object();
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            tasks.add(() -> {
                for (int i = 0; i < 2_000; i++) {
                    if (quota.tryAcquire(A) != ADMITTED) continue;
                    synchronized (lock) {
                        inside[0]++;
                        peak[0] = Math.max(peak[0], inside[0]);
                    }
                    synchronized (lock) {
                        inside[0]--;
                    }
                    quota.release(A);
                }
                return null;
            });
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            for (Future<Void> f : pool.invokeAll(tasks)) f.get();
        }
        assertThat(peak[0]).isBetween(1, 4);
        assertThat(quota.trackedAddresses()).isZero();
        for (int i = 0; i < 4; i++) assertThat(quota.tryAcquire(A)).isEqualTo(ADMITTED);
        assertThat(quota.tryAcquire(A)).isEqualTo(ADDRESS_FULL);
    }
}
