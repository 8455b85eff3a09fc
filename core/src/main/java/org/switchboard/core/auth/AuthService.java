package org.switchboard.core.auth;

import java.net.InetAddress;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.switchboard.core.Actor;
import org.switchboard.core.ConfigLog;
import org.switchboard.core.directory.AdminRole;
import org.switchboard.core.directory.Directory;
import org.switchboard.core.directory.Domain;
import org.switchboard.core.directory.User;
import org.switchboard.core.auth.sasl.SaslBackend;
import org.switchboard.core.error.Problem;
import org.switchboard.core.json.Json;
import org.switchboard.core.log.LogKind;
import org.switchboard.core.store.MetadataStore;

/**
 * Every login of every protocol goes through here: lockout check, account lookup (bare
 * names in the primary domain, full addresses elsewhere, "Admin" for the built-in
 * administrator), password verification, account state, access policy and password expiry.
 * Failures are counted by {@link Lockout} and written to the Security log.
 */
public final class AuthService {
    private static final String ADMIN_KIND = "builtin-admin";
    private static final java.util.Set<String> MAIL_SERVICES = java.util.Set.of("imap", "pop3", "smtp", "submission", "smtps", "managesieve");

    private final Directory directory;
    private final AccessPolicies policies;
    private final Lockout lockout;
    private final PasswordHasher hasher;
    private final PasswordCredentials credentials;
    private final MetadataStore store;
    private final InstantSource clock;
    private final Supplier<SecuritySettings> security;
    private final String dummyHash;
    private volatile BuiltinAdmin builtin;
    private final java.util.Map<String, java.time.Instant> lastSuccess = new java.util.concurrent.ConcurrentHashMap<>();

    public AuthService(Directory directory, AccessPolicies policies, Lockout lockout, PasswordHasher hasher,
                       PasswordCredentials credentials, MetadataStore store, InstantSource clock,
                       Supplier<SecuritySettings> security) {
        this.directory = directory;
        this.policies = policies;
        this.lockout = lockout;
        this.hasher = hasher;
        this.credentials = credentials;
        this.store = store;
        this.clock = clock;
        this.security = security;
        this.builtin = store.get(ADMIN_KIND, "admin").map(j -> Json.read(j, BuiltinAdmin.class)).orElse(null);
        this.dummyHash = hasher.hash("no such user " + System.nanoTime());
    }

    public Lockout lockout() { return lockout; }

    public SecuritySettings security() { return security.get(); }

    public boolean builtinAdminExists() { return builtin != null; }

    /** Sets the built-in administrator's password (first start, or an admin resetting it). */
    public void setBuiltinAdminPassword(Actor actor, String password) {
        if (password == null || password.length() < 8) throw Problem.invalid("password", "must be at least 8 characters");
        BuiltinAdmin a = new BuiltinAdmin(true, hasher.hash(password), clock.instant());
        store.write(List.of(new MetadataStore.Put(ADMIN_KIND, "admin", Json.write(a))));
        boolean created = builtin == null;
        builtin = a;
        ConfigLog.action(actor, created ? "built-in administrator Admin created" : "password of the built-in administrator changed");
    }

    public void setBuiltinAdminEnabled(Actor actor, boolean enabled) {
        BuiltinAdmin b = builtin;
        if (b == null) throw Problem.conflict("the built-in administrator has no password yet");
        BuiltinAdmin a = new BuiltinAdmin(enabled, b.passwordHash(), b.changedAt());
        store.write(List.of(new MetadataStore.Put(ADMIN_KIND, "admin", Json.write(a))));
        builtin = a;
        ConfigLog.action(actor, "built-in administrator " + (enabled ? "enabled" : "disabled"));
    }

    /**
     * Checks a login. {@code service} names the listener for lockout and logs ("imap",
     * "admin", ...); {@code protocol} is what the user's access policy is consulted for.
     */
    public AuthResult authenticate(String service, AccessPolicy.Protocol protocol, InetAddress from, String login, String password) {
        String who = login == null ? "" : login.trim();
        if (lockout.isBlocked(service, from)) {
            return fail(service, from, who, null, AuthResult.Reason.BLOCKED, false);
        }
        if (who.isEmpty() || who.length() > 320 || password == null || password.length() > 1024) {
            return fail(service, from, who, null, AuthResult.Reason.BAD_CREDENTIALS, true);
        }
        Optional<User> user = directory.userForLogin(who);
        // "Admin" without a domain is the built-in administrator; a primary-domain user named
        // admin then logs in with the full address (guide §9 name clash rule).
        if (who.equalsIgnoreCase(Principal.BUILTIN_ADMIN) && builtin != null) {
            boolean ok = hasher.verify(password, builtin.passwordHash());
            if (!ok) return fail(service, from, who, Principal.BUILTIN_ADMIN, AuthResult.Reason.BAD_CREDENTIALS, true);
            if (!builtin.enabled()) return fail(service, from, who, Principal.BUILTIN_ADMIN, AuthResult.Reason.DISABLED, false);
            lockout.success(service, from, Principal.BUILTIN_ADMIN);
            return new AuthResult.Success(new Principal(Principal.BUILTIN_ADMIN, null, null, AdminRole.SERVER_READ_WRITE));
        }
        if (user.isEmpty()) {
            hasher.verify(password, dummyHash);   // same work as a real check: no timing oracle for unknown names
            return fail(service, from, who, null, AuthResult.Reason.BAD_CREDENTIALS, true);
        }
        User u = user.get();
        if (lockout.isAccountLocked(u.address())) return fail(service, from, who, u.address(), AuthResult.Reason.ACCOUNT_LOCKED, false);
        if (!u.credentials().hasPassword() || !hasher.verify(password, u.credentials().passwordHash())) {
            return fail(service, from, who, u.address(), AuthResult.Reason.BAD_CREDENTIALS, true);
        }
        return admit(service, protocol, from, u);
    }

