package org.switchboard.pbx.voicemail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.switchboard.core.auth.AuthResult;
import org.switchboard.core.auth.AuthService;
import org.switchboard.core.directory.User;
import org.switchboard.core.log.LogKind;
import org.switchboard.core.mail.LocalDelivery;
import org.switchboard.core.settings.ServerSettings;
import org.switchboard.pbx.PbxSettings;
import org.switchboard.pbx.extension.Extension;
import org.switchboard.pbx.extension.Extensions;
import org.switchboard.pbx.media.MediaSession;
import org.switchboard.pbx.media.Wav;
import org.switchboard.pbx.registrar.SipAuthentication;

/**
 * The voicemail applications (guide ch. 20), written as scripts over a {@link MediaSession} on the call's own
 * virtual thread: {@link #leave} (greeting, tone, recording, stored in the mailbox and e-mailed to the owner
 * through the server's {@link LocalDelivery}) and {@link #access} (PIN, then listen, next, delete, record the
 * greeting). Wrong PINs count as authentication failures of the SIP service, so the lockout that stops
 * password guessing also stops PIN guessing. Thread-safe: each script only touches its own session.
 */
public final class Voicemail {
    /** Recordings shorter than this are a caller who hung up at the tone, not a message. */
    static final Duration SHORTEST_MESSAGE = Duration.ofMillis(500);
    static final int PIN_ATTEMPTS = 3;
    static final Duration DIGIT_WAIT = Duration.ofSeconds(8);
    static final Duration LONGEST_GREETING = Duration.ofSeconds(60);

    private final Mailboxes boxes;
    private final Extensions extensions;
    private final LocalDelivery mail;
    private final AuthService auth;
    private final Supplier<PbxSettings> settings;
    private final Supplier<ServerSettings> server;
    private final InstantSource clock;

    public Voicemail(Mailboxes boxes, Extensions extensions, LocalDelivery mail, AuthService auth, Supplier<PbxSettings> settings,
                     Supplier<ServerSettings> server, InstantSource clock) {
        this.boxes = boxes;
        this.extensions = extensions;
        this.mail = mail;
        this.auth = auth;
        this.settings = settings;
        this.server = server;
        this.clock = clock;
    }

    public Mailboxes mailboxes() { return boxes; }

    /**
     * A caller leaves a message for {@code box}: the owner's greeting (or the shipped one), a tone, then the
     * recording until hang-up, '#' or the configured maximum. Returns the stored message, if one was left.
     */
    public Optional<VoicemailMessage> leave(MediaSession s, Extension box, String callerNumber, String callerName) {
        try {
            s.play(boxes.greeting(box.number()).orElseGet(() -> Prompts.get("vm-greeting")), true);
            s.clearDigits();
            s.play(Prompts.BEEP, false);
        } catch (MediaSession.Hangup e) {
            return Optional.empty();
        }
        MediaSession.Recording r = s.record(Duration.ofSeconds(settings.get().voicemailMaxSeconds()), true);
        if (r.length().compareTo(SHORTEST_MESSAGE) < 0) {
            LogKind.debug("voicemail", "caller {} left nothing for {} ({} ms)", callerNumber, box.number(), r.length().toMillis());
            return Optional.empty();
        }
        Instant received = clock.instant();
        VoicemailMessage m;
        try {
            m = boxes.save(box.number(), callerNumber, received, r.pcm());
        } catch (IOException e) {
            LogKind.ERROR.log("Voicemail for {} from {} could not be stored: {}", box.number(), callerNumber, e.getMessage());
            return Optional.empty();
        }
        deliver(box, m, callerNumber, callerName, r.pcm());
        if (!r.hungUp()) {
            try {
                s.play(Prompts.get("vm-saved"), false);
            } catch (MediaSession.Hangup ignored) {
                // The message is safe; the caller simply left before the confirmation.
            }
        }
        return Optional.of(m);
    }

    private void deliver(Extension box, VoicemailMessage m, String callerNumber, String callerName, short[] pcm) {
        Optional<User> owner = extensions.owner(box);
        if (owner.isEmpty()) {
            LogKind.CALL.log("Voicemail {} for standalone extension {} from {} stored ({}), not e-mailed: no owner", m.id(), box.number(),
                    callerNumber, VoicemailMail.duration(m.length()));
            return;
        }
        String host = server.get().hostName();
        String sender = settings.get().voicemailSender().isEmpty() ? "voicemail@" + host : settings.get().voicemailSender();
        String to = owner.get().address();
        ZoneId zone;
        try {
            zone = ZoneId.of(server.get().timeZone());
        } catch (RuntimeException e) {
            zone = ZoneId.of("UTC");
        }
        byte[] message = VoicemailMail.build(sender, to, VoicemailMail.caller(callerNumber, callerName), box.number(), m.length(), m.received(),
                zone, host, "voicemail-" + m.id() + ".wav", Wav.write(pcm));
        try {
            LocalDelivery.Outcome outcome = mail.deliver(to, sender, new ByteArrayInputStream(message));
            LogKind.CALL.log("Voicemail {} for {} from {} ({}) delivered to {}: {}", m.id(), box.number(), callerNumber,
                    VoicemailMail.duration(m.length()), outcome.recipient(), outcome.detail());
        } catch (IOException | RuntimeException e) {
            // The recording stays in the mailbox, where the owner can still hear it by phone.
            LogKind.ERROR.log("Voicemail {} for {} could not be e-mailed to {}: {}", m.id(), box.number(), to, e.getMessage());
        }
    }

