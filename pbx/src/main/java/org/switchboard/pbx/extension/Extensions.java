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
import org.switchboard.core.auth.PasswordHasher;
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
 * owner of users; this service records which user owns which extension. An extension with several manually
 * configured phones also answers to generated SIP user names {@code <number>-<random>u} (guide ch. 16). Reads are
 * lock-free; changes are serialized by a lock held only around the in-memory check and the store write.
 */
public final class Extensions {
    private static final String KIND = "pbx-extension";
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Most phones one extension may have generated names for; the registrar's device limit applies on top. */
    public static final int MAX_PHONES = 20;
    /** Lower case and digits without look-alikes (0/o, 1/l/i) nor 'u', so only the final 'u' is one. */
    private static final String NAME_ALPHABET = "abcdefghjkmnpqrstvwxyz23456789";

    private final MetadataStore store;
    private final SecretBox secrets;
    private final PasswordHasher hasher;
    private final Directory directory;
    private final Supplier<List<DialPlanEntry>> reserved;
    private final Map<String, Extension> byNumber = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();

    /** {@code reserved} lists the service numbers from the exchange settings, read at each check. */
    public Extensions(MetadataStore store, SecretBox secrets, PasswordHasher hasher, Directory directory, Supplier<List<DialPlanEntry>> reserved) {
        this.store = store;
        this.secrets = secrets;
        this.hasher = hasher;
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

    /**
     * The extension a SIP user name authenticates as: its number, or one of its generated names, which carry the
     * number before the dash. Unknown and removed names are empty, and both cost the same map lookup.
     */
    public Optional<Extension> bySipUser(String user) {
        if (user == null) return Optional.empty();
        int dash = user.indexOf('-');
        if (dash < 0) return get(user);
        return get(user.substring(0, dash)).filter(x -> x.sipUsers().contains(user));
    }

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
        RingingRules rules = spec.ringing() == null ? RingingRules.DEFAULT : spec.ringing();
        String pinHash = spec.voicemailPin() == null ? null : hasher.hash(checkPin(spec.voicemailPin()));
        int phones = spec.phones() == null ? 1 : checkPhones(spec.phones());
        Extension x = new Extension(number, ownerId, spec.displayName(), spec.description(), secrets.seal(password), ring, rules, pinHash,
                sipUsers(number, List.of(), phones));
        lock.lock();
        try {
            checkFree(number);
            checkRules(number, rules);
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
            x = require(number).withSealedSipPassword(secrets.seal(password));
            save(x);
        } finally {
            lock.unlock();
        }
        ConfigLog.action(actor, "SIP password of extension " + number + " changed");
        return x;
    }

    /** Replaces the forwarding and voicemail rules (guide §8.3); the forward target must exist and differ. */
    public Extension setRinging(Actor actor, String number, RingingRules rules) {
        RingingRules r = rules == null ? RingingRules.DEFAULT : rules;
        lock.lock();
        Extension x;
        try {
            Extension before = require(number);
            checkRules(number, r);
            x = before.withRinging(r);
            save(x);
        } finally {
            lock.unlock();
        }
        ConfigLog.action(actor, "ringing rules of extension " + number + " set: forward " + (r.forwardTo() == null ? "none" : r.mode() + " to " + r.forwardTo())
                + ", voicemail on busy " + r.voicemailWhenBusy() + ", on no answer " + r.voicemailWhenUnanswered());
        return x;
    }

    /** Sets the voicemail PIN (4 to 12 digits, entered by DTMF), or clears it with null, which closes the mailbox. */
    public Extension setVoicemailPin(Actor actor, String number, String pin) {
        String hash = pin == null ? null : hasher.hash(checkPin(pin));
        lock.lock();
        Extension x;
        try {
            x = require(number).withVoicemailPinHash(hash);
            save(x);
        } finally {
            lock.unlock();
        }
        ConfigLog.action(actor, "voicemail PIN of extension " + number + (pin == null ? " cleared" : " changed"));
        return x;
    }

    /**
     * Sets the number of manually configured phones (guide ch. 16). From two on each phone gets a generated SIP
     * user name; names already handed out stay when the count grows, the newest go when it shrinks, and 1 removes
     * them all, so phones configured earlier keep working across changes.
     */
    public Extension setPhones(Actor actor, String number, int phones) {
        checkPhones(phones);
        lock.lock();
        Extension x;
        try {
            Extension before = require(number);
            x = before.withSipUsers(sipUsers(number, before.sipUsers(), phones));
            save(x);
        } finally {
            lock.unlock();
        }
        // The names are half a credential: the log says how many, the admin surfaces show which.
        ConfigLog.action(actor, "manually configured phones of extension " + number + " set to " + phones
                + (x.sipUsers().isEmpty() ? " (the number is its only SIP user name)" : " (" + x.sipUsers().size() + " generated SIP user names)"));
        return x;
    }

    private static int checkPhones(int phones) {
        if (phones < 1 || phones > MAX_PHONES) throw Problem.invalid("phones", "must be 1 to " + MAX_PHONES);
        return phones;
    }

    private static List<String> sipUsers(String number, List<String> current, int phones) {
        if (phones < 2) return List.of();
        List<String> names = new ArrayList<>(current.subList(0, Math.min(current.size(), phones)));
        while (names.size() < phones) {
            StringBuilder b = new StringBuilder(number).append('-');
            for (int i = 0; i < 8; i++) b.append(NAME_ALPHABET.charAt(RANDOM.nextInt(NAME_ALPHABET.length())));
            String name = b.append('u').toString();
            if (!names.contains(name)) names.add(name);
        }
        return names;
    }

    /** Whether {@code pin} opens the extension's mailbox; false when it has no PIN. */
    public boolean verifyVoicemailPin(Extension x, String pin) {
        Extension current = byNumber.get(x.number());
        return current != null && current.voicemailPinHash() != null && hasher.verify(pin, current.voicemailPinHash());
    }

    private Extension require(String number) {
        return get(number).orElseThrow(() -> Problem.notFound("extension " + number));
    }

    private void save(Extension x) {
        store.write(List.of(new MetadataStore.Put(KIND, x.number(), Json.write(x))));
        byNumber.put(x.number(), x);
    }

    private void checkRules(String number, RingingRules r) {
        if (r.forwardTo() == null) {
            if (r.forwardMode() != null && r.forwardMode() != RingingRules.ForwardMode.AFTER_RINGING) {
                throw Problem.invalid("forwardMode", "needs a forwardTo extension");
            }
            return;
        }
        if (r.forwardTo().equals(number)) throw Problem.invalid("forwardTo", "an extension cannot forward to itself");
        if (!byNumber.containsKey(r.forwardTo())) throw Problem.invalid("forwardTo", "no extension " + r.forwardTo());
    }

    static String checkPin(String pin) {
        if (!pin.matches("[0-9]{4,12}")) throw Problem.invalid("voicemailPin", "must be 4 to 12 digits");
        return pin;
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