    /** After a successful credential check (here or by a SASL challenge mechanism). */
    public AuthResult admit(String service, AccessPolicy.Protocol protocol, InetAddress from, User u) {
        if (!u.enabled()) return fail(service, from, u.address(), u.address(), AuthResult.Reason.DISABLED, false);
        if (!policies.allows(u.accessPolicy(), protocol, from)) {
            return fail(service, from, u.address(), u.address(), AuthResult.Reason.POLICY_DENIED, false);
        }
        Domain d = directory.requireDomain(u.domain());
        AdminRole role = directory.effectiveRole(u);
        // An admin whose password expired may still reach the admin interface to change it (guide part 2 §4).
        if (u.credentials().changedAt() != null
                && PasswordExpiry.isExpired(clock.instant(), u.credentials().changedAt(), d.passwordPolicy().expiryDays())
                && !(protocol == AccessPolicy.Protocol.ADMIN && role != AdminRole.NONE)) {
            return fail(service, from, u.address(), u.address(), AuthResult.Reason.PASSWORD_EXPIRED, false);
        }
        lockout.success(service, from, u.address());
        lastSuccess.put(protocol + "|" + from.getHostAddress(), clock.instant());
        return new AuthResult.Success(new Principal(u.address(), u.id(), u.domain(), role));
    }

    /** Records a failure (counted for lockout unless {@code counts} is false) and logs it. */
    public AuthResult.Failure fail(String service, InetAddress from, String login, String account, AuthResult.Reason reason, boolean counts) {
        LogKind.SECURITY.log("Authentication failed: user '{}' from {} to {}: {}", sanitize(login), from.getHostAddress(), service, reason.text);
        // Guide: failed logins to the mail services also appear in the Mail log.
        if (MAIL_SERVICES.contains(service)) {
            LogKind.MAIL.log("{}: failed login of '{}' from {}: {}", service.toUpperCase(java.util.Locale.ROOT), sanitize(login),
                    from.getHostAddress(), reason.text);
        }
        if (counts) lockout.failure(service, from, account);
        return new AuthResult.Failure(reason);
    }

    /** Log-safe rendering of what a client sent as a user name. */
    static String sanitize(String s) {
        String t = s.length() > 64 ? s.substring(0, 64) + "..." : s;
        StringBuilder b = new StringBuilder();
        for (char c : t.toCharArray()) b.append(c < 0x20 || c == 0x7f ? '?' : c);
        return b.toString();
    }

    /**
     * The account side of SASL for one connection. PLAIN and LOGIN run the whole
     * {@link #authenticate}; SCRAM and CRAM-MD5 get stored verifiers here and report the proof's
     * outcome back, so lockout and the Security log see every mechanism alike. After a
     * mechanism succeeds, the session calls {@link #afterSasl} for the account checks.
     */
    public SaslBackend saslBackend(String service, AccessPolicy.Protocol protocol, InetAddress from) {
        return new SaslBackend() {
            @Override
            public boolean verifyPassword(String authcid, String password) {
                return authenticate(service, protocol, from, authcid, password) instanceof AuthResult.Success;
            }

            @Override
            public Optional<ScramCredential> scramCredential(String authcid) {
                if (lockout.isBlocked(service, from)) return Optional.empty();
                return directory.userForLogin(authcid).map(u -> u.credentials().scramSha256()).map(ScramCredential::decode);
            }

            @Override
            public Optional<String> plaintextSecret(String authcid) {
                if (lockout.isBlocked(service, from)) return Optional.empty();
                return directory.userForLogin(authcid).flatMap(u -> credentials.plaintext(u.credentials()));
            }

            @Override
            public void challengeResult(String authcid, boolean success) {
                if (!success) {
                    String account = directory.userForLogin(authcid).map(User::address).orElse(null);
                    fail(service, from, authcid, account, lockout.isBlocked(service, from)
                            ? AuthResult.Reason.BLOCKED : AuthResult.Reason.BAD_CREDENTIALS, !lockout.isBlocked(service, from));
                }
            }
        };
    }

    /** Account checks after a SASL mechanism proved the credentials (PLAIN/LOGIN already ran them). */
    public AuthResult afterSasl(String service, AccessPolicy.Protocol protocol, InetAddress from, String authcid) {
        Optional<User> u = directory.userForLogin(authcid);
        if (u.isEmpty()) return fail(service, from, authcid, null, AuthResult.Reason.BAD_CREDENTIALS, false);
        if (lockout.isAccountLocked(u.get().address())) {
            return fail(service, from, authcid, u.get().address(), AuthResult.Reason.ACCOUNT_LOCKED, false);
        }
        return admit(service, protocol, from, u.get());
    }

    /**
     * When a user last logged in successfully over {@code protocol} from this address — the
     * guide's "relay for users who authenticated over POP3 from the same IP within N minutes".
     */
    public Optional<java.time.Instant> lastSuccess(AccessPolicy.Protocol protocol, InetAddress from) {
        return Optional.ofNullable(lastSuccess.get(protocol + "|" + from.getHostAddress()));
    }

    public Directory directory() { return directory; }

    public InstantSource clock() { return clock; }
}
