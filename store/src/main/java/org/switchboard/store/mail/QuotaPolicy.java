package org.switchboard.store.mail;

/**
 * Where the mail store gets an account's limits and where it reports that an account is
 * filling up. Called on the writer's thread, outside the store's locks; keep it short.
 */
public interface QuotaPolicy {
    QuotaPolicy UNLIMITED = new QuotaPolicy() {
        @Override
        public Limits limits(String account) { return Limits.NONE; }

        @Override
        public void warn(String account, MailStore.Usage usage, Limits limits) {}
    };

    Limits limits(String account);

    /** Called once each time the usage crosses {@code warningPercent} of either limit upwards. */
    void warn(String account, MailStore.Usage usage, Limits limits);

    /** Byte and message limits, 0 meaning unlimited. */
    record Limits(long bytes, long messages, int warningPercent) {
        public static final Limits NONE = new Limits(0, 0, 0);
    }
}
