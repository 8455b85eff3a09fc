package org.switchboard.core.auth;

import com.password4j.Argon2Function;
import com.password4j.BcryptFunction;
import com.password4j.types.Argon2;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One-way password storage: Argon2id with the OWASP minimum (m=19456 KiB, t=2, p=1) as a PHC string,
 * plus verification of bcrypt hashes brought along by imported accounts. Stateless and thread-safe.
 * Verification never throws: a stored value we cannot read is simply not a match. Stored values are parsed
 * and bounded here before password4j sees them, because password4j sizes its work (and, for Argon2, its
 * memory at construction) from the hash itself: a corrupt or hostile import could otherwise stall a login.
 */
public final class PasswordHasher {
    static final int MEMORY_KIB = 19_456;
    static final int ITERATIONS = 2;
    static final int PARALLELISM = 1;
    static final int OUTPUT_BYTES = 32;
    static final int SALT_BYTES = 16;

    private static final int MAX_MEMORY_KIB = 262_144;
    private static final int MAX_ITERATIONS = 64;
    private static final int MAX_PARALLELISM = 16;
    // Cost 16 is about five seconds here; real bcrypt imports use 10..12.
    private static final int MAX_BCRYPT_COST = 16;
    private static final int MAX_STORED_LENGTH = 512;

    /** PHC string format; "v=" is absent in hashes from Argon2 1.0 (version 0x10). */
    private static final Pattern ARGON2 = Pattern.compile(
            "\\$(argon2id|argon2i|argon2d)\\$(?:v=(\\d{1,3})\\$)?m=(\\d{1,9}),t=(\\d{1,9}),p=(\\d{1,3})"
                    + "\\$[A-Za-z0-9+/]+={0,2}\\$([A-Za-z0-9+/]+)={0,2}");
    private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]\\$(\\d\\d)\\$[./A-Za-z0-9]{53}");

    private static final Argon2Function CURRENT =
            Argon2Function.getInstance(MEMORY_KIB, ITERATIONS, PARALLELISM, OUTPUT_BYTES, Argon2.ID);

    private final SecureRandom random = new SecureRandom();

    private record Argon2Params(String variant, int version, int memoryKib, int iterations, int parallelism, int hashBytes) {
        boolean withinLimits() {
            return memoryKib <= MAX_MEMORY_KIB && iterations >= 1 && iterations <= MAX_ITERATIONS
                    && parallelism >= 1 && parallelism <= MAX_PARALLELISM;
        }
    }

    public PasswordHasher() {
    }

    /** A PHC string such as {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>}. */
    public String hash(String password) {
        if (password == null) throw new IllegalArgumentException("password must not be null");
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return CURRENT.hash(password.getBytes(StandardCharsets.UTF_8), salt).getResult();
    }

    public boolean verify(String password, String storedHash) {
        if (password == null || storedHash == null || storedHash.length() > MAX_STORED_LENGTH) return false;
        try {
            Optional<Argon2Params> argon2 = argon2(storedHash);
            if (argon2.isPresent()) {
                return argon2.get().withinLimits() && Argon2Function.getInstanceFromHash(storedHash).check(password, storedHash);
            }
            Matcher bcrypt = BCRYPT.matcher(storedHash);
            if (bcrypt.matches() && Integer.parseInt(bcrypt.group(1)) <= MAX_BCRYPT_COST) {
                return BcryptFunction.getInstanceFromHash(storedHash).check(password, storedHash);
            }
        } catch (RuntimeException malformed) {
            // password4j reports hashes it cannot use with assorted runtime exceptions; all mean "no match".
            return false;
        }
        return false;
    }

    /** True unless the hash is Argon2id (v1.3) at least as strong as what {@link #hash} produces today. */
    public boolean needsRehash(String storedHash) {
        if (storedHash == null) return true;
        return argon2(storedHash).map(p -> !p.variant().equals("argon2id") || p.version() != Argon2Function.ARGON2_VERSION_13
                || p.memoryKib() < MEMORY_KIB || p.iterations() < ITERATIONS || p.hashBytes() < OUTPUT_BYTES).orElse(true);
    }

    private static Optional<Argon2Params> argon2(String h) {
        if (h.length() > MAX_STORED_LENGTH) return Optional.empty();
        Matcher m = ARGON2.matcher(h);
        if (!m.matches()) return Optional.empty();
        int version = m.group(2) == null ? Argon2Function.ARGON2_VERSION_10 : Integer.parseInt(m.group(2));
        return Optional.of(new Argon2Params(m.group(1), version, Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)),
                Integer.parseInt(m.group(5)), m.group(6).length() * 6 / 8));
    }
}
