package org.switchboard.core.auth.sasl;

import org.junit.jupiter.api.Test;

import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SaslMechanismsTest {
    private final RecordingBackend backend = new RecordingBackend();

    @Test
    void create_everyAdvertisedNameInAnyCase_givesThatMechanism() {
        for (String name : SaslMechanisms.ALL) {
            assertThat(SaslMechanisms.create(name.toLowerCase(Locale.ROOT), backend, "mail.example.com").name())
                    .isEqualTo(name);
        }
    }

    @Test
    void create_unknownName_throwsIllegalArgument() {
        assertThatThrownBy(() -> SaslMechanisms.create("DIGEST-MD5", backend, "mail.example.com"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DIGEST-MD5");
        assertThatThrownBy(() -> SaslMechanisms.create(null, backend, "mail.example.com"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void create_cramMd5WithoutFqdn_throwsIllegalArgument() {
        assertThatThrownBy(() -> SaslMechanisms.create("CRAM-MD5", backend, " "))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
