package org.switchboard.core.auth;

import java.text.Normalizer;
import java.util.Optional;

/**
 * SASLprep (RFC 4013), the normalisation SCRAM clients apply to passwords before hashing (RFC 5802 §2.2),
 * so that a password typed with a different Unicode composition still matches. Query semantics: unassigned
 * code points are allowed. Uses the JDK's NFKC tables, which are newer than Unicode 3.2; the difference
 * only touches characters that were unassigned in 3.2. Stateless.
 */
final class SaslPrep {
    private SaslPrep() {
    }

    /** The prepared string, or empty when RFC 4013 §2.3/§2.4 prohibits the input. */
    static Optional<String> prepare(String s) {
        StringBuilder mapped = new StringBuilder(s.length());
        // RFC 4013 §2.1: "mapped to nothing" first, then non-ASCII spaces to U+0020 (U+200B is in both tables).
        s.codePoints().filter(cp -> !mappedToNothing(cp))
                .map(cp -> nonAsciiSpace(cp) ? ' ' : cp)
                .forEach(mapped::appendCodePoint);
        String normalized = Normalizer.normalize(mapped, Normalizer.Form.NFKC);
        boolean randAl = false;
        boolean l = false;
        for (int i = 0; i < normalized.length(); ) {
            int cp = normalized.codePointAt(i);
            if (prohibited(cp)) return Optional.empty();
            byte dir = Character.getDirectionality(cp);
            randAl |= dir == Character.DIRECTIONALITY_RIGHT_TO_LEFT || dir == Character.DIRECTIONALITY_RIGHT_TO_LEFT_ARABIC;
            l |= dir == Character.DIRECTIONALITY_LEFT_TO_RIGHT;
            i += Character.charCount(cp);
        }
        // RFC 3454 §6: right-to-left text must not mix with left-to-right and must start and end with RandALCat.
        if (randAl && (l || !isRandAl(normalized.codePointAt(0))
                || !isRandAl(normalized.codePointBefore(normalized.length())))) return Optional.empty();
        return Optional.of(normalized);
    }

    private static boolean isRandAl(int cp) {
        byte dir = Character.getDirectionality(cp);
        return dir == Character.DIRECTIONALITY_RIGHT_TO_LEFT || dir == Character.DIRECTIONALITY_RIGHT_TO_LEFT_ARABIC;
    }

    /** RFC 3454 table B.1. */
    private static boolean mappedToNothing(int cp) {
        return cp == 0x00AD || cp == 0x034F || cp == 0x1806 || (cp >= 0x180B && cp <= 0x180D)
                || (cp >= 0x200B && cp <= 0x200D) || cp == 0x2060 || (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0xFEFF;
    }

    /** RFC 3454 table C.1.2. */
    private static boolean nonAsciiSpace(int cp) {
        return cp == 0x00A0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x202F || cp == 0x205F
                || cp == 0x3000;
    }

    /** RFC 4013 §2.3: tables C.1.2, C.2.1, C.2.2, C.3, C.4, C.5, C.6, C.7, C.8, C.9. */
    private static boolean prohibited(int cp) {
        return nonAsciiSpace(cp)
                || cp <= 0x1F || (cp >= 0x7F && cp <= 0x9F)
                || cp == 0x06DD || cp == 0x070F || cp == 0x180E || cp == 0x200C || cp == 0x200D || cp == 0x2028
                || cp == 0x2029 || (cp >= 0x2060 && cp <= 0x2063) || (cp >= 0x206A && cp <= 0x206F) || cp == 0xFEFF
                || (cp >= 0xFFF9 && cp <= 0xFFFD) || (cp >= 0x1D173 && cp <= 0x1D17A)
                || (cp >= 0xE000 && cp <= 0xF8FF) || (cp >= 0xF0000 && cp <= 0xFFFFD) || (cp >= 0x100000 && cp <= 0x10FFFD)
                || (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE || (cp >= 0xD800 && cp <= 0xDFFF)
                || (cp >= 0x2FF0 && cp <= 0x2FFB)
                || cp == 0x0340 || cp == 0x0341 || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E)
                || cp == 0xE0001 || (cp >= 0xE0020 && cp <= 0xE007F);
    }
}
