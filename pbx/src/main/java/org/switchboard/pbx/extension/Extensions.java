package org.switchboard.pbx.extension;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.switchboard.core.Actor;
import org.switchboard.core.ConfigLog;
import org.switchboard.core.auth.SecretBox;
import org.switchboard.core.directory.Directory;
import org.switchboard.core.directory.User;
import org.switchboard.core.error.Problem;
import org.switchboard.core.json.Json;
import org.switchboard.core.store.MetadataStore;

/**
 * The extensions of the exchange, kept in the metadata store (kind "pbx-extension", id = number) and in memory.
 * Numbers share one dial-plan namespace with the service numbers the exchange reserves (voicemail access,
 * direct-voicemail prefix), so a new number that collides is refused (guide ch. 12). The directory stays the
 * owner of users; this service records which user owns which extension. Reads are lock-free; changes are
 * serialized by a lock held only around the in-memory check and the store write.
 */
public final class Extensions {
    private static final String KIND = "pbx-extension";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final MetadataStore store;
    private final SecretBox secrets;
    private final Directory directory;
    private final Supplier<List<DialPlanEntry>> reserved;
    private final Map<String, Extension> byNumber = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();

    /** {@code reserved} lists the service numbers from the exchange settings, read at each check. */
    public Extensions(MetadataStore store, SecretBox secrets, Directory directory, Supplier<List<DialPlanEntry>> reserved) {
        this.store = store;
        this.secrets = secrets;
        this.directory = directory;
        this.reserved = reserved;
        for (MetadataStore.Entry e : store.list(KIND)) {
            Extension x = Json.read(e.data(), Extension.class);
            byNumber.put(x.number(), x);
        }
    }

    public List<Extension> list() {
        List<Extension> l = new ArrayList<>(byNumber.values());
        l.sort(Comparator.comparing(Extension::number));
        return l;
    }

    public Optional<Extension> get(String number) { return number == null ? Optional.empty() : Optional.ofNullable(byNumber.get(number)); }

    public List<Extension> ofUser(String userId) {
        return list().stream().filter(x -> userId.equals(x.ownerId())).toList();
    }

    public Optional<User> owner(Extension x) {
        return x.ownerId() == null ? Optional.empty() : directory.userById(x.ownerId());
    }

    /** Whether calls and registrations are allowed: standalone, or the owning user is enabled (guide §8.5). */
    public boolean active(Extension x) {
        return x.ownerId() == null || owner(x).map(User::enabled).orElse(false);
    }

    /** The clear SIP password, for digest verification only. */
    public Optional<String> sipPassword(Extension x) {
        return Optional.ofNullable(x.sealedSipPassword()).map(secrets::open);
    }

    public Extension add(Actor actor, NewExtension spec) {
        String number = spec.number() == null ? "" : spec.number().strip();
        if (!number.matches("[0-9]{2,15}")) throw Problem.invalid("number", "an extension number is 2 to 15 digits");
        String ownerId = null;
        if (spec.owner() != null && !spec.owner().isBlank()) {
            ownerId = directory.user(spec.owner().strip()).map(User::id)
                    .orElseThrow(() -> Problem.invalid("owner", "no user " + spec.owner()));
        }
        String password = spec.sipPassword() == null || spec.sipPassword().isEmpty() ? generatePassword() : spec.sipPassword();
        checkPassword(password);
        int ring = spec.ringSeconds() == null ? 0 : spec.ringSeconds();
        if (ring != 0 && (ring < 5 || ring > 600)) throw Problem.invalid("ringSeconds", "must be 0 (default) or 5..600");
        Extension x = new Extension(number, ownerId, spec.displayName(), spec.description(), secrets.seal(password), ring);
        lock.lock();
        try {
            checkFree(number);
            store.write(List.of(new MetadataStore.Put(KIND, number, Json.write(x))));
            byNumber.put(number, x);
        } finally {
            lock.unlock();
        }
        ConfigLog.created(actor, "extension " + number + (ownerId == null ? " (standalone)" : " of " + spec.owner().strip()));
        return x;
    }

    public Extension setSipPassword(Actor actor, String number, String password) {
        checkPassword(password);
        lock.lock();
        Extension x;
        try {
            Extension before = get(number).orElseThrow(() -> Problem.notFound("extension " + number));
            x = new Extension(number, before.ownerId(), before.displayName(), before.description(), secrets.seal(password), before.ringSeconds());
            store.write(List.of(new MetadataStore.Put(KIND, number, Json.write(x))));
            byNumber.put(number, x);
        } finally {
            lock.unlock();
        }
        ConfigLog.action(actor, "SIP password of extension " + number + " changed");
        return x;
    }

    public void remove(Actor actor, String number) {
        lock.lock();
        try {
            if (!byNumber.containsKey(number)) throw Problem.notFound("extension " + number);
            store.write(List.of(new MetadataStore.Delete(KIND, number)));
            byNumber.remove(number);
        } finally {
            lock.unlock();
        }
        ConfigLog.removed(actor, "extension " + number);
    }

    /** Every number in use with its type, sorted (guide Table 12.1). */
    public List<DialPlanEntry> dialPlan() {
        List<DialPlanEntry> all = new ArrayList<>(reserved.get());
        for (Extension x : list()) {
            String owner = owner(x).map(u -> u.fullName().isEmpty() ? u.address() : u.fullName()).orElse(x.description());
            all.add(new DialPlanEntry(x.number(), x.standalone() ? DialPlanEntry.STANDALONE_EXTENSION : DialPlanEntry.USER_EXTENSION, owner));
        }
        all.sort(Comparator.comparing(DialPlanEntry::number));
        return all;
    }

    /** "Extension Number,Type ID,Description" CSV (guide Table 12.1), RFC 4180 quoting. */
    public String dialPlanCsv() {
        StringBuilder b = new StringBuilder("Extension Number,Type ID,Description\r\n");
        for (DialPlanEntry e : dialPlan()) {
            b.append(e.number()).append(',').append(e.typeId()).append(',').append(csv(e.description())).append("\r\n");
        }
        return b.toString();
    }

    private static String csv(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) return s;
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    private void checkFree(String number) {
        if (byNumber.containsKey(number)) throw Problem.conflict("extension " + number + " already exists");
        for (DialPlanEntry e : reserved.get()) {
            if (e.number().equals(number)) throw Problem.conflict("number " + number + " is in use: " + e.description());
            if (e.typeId() == DialPlanEntry.VOICEMAIL_PREFIX && number.startsWith(e.number())) {
                throw Problem.conflict("number " + number + " starts with the direct-voicemail prefix " + e.number());
            }
        }
    }

    /** Guide §5: strong SIP passwords have more than eight characters of at least three classes. */
    static void checkPassword(String p) {
        if (p.length() < 9 || p.length() > 128) throw Problem.invalid("sipPassword", "must be 9 to 128 characters");
        int classes = 0;
        if (p.chars().anyMatch(Character::isLowerCase)) classes++;
        if (p.chars().anyMatch(Character::isUpperCase)) classes++;
        if (p.chars().anyMatch(Character::isDigit)) classes++;
        if (p.chars().anyMatch(c -> !Character.isLetterOrDigit(c))) classes++;
        if (classes < 3) throw Problem.invalid("sipPassword", "must mix at least three of: lower case, upper case, digits, symbols");
        if (p.chars().anyMatch(c -> c < 0x20 || c == '"' || c == '\\')) throw Problem.invalid("sipPassword", "must not contain quotes, backslashes or control characters");
    }

    static String generatePassword() {
        String alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 14; i++) b.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        return b.append('-').append(RANDOM.nextInt(10)).toString();
    }
}
