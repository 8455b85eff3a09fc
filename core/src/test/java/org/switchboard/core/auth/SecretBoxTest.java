package org.switchboard.core.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretBoxTest {
    @TempDir
    Path dir;

    @Test
    void seal_open_roundTripsAndUsesFreshNonces() throws Exception {
        SecretBox box = SecretBox.openOrCreate(dir.resolve("secret.key"));

        String a = box.seal("sip digest: Grüße 🔑");
        String b = box.seal("sip digest: Grüße 🔑");

        assertThat(a).isNotEqualTo(b).doesNotContain("Grüße");
        assertThat(box.open(a)).isEqualTo("sip digest: Grüße 🔑");
        assertThat(box.open(box.seal(""))).isEmpty();
    }

    @Test
    void openOrCreate_missingFile_createsMode0600InNewDirectory() throws Exception {
        Path key = dir.resolve("keys/nested/secret.key");

        SecretBox.openOrCreate(key);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        assertThat(Base64.getDecoder().decode(Files.readString(key).strip())).hasSize(32);
        try (var files = Files.list(key.getParent())) {
            assertThat(files).as("no temporary file left behind").containsExactly(key);
        }
    }

    @Test
    void openOrCreate_existingFile_reusesKey() throws Exception {
        Path key = dir.resolve("secret.key");
        String sealed = SecretBox.openOrCreate(key).seal("cram secret");
        String keyText = Files.readString(key);

        SecretBox again = SecretBox.openOrCreate(key);

        assertThat(again.open(sealed)).isEqualTo("cram secret");
        assertThat(Files.readString(key)).isEqualTo(keyText);
    }

    @Test
    void open_underAnotherKey_failsAuthentication() throws Exception {
        String sealed = SecretBox.openOrCreate(dir.resolve("a.key")).seal("x");
        SecretBox other = SecretBox.openOrCreate(dir.resolve("b.key"));

        assertThatThrownBy(() -> other.open(sealed)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("authentication");
    }

    @Test
    void open_tamperedOrMalformed_throwsIllegalArgument() throws Exception {
        SecretBox box = SecretBox.openOrCreate(dir.resolve("secret.key"));
        byte[] raw = Base64.getDecoder().decode(box.seal("secret value"));
        for (int i = 0; i < raw.length; i++) {
            byte[] copy = raw.clone();
            copy[i] ^= 0x01;
            String tampered = Base64.getEncoder().encodeToString(copy);
            assertThatThrownBy(() -> box.open(tampered)).as("bit flip at byte %d", i).isInstanceOf(IllegalArgumentException.class);
        }
        String truncated = Base64.getEncoder().encodeToString(Arrays.copyOf(raw, raw.length - 1));
        for (String bad : new String[] {"", "not base64!", "AQID", truncated, "A".repeat(100_000)}) {
            assertThatThrownBy(() -> box.open(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> box.open(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void openOrCreate_corruptKeyFile_failsWithClearMessage() throws Exception {
        Path key = dir.resolve("secret.key");
        Files.writeString(key, Base64.getEncoder().encodeToString(new byte[16]));

        assertThatThrownBy(() -> SecretBox.openOrCreate(key)).isInstanceOf(IOException.class)
                .hasMessageContaining("256-bit");
        Files.writeString(key, "%%%");
        assertThatThrownBy(() -> SecretBox.openOrCreate(key)).isInstanceOf(IOException.class)
                .hasMessageContaining("base64");
    }
}