    /** The owner of {@code box} dialled the voicemail access number: PIN, then the menu. */
    public void access(MediaSession s, Extension box, InetAddress from) {
        try {
            if (extensions.get(box.number()).map(Extension::voicemailPinHash).isEmpty()) {
                s.play(Prompts.get("vm-closed"), false);
                return;
            }
            if (!login(s, box, from)) {
                s.play(Prompts.get("vm-goodbye"), false);
                return;
            }
            menu(s, box);
        } catch (MediaSession.Hangup e) {
            LogKind.debug("voicemail", "mailbox {}: caller hung up", box.number());
        }
    }

    private boolean login(MediaSession s, Extension box, InetAddress from) throws MediaSession.Hangup {
        String account = extensions.owner(box).map(User::address).orElse(null);
        for (int attempt = 0; attempt < PIN_ATTEMPTS; attempt++) {
            s.play(Prompts.get("vm-enter-pin"), true);
            String pin = s.digits(12, '#', DIGIT_WAIT);
            if (!pin.isEmpty() && extensions.verifyVoicemailPin(box, pin)) {
                auth.lockout().success(SipAuthentication.SERVICE, from, account);
                return true;
            }
            auth.fail(SipAuthentication.SERVICE, from, box.number() + " voicemail", account, AuthResult.Reason.BAD_CREDENTIALS, !pin.isEmpty());
            if (auth.lockout().isBlocked(SipAuthentication.SERVICE, from)) return false;
            s.clearDigits();
            s.play(Prompts.get("vm-wrong-pin"), false);
        }
        return false;
    }

    /** 1 listen, 2 next, 7 delete, 9 record greeting, * hang up; three silent waits end the call. */
    private void menu(MediaSession s, Extension box) throws MediaSession.Hangup {
        List<VoicemailMessage> messages = boxes.list(box.number());
        announceCount(s, messages.size());
        int current = 0;
        int silent = 0;
        while (silent < 3) {
            s.play(Prompts.get("vm-menu"), true);
            Optional<Character> key = s.nextDigit(DIGIT_WAIT);
            if (key.isEmpty()) {
                silent++;
                continue;
            }
            silent = 0;
            messages = boxes.list(box.number());
            switch (key.get()) {
                case '1' -> {
                    if (current < messages.size()) listen(s, messages.get(current));
                    else s.play(Prompts.get("vm-no-more"), true);
                }
                case '2' -> {
                    if (current + 1 < messages.size()) listen(s, messages.get(++current));
                    else {
                        current = messages.size();
                        s.play(Prompts.get("vm-no-more"), true);
                    }
                }
                case '7' -> {
                    if (current < messages.size()) {
                        delete(messages.get(current));
                        s.play(Prompts.get("vm-deleted"), true);
                    } else {
                        s.play(Prompts.get("vm-no-more"), true);
                    }
                }
                case '9' -> recordGreeting(s, box);
                case '*' -> {
                    s.play(Prompts.get("vm-goodbye"), false);
                    return;
                }
                default -> { }
            }
        }
        s.play(Prompts.get("vm-goodbye"), false);
    }

    private void announceCount(MediaSession s, int count) throws MediaSession.Hangup {
        s.play(Prompts.get("vm-you-have"), true);
        for (char c : Integer.toString(count).toCharArray()) s.play(Prompts.digit(c - '0'), true);
        s.play(Prompts.get(count == 1 ? "vm-message" : "vm-messages"), true);
    }

    private void listen(MediaSession s, VoicemailMessage m) throws MediaSession.Hangup {
        try {
            s.play(boxes.audio(m), true);
        } catch (IOException e) {
            LogKind.ERROR.log("Voicemail {} of {} is unreadable: {}", m.id(), m.extension(), e.getMessage());
        }
    }

    private void delete(VoicemailMessage m) {
        try {
            boxes.delete(m);
            LogKind.CALL.log("Voicemail {} of {} deleted by phone", m.id(), m.extension());
        } catch (IOException e) {
            LogKind.ERROR.log("Voicemail {} of {} could not be deleted: {}", m.id(), m.extension(), e.getMessage());
        }
    }

    private void recordGreeting(MediaSession s, Extension box) throws MediaSession.Hangup {
        s.play(Prompts.get("vm-record-greeting"), true);
        s.clearDigits();
        s.play(Prompts.BEEP, false);
        MediaSession.Recording r = s.record(LONGEST_GREETING, true);
        if (r.length().compareTo(SHORTEST_MESSAGE) < 0) return;
        try {
            boxes.saveGreeting(box.number(), r.pcm());
            LogKind.CALL.log("Voicemail greeting of {} recorded by phone ({})", box.number(), VoicemailMail.duration(r.length()));
        } catch (IOException e) {
            LogKind.ERROR.log("Voicemail greeting of {} could not be stored: {}", box.number(), e.getMessage());
            return;
        }
        if (r.hungUp()) throw new MediaSession.Hangup();
        s.play(Prompts.get("vm-greeting-saved"), true);
    }
}
