package org.switchboard.core.auth.sasl;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Strict UTF-8 for SASL fields: malformed or oversized input is refused rather than patched with U+FFFD. */
final class SaslText {
    /** RFC 4616 §2 lets PLAIN fields reach 255 octets; we apply the same bound to every user-supplied name. */
    static final int MAX_FIELD_BYTES = 255;

    private SaslText() {
    }

    static Optional<String> utf8(byte[] bytes, int offset, int length) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, offset, length)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    static Optional<String> utf8(byte[] bytes) {
        return utf8(bytes, 0, bytes.length);
    }

    /** A name or password field: valid UTF-8, 1..255 octets, no NUL. */
    static Optional<String> field(byte[] bytes, int offset, int length) {
        if (length < 1 || length > MAX_FIELD_BYTES) return Optional.empty();
        for (int i = offset; i < offset + length; i++) if (bytes[i] == 0) return Optional.empty();
        return utf8(bytes, offset, length);
    }

    /** A user name: a field without control characters, which have no place in names and could forge log lines. */
    static Optional<String> name(byte[] bytes, int offset, int length) {
        return field(bytes, offset, length).filter(SaslText::noControls);
    }

    static boolean noControls(String s) {
        return s.codePoints().noneMatch(Character::isISOControl);
    }
}
