package org.switchboard.core.auth;

import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScramCredentialTest {
    private static final byte[] RFC_SALT = Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ==");

    @Test
    void derive_rfc7677Password_givesKeysThatMatchJdkPbkdf2() throws Exception {
        ScramCredential c = ScramCredential.derive("pencil", RFC_SALT, 4096);

        byte[] salted = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                .generateSecret(new PBEKeySpec("pencil".toCharArray(), RFC_SALT, 4096, 256)).getEncoded();
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(salted, "HmacSHA256"));
        byte[] serverKey = mac.doFinal("Server Key".getBytes(StandardCharsets.US_ASCII));
        assertThat(c.serverKey()).isEqualTo(serverKey);
        assertThat(c.iterations()).isEqualTo(4096);
        assertThat(c.salt()).isEqualTo(RFC_SALT);
    }

    @Test
    void derive_defaults_useSixteenByteRandomSaltAnd4096Iterations() {
        ScramCredential a = ScramCredential.derive("pw");
        ScramCredential b = ScramCredential.derive("pw");

        assertThat(a.salt()).hasSize(16);
        assertThat(a.iterations()).isEqualTo(4096);
        assertThat(a.salt()).isNotEqualTo(b.salt());
        assertThat(a.storedKey()).isNotEqualTo(b.storedKey());
    }

    @Test
    void encode_decode_roundTripsInPostgresForm() {
        ScramCredential c = ScramCredential.derive("pencil", RFC_SALT, 4096);

        String text = c.encode();

        assertThat(text).matches("SCRAM-SHA-256\\$4096:W22ZaJ0SNY7soEsUEjb6gQ==\\$[A-Za-z0-9+/=]{44}:[A-Za-z0-9+/=]{44}");
        assertThat(ScramCredential.decode(text)).isEqualTo(c);
        assertThat(ScramCredential.decode(text).hashCode()).isEqualTo(c.hashCode());
    }

    @Test
    void decode_malformed_throwsIllegalArgumentWithoutLeakingOtherExceptions() {
        String good = ScramCredential.derive("pw").encode();
        String[] bad = {
            "", "SCRAM-SHA-1$4096:abc$def:ghi", good.replace("$4096:", "$x:"), good.replace("$4096:", "$0:"),
            good.replace("$4096:", "$:"), good.substring(0, good.length() - 4), good + ":extra", good + "$extra",
            good.replace(":", "*"), "SCRAM-SHA-256$4096:!!!$a:b", "SCRAM-SHA-256$" + "9".repeat(3000),
        };
        for (String s : bad) {
            assertThatThrownBy(() -> ScramCredential.decode(s)).as(s).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> ScramCredential.decode(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void credential_accessorsAndToString_doNotExposeInternalStateOrKeys() {
        ScramCredential c = ScramCredential.derive("pencil", RFC_SALT, 4096);

        c.storedKey()[0] ^= 1;
        c.salt()[0] ^= 1;

        assertThat(c).isEqualTo(ScramCredential.derive("pencil", RFC_SALT, 4096));
        assertThat(c.toString()).contains("4096").doesNotContain(HexFormat.of().formatHex(c.storedKey()))
                .doesNotContain(Base64.getEncoder().encodeToString(c.storedKey()));
    }

    @Test
    void saslPrep_rfc4013Examples_giveTheRfcResults() {
        assertThat(SaslPrep.prepare("I\u00ADX")).contains("IX");
        assertThat(SaslPrep.prepare("user")).contains("user");
        assertThat(SaslPrep.prepare("USER")).contains("USER");
        assertThat(SaslPrep.prepare("\u00AA")).contains("a");
        assertThat(SaslPrep.prepare("\u2168")).contains("IX");
        assertThat(SaslPrep.prepare("\u0007")).isEmpty();
        assertThat(SaslPrep.prepare("\u0627\u0031")).isEmpty();
    }

    @Test
    void saslPrep_spacesAndProhibitedCharacters_areMappedOrRefused() {
        assertThat(SaslPrep.prepare("a\u00A0b\u3000c")).contains("a b c");
        assertThat(SaslPrep.prepare("\u0627\u0628")).contains("\u0627\u0628");
        assertThat(SaslPrep.prepare("a\uE000")).isEmpty();
        assertThat(SaslPrep.prepare("a\uD800")).isEmpty();
        assertThat(SaslPrep.prepare("a\u200E")).isEmpty();
        assertThat(SaslPrep.prepare("\uD83D\uDE00")).contains("\uD83D\uDE00");
    }

    @Test
    void derive_prohibitedPassword_usesItUnpreparedInsteadOfFailing() {
        ScramCredential c = ScramCredential.derive("tab\there", RFC_SALT, 4096);

        assertThat(c).isNotEqualTo(ScramCredential.derive("tabhere", RFC_SALT, 4096));
        assertThat(ScramCredential.derive("I\u00ADX", RFC_SALT, 4096)).isEqualTo(ScramCredential.derive("IX", RFC_SALT, 4096));
    }
}
